package io.greenplum.mirrors.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.greenplum.mirrors.TestMirrorSets;
import io.greenplum.mirrors.api.MirrorSetStatus;
import io.greenplum.mirrors.api.MirrorStatus;
import io.greenplum.mirrors.catalog.CatalogException;
import io.greenplum.mirrors.model.SegmentMode;
import io.greenplum.mirrors.model.SegmentStatus;
import io.greenplum.mirrors.model.SegmentTools;
import io.greenplum.mirrors.resources.MirrorResources;
import io.greenplum.mirrors.simulation.SimulatedEnvironment;
import io.greenplum.mirrors.simulation.SimulationSpeed;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * Mirrors that fail are recovered (DESIGN.md "Day 2"): a mirror process that dies is marked down
 * right after the FTS grace period (writes wait no longer), restarted on its volume and in sync
 * again once it streams; one whose WAL is gone is copied again under the same dbid; one that cannot
 * start is shown Stalled with its pod's reason.
 */
class RecoveryScenarioTest extends Scenario {
  /** FTS as on a real cluster, scaled: probes every 6 s, grace period 2 s (60 s / 30 s). */
  static final SimulationSpeed FTS_AS_REAL =
      new SimulationSpeed(Duration.ofMillis(100), 6, 3, 60, 20);

  private void startSynchronized(String name, int hosts, int perHost, int maxParallel)
      throws Exception {
    String[] nodes = new String[hosts];
    for (int h = 0; h < hosts; h++) {
      nodes[h] = "sdw" + (h + 1);
    }
    start(
        UnaryOperator.identity(),
        FTS_AS_REAL,
        SegmentTools.GREENPLUM_7,
        SimulatedEnvironment.layout(hosts, perHost),
        nodes);
    var spec = TestMirrorSets.group().maxParallel(maxParallel).build();
    spec.getRecovery().setStallTimeout("3s");
    apply(name, spec);
    awaitPhase(name, "Synchronized");
  }

  @Test
  void aDeadMirrorIsMarkedDownAfterTheGracePeriodThenRestartedOnItsVolume() throws Exception {
    startSynchronized("heal", 2, 2, 4);
    String uid = pod("heal", 1).getMetadata().getUid();
    int dbid = catalogNow().mirrorsByContent().get(1).dbid();

    env.simulation().killMirror(1);
    Instant stopped = env.simulation().mirrorStopped(1);
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(10))
        .until(() -> catalogNow().mirrorsByContent().get(1).status() == SegmentStatus.DOWN);
    Duration blocked = Duration.between(stopped, Instant.now());
    MirrorSetStatus healed =
        awaitStatus(
            "heal",
            s ->
                "Synchronized".equals(s.getPhase())
                    && !pod("heal", 1).getMetadata().getUid().equals(uid));
    Duration recovered = Duration.between(stopped, Instant.now());

    System.out.printf(
        "mirror process died -> marked down (commits on its primary wait this long) in %d ms with"
            + " a 2 s grace period and 6 s probe interval (real: 30 s / 60 s, 65.4 s measured"
            + " without a requested probe); in sync again after %d ms%n",
        blocked.toMillis(), recovered.toMillis());
    assertThat(blocked)
        .as("FTS alone would wait for its next probe")
        .isLessThan(Duration.ofSeconds(6));
    assertThat(catalogNow().mirrorsByContent().get(1).dbid()).isEqualTo(dbid);
    assertThat(env.simulation().copies(1)).as("restarted on its volume, not copied").isEqualTo(1);
    assertThat(healed.getMirrors().get(1).getRecovery()).isNull();
    assertThat(events("MirrorRecoveryStarted"))
        .singleElement()
        .asString()
        .startsWith("Incremental recovery of the mirror of content 1 (dbid " + dbid + ")");
    assertThat(events("MirrorRecovered")).hasSize(1);
    assertThat(env.cluster().emulation().history())
        .contains(
            dbid
                + ": FTS: update role, status, and mode for dbid "
                + dbid
                + " with contentid 1 to m, d, and n",
            dbid
                + ": FTS: update role, status, and mode for dbid "
                + dbid
                + " with contentid 1 to m, u, and s");
  }

  @Test
  void commitsWaitNoLongerThanTheGracePeriodAfterAMirrorPodIsDeleted() throws Exception {
    startSynchronized("window", 2, 2, 4);
    // The node cannot pull the image any more: the pod made again cannot start, so the mirror
    // stays stopped until FTS marks it down (the operator's probe after the grace period).
    env.simulation().imagePullFailsOn(MirrorResources.node(pod("window", 2)));
    Instant deleted = Instant.now();
    env.client()
        .pods()
        .inNamespace(NAMESPACE)
        .withName(pod("window", 2).getMetadata().getName())
        .delete();
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(10))
        // The stop first: read the other way round, a sample taken while the mirror still
        // streamed could pass once the stop came in between (seen under CI load).
        .until(() -> env.simulation().mirrorStopped(2) != null && !commitsWait(2));
    Duration blocked = Duration.between(deleted, Instant.now());

    System.out.printf(
        "mirror pod deleted (and not able to start again) -> commits on its primary stop waiting"
            + " after %d ms with a 2 s grace period and 6 s probe interval (real: 30 s / 60 s,"
            + " 65.4 s measured without a requested probe)%n",
        blocked.toMillis());
    assertThat(blocked).isLessThan(Duration.ofSeconds(2 + 2));
    assertThat(catalogNow().mirrorsByContent().get(2).status()).isEqualTo(SegmentStatus.DOWN);
  }

  /**
   * Commits on the primary of {@code content} wait: the catalog says its mirror is up and in sync
   * (synchronous replication on) but no WAL receiver streams to it.
   */
  private boolean commitsWait(int content) throws Exception {
    var mirror = catalogNow().mirrorsByContent().get(content);
    boolean streams;
    try {
      streams =
          catalog().replication().stream()
              .anyMatch(
                  r ->
                      r.content() == content
                          && r.isMirrorWalReceiver()
                          && "streaming".equals(r.state()));
    } catch (CatalogException e) {
      streams = false;
    }
    return mirror.status() == SegmentStatus.UP
        && mirror.mode() == SegmentMode.SYNCHRONIZED
        && !streams;
  }

  @Test
  void aMirrorWhoseWalWasRemovedIsCopiedAgainUnderTheSameDbid() throws Exception {
    startSynchronized("again", 2, 2, 4);
    int dbid = catalogNow().mirrorsByContent().get(1).dbid();
    List<String> inserted = inserted();

    env.simulation().removeWal(1);
    env.simulation().killMirror(1);
    awaitStatus(
        "again", s -> "Synchronized".equals(s.getPhase()) && events("MirrorRecovered").size() == 1);

    assertThat(events("MirrorRecoveryStarted"))
        .hasSize(2)
        .anySatisfy(m -> assertThat(m).startsWith("Incremental recovery"))
        .anySatisfy(
            m -> assertThat(m).startsWith("Full recovery").contains("WAL it needs was removed"));
    assertThat(env.simulation().copies(1)).as("copied once more, once").isEqualTo(2);
    assertThat(catalogNow().mirrorsByContent().get(1).dbid()).isEqualTo(dbid);
    assertThat(inserted()).as("no catalog function called, as gprecoverseg -F").isEqualTo(inserted);
    var volume =
        volumes("again").stream()
            .filter(v -> v.getMetadata().getName().endsWith("-m1-d" + dbid))
            .findFirst()
            .orElseThrow();
    String token = volume.getMetadata().getAnnotations().get(MirrorResources.COPY_TOKEN);
    assertThat(initMessage(pod("again", 1))).startsWith("copied: dbid=" + dbid + " copy=" + token);
  }

  @Test
  void aMirrorThatCannotStartIsShownStalledWithItsPodsReason() throws Exception {
    startSynchronized("stuck", 2, 2, 4);

    env.simulation().imagePullFailsOn("sdw2");
    env.simulation().killMirror(1);
    MirrorSetStatus stalled =
        awaitStatus("stuck", s -> "Stalled".equals(s.getMirrors().get(1).getState()));

    MirrorStatus row = stalled.getMirrors().get(1);
    assertThat(row.getMessage())
        .contains("pod stuck-m1 waits: ImagePullBackOff: Back-off pulling image \"greenplum:7\"");
    assertThat(stalled.getPhase()).isEqualTo("Degraded");
    assertThat(events("MirrorStalled")).isNotEmpty();
  }

  @Test
  void sixteenMirrorsRecoverIncrementallyThenFully() throws Exception {
    startSynchronized("all", 4, 4, 16);

    Instant incremental = Instant.now();
    for (int c = 0; c < 16; c++) {
      env.simulation().killMirror(c);
    }
    awaitRecovered("all", 16);
    Duration incrementalTook = Duration.between(incremental, Instant.now());

    Instant full = Instant.now();
    for (int c = 0; c < 16; c++) {
      env.simulation().removeWal(c);
      env.simulation().killMirror(c);
    }
    awaitRecovered("all", 32);
    Duration fullTook = Duration.between(full, Instant.now());

    System.out.printf(
        "16 mirrors killed -> all in sync again: incremental %.1f s, full (WAL removed) %.1f s"
            + " (simulation: copies of 0.6 s, grace 2 s, maxParallel 16)%n",
        incrementalTook.toMillis() / 1000.0, fullTook.toMillis() / 1000.0);
    for (int c = 0; c < 16; c++) {
      assertThat(env.simulation().copies(c)).isEqualTo(2);
    }
  }

  private void awaitRecovered(String name, int recoveredEvents) {
    await()
        .atMost(Duration.ofSeconds(120))
        .pollInterval(Duration.ofMillis(50))
        .until(
            () ->
                events("MirrorRecovered").size() >= recoveredEvents
                    && "Synchronized".equals(status(name).getPhase()));
  }

  private List<String> inserted() throws Exception {
    return env.cluster().emulation().history().stream()
        .filter(h -> h.contains("inserted"))
        .toList();
  }
}
