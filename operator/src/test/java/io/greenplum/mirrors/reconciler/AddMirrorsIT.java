package io.greenplum.mirrors.reconciler;

import static io.greenplum.mirrors.reconciler.TestKubernetes.NAMESPACE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.greenplum.mirrors.TestClusters;
import io.greenplum.mirrors.TestMirrorSets;
import io.greenplum.mirrors.api.MirrorSet;
import io.greenplum.mirrors.api.MirrorSetStatus;
import io.greenplum.mirrors.emulation.EmbeddedGreenplum;
import io.greenplum.mirrors.emulation.WalSender;
import io.greenplum.mirrors.model.Segment;
import io.greenplum.mirrors.model.SegmentConfiguration;
import io.greenplum.mirrors.resources.Labels;
import io.greenplum.mirrors.resources.MirrorResources;
import io.greenplum.mirrors.status.Conditions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The real operator (JOSDK started) against the Fabric8 mock API server in CRUD mode and the
 * Greenplum 7 catalog emulation: 4 hosts x 4 primaries get their 16 mirrors.
 */
@EnableKubernetesMockClient(crud = true)
class AddMirrorsIT {
  @RegisterExtension static final EmbeddedGreenplum GP = EmbeddedGreenplum.gp7();
  static final int MAX_PARALLEL = 3;

  KubernetesClient client;
  KubernetesMockServer server;
  private OperatorRuntime operator;
  private PreflightKubelet kubelet;

  @BeforeEach
  void start() throws Exception {
    TestKubernetes.prepare(client, GP.password(), "sdw1", "sdw2", "sdw3", "sdw4", "sdw5");
    kubelet = PreflightKubelet.start(client);
    operator =
        OperatorRuntime.start(
            client,
            OperatorRuntime.Options.defaults()
                .withIntervals(Duration.ofMillis(300), Duration.ofSeconds(2)));
  }

  @AfterEach
  void stop() {
    operator.close();
    kubelet.close();
  }

  @ParameterizedTest
  @ValueSource(strings = {"Group", "Spread"})
  void addsSixteenMirrorsAndReportsThemSynchronized(String strategy) throws Exception {
    SegmentConfiguration cluster = GP.load(TestClusters.gp7(4, 4));
    TestMirrorSets spec =
        strategy.equals("Group")
            ? TestMirrorSets.group()
            : TestMirrorSets.spread().hosts("sdw1", "sdw2", "sdw3", "sdw4", "sdw5");
    Instant created = Instant.now();
    client
        .resource(
            TestMirrorSetResources.mirrorSet(
                "prod", spec.maxParallel(MAX_PARALLEL).build(), GP.coordinatorSpec()))
        .create();

    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> GP.catalog().segmentConfiguration().mirrors().size() == 16);
    Duration toRegistered = Duration.between(created, Instant.now());
    SegmentConfiguration registered = GP.catalog().segmentConfiguration();
    assertThat(GP.emulation().history())
        .as("16 registrations and the MirrorSet's claim of the cluster")
        .hasSize(17)
        .filteredOn(h -> h.contains(io.greenplum.mirrors.diff.ClusterClaim.PREFIX))
        .singleElement()
        .asString()
        .startsWith("1: ");
    await().atMost(Duration.ofSeconds(10)).until(() -> pods().size() == MAX_PARALLEL);
    MirrorSetStatus progressing =
        await()
            .atMost(Duration.ofSeconds(10))
            .until(
                () -> status(),
                s ->
                    s != null
                        && s.getMirrors().size() == 16
                        && "Provisioning".equals(s.getPhase()));
    assertThat(Conditions.find(progressing.getConditions(), Conditions.PROGRESSING).getStatus())
        .isEqualTo("True");

    int maxCopying = 0;
    while (pods().size() < 16 || pods().stream().anyMatch(p -> !TestKubernetes.isRunning(p))) {
      List<Pod> copying = pods().stream().filter(p -> !TestKubernetes.isRunning(p)).toList();
      maxCopying = Math.max(maxCopying, copying.size());
      copying.forEach(p -> TestKubernetes.run(client, p));
      int before = pods().size();
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> pods().size() > before || pods().size() == 16);
    }
    assertThat(maxCopying).isEqualTo(MAX_PARALLEL);
    for (Pod pod : pods()) {
      assertPodMatchesCatalog(pod, registered, cluster);
    }

    for (Segment mirror : registered.mirrors()) {
      GP.emulation()
          .walSender(
              mirror.content(),
              WalSender.mirror("streaming", "0/5000000", "0/5000000", "0/5000000", "0/5000000"));
    }
    MirrorSetStatus done =
        await()
            .atMost(Duration.ofSeconds(20))
            .until(() -> status(), s -> s != null && "Synchronized".equals(s.getPhase()));
    assertThat(done.getDesired()).isEqualTo(16);
    assertThat(done.getReady()).isEqualTo(16);
    assertThat(done.getSynchronizedCount()).isEqualTo(16);
    assertThat(done.getProgress()).isEqualTo(100);
    assertThat(Conditions.find(done.getConditions(), Conditions.READY).getStatus())
        .isEqualTo("True");
    assertThat(Conditions.find(done.getConditions(), Conditions.SYNCHRONIZED).getStatus())
        .isEqualTo("True");
    assertThat(done.getMirrors())
        .allSatisfy(m -> assertThat(m.getState()).isEqualTo("Synchronized"));
    assertThat(client.persistentVolumeClaims().inNamespace(NAMESPACE).list().getItems())
        .hasSize(16);
    reportWrites(
        strategy,
        toRegistered,
        (int) registered.mirrors().stream().map(Segment::hostname).distinct().count());
  }

  /** Counts the operator's API writes (the test's own pod status updates excluded). */
  private void reportWrites(String strategy, Duration toRegistered, int mirrorHosts)
      throws Exception {
    List<String> writes = TestKubernetes.writes(TestKubernetes.drainRequests(server));
    long podCreates = writes.stream().filter(w -> w.matches("POST .*/pods(\\?.*)?")).count();
    long claimCreates =
        writes.stream().filter(w -> w.matches("POST .*/persistentvolumeclaims(\\?.*)?")).count();
    long statusPatches =
        writes.stream().filter(w -> w.matches("PATCH .*/mirrorsets/prod/status.*")).count();
    // 16 mirror pods and one preflight pod per mirror host, deleted once all passed
    assertThat(podCreates).isEqualTo(16 + mirrorHosts);
    assertThat(writes.stream().filter(w -> w.matches("DELETE .*/pods/prod-preflight-.*")))
        .hasSize(mirrorHosts);
    assertThat(claimCreates).isEqualTo(16);
    System.out.printf(
        "%s: create -> all 16 registered in %d ms (preflight included); operator API writes: %d"
            + " pod creates (%d of them preflight pods), %d PVC creates, %d status patches (%.1f"
            + " writes per mirror)%n",
        strategy,
        toRegistered.toMillis(),
        podCreates,
        mirrorHosts,
        claimCreates,
        statusPatches,
        (podCreates + claimCreates + statusPatches) / 16.0);
  }

  private void assertPodMatchesCatalog(
      Pod pod, SegmentConfiguration registered, SegmentConfiguration cluster) {
    Map<String, String> labels = pod.getMetadata().getLabels();
    int content = Integer.parseInt(labels.get(Labels.CONTENT));
    Segment row = registered.mirrorsByContent().get(content);
    List<String> args = pod.getSpec().getInitContainers().get(0).getArgs();
    int dbidAt = args.indexOf("--target-gp-dbid");
    assertThat(args.get(dbidAt + 1)).isEqualTo(String.valueOf(row.dbid()));
    assertThat(labels.get(Labels.DBID)).isEqualTo(String.valueOf(row.dbid()));
    assertThat(MirrorResources.node(pod)).isEqualTo(row.hostname());
    assertThat(row.hostname()).isNotEqualTo(cluster.primariesByContent().get(content).hostname());
    assertThat(pod.getSpec().getContainers().get(0).getCommand())
        .containsExactly(
            "postgres",
            "-D",
            row.dataDirectory(),
            "-p",
            String.valueOf(row.port()),
            "-c",
            "gp_role=execute");
  }

  private List<Pod> pods() {
    return TestKubernetes.mirrorPods(client);
  }

  private MirrorSetStatus status() {
    MirrorSet ms = client.resources(MirrorSet.class).inNamespace(NAMESPACE).withName("prod").get();
    return ms == null ? null : ms.getStatus();
  }
}
