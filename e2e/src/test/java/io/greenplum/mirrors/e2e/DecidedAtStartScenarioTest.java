package io.greenplum.mirrors.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.greenplum.mirrors.TestMirrorSets;
import io.greenplum.mirrors.api.Annotations;
import io.greenplum.mirrors.api.MirrorSetSpec;
import io.greenplum.mirrors.api.MirrorStatus;
import io.greenplum.mirrors.api.RecoveryMode;
import io.greenplum.mirrors.api.RecoverySpec;
import io.greenplum.mirrors.model.Role;
import io.greenplum.mirrors.model.Segment;
import io.greenplum.mirrors.model.SegmentStatus;
import io.greenplum.mirrors.resources.Labels;
import io.greenplum.mirrors.resources.MirrorResources;
import io.greenplum.mirrors.simulation.SimulatedEnvironment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * A data directory's fate is decided when its container starts, from the facts at that moment
 * (operator-day2-on-real-cluster.txt section 10): a node reboot runs the init container again with
 * the arguments the pod was made with, long after the catalog changed; a double failure leaves a
 * content with one copy of its data; a rewind or a wipe is cut off half way. On 2 hosts x 2
 * primaries (Group: the mirrors of contents 0 and 1 run on node sdw2), with a sampler at 20 ms that
 * fails on any moment with two primaries of one content.
 */
class DecidedAtStartScenarioTest extends Scenario {

  @Test
  void aRebootAfterAFailoverStartsTheActingPrimaryAndNeverRewindsItOntoAnOldPrimary()
      throws Exception {
    startGroup("boot", TestMirrorSets.group().build());
    try (PrimarySampler sampler = new PrimarySampler(env.simulation())) {
      int ours = failOver("boot", 0);
      // The operator away, as during a double failure (it cannot read the catalog then): the pod
      // alone decides, with the pre-failover arguments it was made with (--acting-primary false).
      env.stopOperator();
      env.simulation().rebootNode("sdw2");
      awaitPrimaries(0, ours);
      assertThat(env.simulation().log("boot-m0")).contains("acts as primary");

      // The old primary is started by hand (a standalone primary on timeline 1) while the node is
      // down: our directory (timeline 2) is neither rewound onto it nor started beside it.
      Map<String, String> before = files(env.simulation().dataDirectory(0));
      env.simulation().nodeDown("sdw2");
      env.simulation().startOldPrimaryByHand(0);
      env.simulation().nodeUp("sdw2");
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> env.simulation().log("boot-m0").contains("not newer"));
      assertThat(files(env.simulation().dataDirectory(0)))
          .as("the acting primary's directory, byte for byte")
          .isEqualTo(before);
      env.startOperator();
      MirrorStatus shown =
          awaitStatus("boot", s -> message(s.getMirrors().get(0)).contains("not newer"))
              .getMirrors()
              .get(0);
      assertThat(shown.getMessage()).contains("does not start it", "timeline 2");

      // The DBA stops it and recovers it as the mirror it is (gprecoverseg -a).
      env.simulation().stopOldPrimaryByHand(0);
      awaitPrimaries(0, ours);
      env.simulation().recoverOldPrimary(0);
      awaitAllPairsInSync();
      assertThat(env.simulation().rewinds(0)).isZero();
      assertThat(env.simulation().copies(0)).isEqualTo(1);
      sampler.assertNeverTwoPrimaries();
    }
  }

  @Test
  void aRebootAfterFtsFailedBackRewindsTheOldActingPrimaryAndNeverStartsASecondPrimary()
      throws Exception {
    startGroup("back", TestMirrorSets.group().build());
    try (PrimarySampler sampler = new PrimarySampler(env.simulation())) {
      int ours = failOver("back", 0);
      env.simulation().recoverOldPrimary(0);
      awaitAllPairsInSync();
      // The pod's arguments and its recorded role both say "acts as primary"; then its node goes
      // and FTS promotes the old primary, in sync, while the operator is away.
      env.stopOperator();
      env.simulation().nodeDown("sdw2");
      await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () ->
                  catalogNow().segments().stream()
                      .anyMatch(s -> s.dbid() == ours && s.role() == Role.MIRROR));
      env.simulation().nodeUp("sdw2");
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> env.simulation().log("back-m0").contains("rewound: dbid=" + ours));
      env.startOperator();
      awaitAllPairsInSync();
      for (Segment s : catalogNow().segments()) {
        assertThat(s.role()).as("dbid %d", s.dbid()).isEqualTo(s.preferredRole());
      }
      assertThat(env.simulation().rewinds(0)).isEqualTo(1);
      assertThat(env.simulation().copies(0)).isEqualTo(1);
      sampler.assertNeverTwoPrimaries();
    }
  }

  @Test
  void aFullCopyAskedDuringADoubleFailureKeepsTheOnlyCopyUntilThePrimaryAnswers() throws Exception {
    MirrorSetSpec spec = TestMirrorSets.group().build();
    spec.setRecovery(new RecoverySpec());
    spec.getRecovery().setMode(RecoveryMode.Full);
    startGroup("twice", spec);
    try (PrimarySampler sampler = new PrimarySampler(env.simulation())) {
      // The mirror of content 1 dies, and its node goes down before anything runs there again.
      env.simulation().killMirror(1);
      env.simulation().nodeDown("sdw2");
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> catalogNow().mirrorsByContent().get(1).status() == SegmentStatus.DOWN);
      // The operator asks for a full copy (recovery.mode Full): the volume gets a new token and
      // the pod is made again, but it cannot start while its node is down.
      await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () ->
                  volumes("twice").stream()
                      .filter(v -> "1".equals(v.getMetadata().getLabels().get(Labels.CONTENT)))
                      .anyMatch(
                          v ->
                              v.getMetadata().getAnnotations() != null
                                  && v.getMetadata()
                                      .getAnnotations()
                                      .containsKey(MirrorResources.COPY_TOKEN)));
      // Then the primary's host goes too: FTS cannot fail over, the catalog keeps p/n/u and
      // m/n/d; during such a double failure the operator cannot even read the catalog.
      env.simulation().failPrimary(1);
      Map<String, String> before = files(env.simulation().dataDirectory(1));
      assertThat(before).containsKey("PG_VERSION");
      env.simulation().nodeUp("sdw2");
      MirrorStatus waiting =
          awaitStatus(
                  "twice",
                  s -> message(s.getMirrors().get(1)).contains("does not answer a replication"))
              .getMirrors()
              .get(1);
      assertThat(waiting.getMessage()).contains("touched nothing", "Connection refused");
      assertThat(files(env.simulation().dataDirectory(1)))
          .as("the only copy of content 1 that still runs nowhere, byte for byte")
          .isEqualTo(before);

      env.simulation().restartPrimary(1);
      awaitAllPairsInSync();
      awaitPhase("twice", "Synchronized");
      assertThat(env.simulation().copies(1)).as("copied again once it could").isEqualTo(2);
      sampler.assertNeverTwoPrimaries();
    }
  }

  @Test
  void aRewindCutOffHalfWayIsCopiedInFullFromTheLivePrimaryNotRewoundAgain() throws Exception {
    startGroup("cut", TestMirrorSets.group().build());
    try (PrimarySampler sampler = new PrimarySampler(env.simulation())) {
      failOver("cut", 0);
      env.simulation().recoverOldPrimary(0);
      awaitAllPairsInSync();
      env.simulation().faults().slowRewinds(Duration.ofSeconds(3));
      requestRebalance("cut", "now");
      await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> env.simulation().log("cut-m0").contains("rewinding from last common"));
      env.simulation().rebootNode("sdw2");
      awaitAllPairsInSync();
      awaitPhase("cut", "Synchronized");
      for (Segment s : catalogNow().segments()) {
        assertThat(s.role()).as("dbid %d", s.dbid()).isEqualTo(s.preferredRole());
      }
      assertThat(initMessage(pod("cut", 0)))
          .startsWith("copied: ")
          .contains("a rewind began (source=");
      assertThat(env.simulation().rewinds(0)).as("no second rewind of the same target").isZero();
      assertThat(env.simulation().copies(0)).isEqualTo(2);
      assertThat(env.simulation().startsOnIncompleteDirectories()).isEmpty();
      sampler.assertNeverTwoPrimaries();
    }
  }

  @Test
  void aWipeCutOffHalfWayIsFinishedAndNeverTakenForAPrimary() throws Exception {
    MirrorSetSpec spec = TestMirrorSets.group().build();
    spec.setRecovery(new RecoverySpec());
    spec.getRecovery().setMode(RecoveryMode.Full);
    startGroup("wipe", spec);
    try (PrimarySampler sampler = new PrimarySampler(env.simulation())) {
      env.simulation().faults().slowDeletes(Duration.ofMillis(150));
      env.simulation().killMirror(1);
      await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> env.simulation().log("wipe-m1").contains("gpmirrors: wiping"));
      Thread.sleep(600);
      env.simulation().rebootNode("sdw2");
      awaitAllPairsInSync();
      awaitPhase("wipe", "Synchronized");
      assertThat(initMessage(pod("wipe", 1))).startsWith("copied: ");
      assertThat(env.simulation().log("wipe-m1")).doesNotContain("promoted:");
      try (Stream<Path> left = Files.list(env.simulation().dataDirectory(1).getParent())) {
        assertThat(left.map(p -> p.getFileName().toString()))
            .as("nothing left aside")
            .noneMatch(n -> n.endsWith(".wiping"));
      }
      assertThat(env.simulation().startsOnIncompleteDirectories()).isEmpty();
      sampler.assertNeverTwoPrimaries();
    }
  }

  // --- steps ---

  private void startGroup(String name, MirrorSetSpec spec) throws Exception {
    start(SimulatedEnvironment.layout(2, 2), "sdw1", "sdw2");
    apply(name, spec);
    awaitPhase(name, "Synchronized");
  }

  /**
   * The primary of {@code content} fails; FTS promotes our mirror; the operator records its role on
   * the pod. Returns our dbid.
   */
  private int failOver(String name, int content) throws Exception {
    env.simulation().failPrimary(content);
    awaitStatus(name, s -> "ActingAsPrimary".equals(s.getMirrors().get(content).getState()));
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                "primary"
                    .equals(
                        pod(name, content).getMetadata().getAnnotations().get(Annotations.ROLE)));
    int ours = Integer.parseInt(pod(name, content).getMetadata().getLabels().get(Labels.DBID));
    awaitPrimaries(content, ours);
    return ours;
  }

  private void awaitPrimaries(int content, int dbid) {
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> List.of(dbid).equals(env.simulation().runningPrimaries().get(content)));
  }

  private static String message(MirrorStatus row) {
    return row.getMessage() == null ? "" : row.getMessage();
  }

  /** Every file of a data directory with its content. */
  private static Map<String, String> files(Path dir) throws IOException {
    Map<String, String> all = new TreeMap<>();
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.filter(Files::isRegularFile).toList()) {
        all.put(dir.relativize(p).toString(), Files.readString(p));
      }
    }
    return all;
  }
}
