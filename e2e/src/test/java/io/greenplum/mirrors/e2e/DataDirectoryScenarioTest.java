package io.greenplum.mirrors.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Pod;
import io.greenplum.mirrors.TestMirrorSets;
import io.greenplum.mirrors.api.MirrorSetStatus;
import io.greenplum.mirrors.diff.BaseBackupLog;
import io.greenplum.mirrors.model.Role;
import io.greenplum.mirrors.model.Segment;
import io.greenplum.mirrors.model.SegmentConfiguration;
import io.greenplum.mirrors.model.SegmentMode;
import io.greenplum.mirrors.model.SegmentStatus;
import io.greenplum.mirrors.model.SegmentTools;
import io.greenplum.mirrors.resources.Names;
import io.greenplum.mirrors.simulation.SimulatedEnvironment;
import io.greenplum.mirrors.simulation.SimulationSpeed;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * A data directory is used only when it is a complete copy of its own dbid: a copy killed half way
 * is copied again (never started on), and mirrors registered again under new dbids get new volumes.
 */
class DataDirectoryScenarioTest extends Scenario {
  /** Base backups of 3 s: time to catch one half way. */
  private static final SimulationSpeed SLOW_COPIES =
      new SimulationSpeed(Duration.ofMillis(100), 30, 3, 10, 12);

  @Test
  void aCopyKilledHalfWayIsCopiedAgainAndNeverStarted() throws Exception {
    start(
        UnaryOperator.identity(),
        SLOW_COPIES,
        SegmentTools.GREENPLUM_7,
        SimulatedEnvironment.layout(2, 2),
        "sdw1",
        "sdw2");
    apply("cut", TestMirrorSets.group().build());
    String pod = Names.mirror("cut", 1);
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(20))
        .until(
            () -> BaseBackupLog.parse(env.simulation().log(pod)).percent(),
            p -> p != null && p >= 40 && p < 80);

    env.client().pods().inNamespace(NAMESPACE).withName(pod).delete();
    MirrorSetStatus done = awaitPhase("cut", "Synchronized");

    assertThat(env.simulation().copies(1))
        .as("content 1: the killed copy and the new one")
        .isEqualTo(2);
    for (int content : List.of(0, 2, 3)) {
      assertThat(env.simulation().copies(content)).isEqualTo(1);
    }
    assertThat(env.simulation().startsOnIncompleteDirectories()).isEmpty();
    assertThat(initMessage(pod))
        .startsWith("copied: dbid=7 (29169 kB; wiped first: no completion marker");
    assertThat(done.getSynchronizedCount()).isEqualTo(4);
    assertThat(catalogNow().mirrorsByContent().get(1).dbid()).isEqualTo(7);
  }

  @Test
  void mirrorsRegisteredAgainUnderNewDbidsGetNewVolumes() throws Exception {
    start(SimulatedEnvironment.layout(2, 2), "sdw1", "sdw2");
    apply("again", TestMirrorSets.group().build());
    awaitPhase("again", "Synchronized");
    List<String> oldVolumes =
        volumes("again").stream().map(v -> v.getMetadata().getName()).sorted().toList();
    assertThat(oldVolumes)
        .containsExactly("again-m0-d6", "again-m1-d7", "again-m2-d8", "again-m3-d9");

    // The DBA removes the mirrors by hand (the operator suspended) and adds a standby
    // coordinator, which takes dbid 10: registering again gives 11 to 14.
    edit("again", s -> s.setSuspend(true));
    awaitPhase("again", "Suspended");
    pods("again").forEach(p -> env.client().resource(p).delete());
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> catalogNow().mirrors().stream().allMatch(m -> m.status() == SegmentStatus.DOWN));
    env.cluster().emulation().removeMirrorRowsAtOnce();
    env.cluster()
        .emulation()
        .load(new SegmentConfiguration(catalogNow().family(), List.of(standby())));
    edit("again", s -> s.setSuspend(false));
    MirrorSetStatus done =
        awaitStatus(
            "again",
            s ->
                "Synchronized".equals(s.getPhase())
                    && Objects.equals(s.getMirrors().get(0).getDbid(), 11));

    assertThat(catalogNow().mirrors()).extracting(Segment::dbid).containsExactly(11, 12, 13, 14);
    assertThat(pods("again"))
        .extracting(DataDirectoryScenarioTest::claim)
        .containsExactlyInAnyOrder("again-m0-d11", "again-m1-d12", "again-m2-d13", "again-m3-d14");
    assertThat(done.getStaleVolumes())
        .as("old volumes kept, reported, never mounted")
        .isEqualTo(oldVolumes);
    assertThat(volumes("again")).hasSize(8);
    for (int content = 0; content < 4; content++) {
      assertThat(env.simulation().copies(content)).as("one copy per registration").isEqualTo(2);
    }
  }

  private static Segment standby() {
    return new Segment(
        10,
        -1,
        Role.MIRROR,
        Role.MIRROR,
        SegmentMode.SYNCHRONIZED,
        SegmentStatus.UP,
        5432,
        "smdw",
        "smdw",
        "/data/coordinator/gpseg-1",
        null);
  }

  private static String claim(Pod pod) {
    return pod.getSpec().getVolumes().stream()
        .filter(v -> v.getPersistentVolumeClaim() != null)
        .findFirst()
        .orElseThrow()
        .getPersistentVolumeClaim()
        .getClaimName();
  }

  private String initMessage(String pod) {
    Pod p = env.client().pods().inNamespace(NAMESPACE).withName(pod).get();
    return p.getStatus().getInitContainerStatuses().get(0).getState().getTerminated().getMessage();
  }
}
