package io.greenplum.mirrors.reconciler;

import static io.greenplum.mirrors.reconciler.TestKubernetes.NAMESPACE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.greenplum.mirrors.TestClusters;
import io.greenplum.mirrors.TestMirrorSets;
import io.greenplum.mirrors.emulation.EmbeddedGreenplum;
import io.greenplum.mirrors.resources.Names;
import io.greenplum.mirrors.simulation.SimulatedEnvironment;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two replicas, as the Deployment runs them: one holds the Lease and reconciles, the other waits;
 * when the leader stops, it gives the Lease up and the other takes it and carries on.
 */
@EnableKubernetesMockClient(crud = true)
class LeaderElectionIT {
  @RegisterExtension static final EmbeddedGreenplum GP = EmbeddedGreenplum.gp7();
  KubernetesClient client;
  KubernetesMockServer server;

  @Test
  void oneReplicaLeadsAndTheOtherTakesOverWhenItStops() throws Exception {
    GP.load(TestClusters.gp7(2, 2));
    TestKubernetes.prepare(client, GP.password(), "sdw1", "sdw2");
    SimulatedEnvironment.answerLeaseReviews(server);

    OperatorRuntime first = replica("replica-a");
    PreflightKubelet kubelet = PreflightKubelet.start(client);
    await().atMost(Duration.ofSeconds(20)).until(() -> "replica-a".equals(holder()));
    try (OperatorRuntime second = replica("replica-b")) {
      client
          .resource(
              TestMirrorSetResources.mirrorSet(
                  "elected", TestMirrorSets.group().build(), GP.coordinatorSpec()))
          .create();
      await()
          .atMost(Duration.ofSeconds(20))
          .until(() -> TestKubernetes.mirrorPods(client).size() == 4);
      assertThat(holder()).isEqualTo("replica-a");
      assertThat(reasons())
          .as("registered once, by the leader")
          .containsOnlyOnce("MirrorsRegistered");
      assertThat(TestKubernetes.podsCreated(client)).as("each pod made once").isEqualTo(4);

      long stopped = System.nanoTime();
      first.close();
      assertThat(holder()).as("the stopped leader gave the Lease up").isNotEqualTo("replica-a");
      await().atMost(Duration.ofSeconds(45)).until(() -> "replica-b".equals(holder()));
      System.out.printf(
          "leader stopped -> standby holds the Lease in %.1f s%n",
          (System.nanoTime() - stopped) / 1e9);
      client.pods().inNamespace(NAMESPACE).withName(Names.mirror("elected", 0)).delete();
      await().atMost(Duration.ofSeconds(20)).until(() -> TestKubernetes.podsCreated(client) == 5);
      assertThat(client.pods().inNamespace(NAMESPACE).withName(Names.mirror("elected", 0)).get())
          .as("the new leader recreated the deleted pod")
          .isNotNull();
      assertThat(reasons()).containsOnlyOnce("MirrorsRegistered");
    } finally {
      first.close();
      kubelet.close();
    }
  }

  private OperatorRuntime replica(String identity) {
    return OperatorRuntime.start(
        client,
        OperatorRuntime.Options.defaults()
            .withNamespaces(java.util.Set.of(NAMESPACE))
            .withIntervals(Duration.ofMillis(200), Duration.ofMillis(500))
            .withLeaderElection(new OperatorRuntime.LeaderElection(NAMESPACE, identity)));
  }

  private String holder() {
    return TestKubernetes.leaseHolder(client);
  }

  private List<String> reasons() {
    return TestKubernetes.eventReasons(client);
  }
}
