package io.greenplum.mirrors.reconciler;

import static io.greenplum.mirrors.reconciler.TestKubernetes.NAMESPACE;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.greenplum.mirrors.TestMirrorSets;
import io.greenplum.mirrors.api.MirrorSet;
import io.greenplum.mirrors.api.MirrorSetSpec;
import io.greenplum.mirrors.api.MirrorSetStatus;
import io.greenplum.mirrors.emulation.EmbeddedGreenplum;
import io.greenplum.mirrors.resources.Labels;
import io.greenplum.mirrors.status.Conditions;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;

/** Shared steps of operator tests: start, apply a MirrorSet, wait for its status. */
abstract class OperatorTestBase {
  KubernetesClient client;
  KubernetesMockServer server;
  OperatorRuntime operator;
  PreflightKubelet kubelet;

  void startOperator(String... nodes) throws Exception {
    startOperator(
        OperatorRuntime.Options.defaults()
            .withIntervals(Duration.ofMillis(200), Duration.ofMillis(200)),
        nodes);
  }

  void startOperator(OperatorRuntime.Options options, String... nodes) throws Exception {
    TestKubernetes.prepare(client, gp().password(), nodes);
    kubelet = PreflightKubelet.start(client);
    operator = OperatorRuntime.start(client, options);
  }

  abstract EmbeddedGreenplum gp();

  /**
   * A Group MirrorSet for the one-host "vm" cluster of the gp7-real fixtures (3 primaries), its
   * mirror ports the primaries' plus {@code offset}, in the fixtures' mirror locations.
   */
  static MirrorSetSpec vmMirrors(int offset) {
    return TestMirrorSets.group()
        .allowSameHost()
        .offset(offset)
        .dataDirectories(
            "/data/gpdemo/dbfast_mirror1",
            "/data/gpdemo/dbfast_mirror2",
            "/data/gpdemo/dbfast_mirror3")
        .build();
  }

  @AfterEach
  void stopOperatorAndKubelet() {
    if (operator != null) {
      operator.close();
      operator = null;
    }
    if (kubelet != null) {
      kubelet.close();
    }
  }

  void apply(String name, MirrorSetSpec spec) {
    client.resource(TestMirrorSetResources.mirrorSet(name, spec, gp().coordinatorSpec())).create();
  }

  MirrorSetStatus awaitStatus(String name, Predicate<MirrorSetStatus> done) {
    return await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> status(name), s -> s != null && done.test(s));
  }

  MirrorSetStatus status(String name) {
    MirrorSet ms = client.resources(MirrorSet.class).inNamespace(NAMESPACE).withName(name).get();
    return ms == null ? null : ms.getStatus();
  }

  static Condition condition(MirrorSetStatus status, String type) {
    return Conditions.find(status.getConditions(), type);
  }

  static Predicate<MirrorSetStatus> conditionIs(String type, String value, String reason) {
    return s -> {
      Condition c = Conditions.find(s.getConditions(), type);
      return c != null && value.equals(c.getStatus()) && reason.equals(c.getReason());
    };
  }

  List<Pod> pods(String name) {
    return client
        .pods()
        .inNamespace(NAMESPACE)
        .withLabel(Labels.MIRROR_SET, name)
        .list()
        .getItems();
  }

  int volumes() {
    return client.persistentVolumeClaims().inNamespace(NAMESPACE).list().getItems().size();
  }
}
