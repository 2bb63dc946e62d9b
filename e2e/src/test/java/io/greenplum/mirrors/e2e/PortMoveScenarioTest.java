package io.greenplum.mirrors.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.greenplum.mirrors.TestMirrorSets;
import io.greenplum.mirrors.api.Annotations;
import io.greenplum.mirrors.api.MirrorSetStatus;
import io.greenplum.mirrors.model.Segment;
import io.greenplum.mirrors.model.SegmentConfiguration;
import io.greenplum.mirrors.model.SegmentMode;
import io.greenplum.mirrors.model.SegmentStatus;
import io.greenplum.mirrors.plan.MirrorLocation;
import io.greenplum.mirrors.simulation.SimulatedEnvironment;
import io.greenplum.mirrors.status.Conditions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * {@code ports.offset} 1000 to 1500 on 2 hosts x 2 primaries, moveApproval Manual (the default):
 * the moves are listed and wait, an approval of an earlier generation starts nothing; approved,
 * each mirror moves to its new port on its own host and directory, one at a time, started on the
 * volume it had: no preflight, no new claim, no copy (each content is copied once, when first
 * added).
 */
class PortMoveScenarioTest extends Scenario {

  @Test
  void approvedPortChangesRestartEachMirrorOnItsVolumeAndCopyNothing() throws Exception {
    start(SimulatedEnvironment.layout(2, 2), "sdw1", "sdw2");
    apply("ports", TestMirrorSets.group().build());
    awaitPhase("ports", "Synchronized");
    SegmentConfiguration before = catalogNow();
    List<String> claims = names(volumes("ports"));
    AtomicBoolean preflight = new AtomicBoolean();

    edit("ports", s -> s.getPorts().setOffset(1500));
    long generation = mirrorSet("ports").getMetadata().getGeneration();
    MirrorSetStatus listed =
        awaitStatus("ports", s -> "AwaitingApproval".equals(s.getPhase()) && s.getMoves() != null);
    assertThat(listed.getMoves())
        .hasSize(4)
        .allMatch(m -> m.endsWith(" (only the port changes: nothing copied)"));
    assertCopySizesRecorded("ports");
    assertThat(Conditions.find(listed.getConditions(), Conditions.PROGRESSING).getMessage())
        .contains("greenplum.io/approve-moves=" + generation);
    List<String> uids = uids();
    approveMoves("ports", generation - 1);
    Thread.sleep(3000);
    assertThat(uids()).as("no pod stopped before the approval").isEqualTo(uids);
    assertThat(events("MirrorMoveStarted")).isEmpty();
    assertThat(status("ports").getPhase()).isEqualTo("AwaitingApproval");

    Instant edited = Instant.now();
    approveMoves("ports", generation);
    MirrorSetStatus done =
        awaitStatus(
            "ports",
            s -> {
              if (!preflightPods("ports").isEmpty()) {
                preflight.set(true);
              }
              return "Synchronized".equals(s.getPhase())
                  && s.getMoves() == null
                  && events("MirrorMoved").size() == 4;
            });
    Duration took = Duration.between(edited, Instant.now());

    SegmentConfiguration after = catalogNow();
    for (Segment m : after.mirrors()) {
      Segment was = before.mirrorsByContent().get(m.content());
      Segment primary = after.primariesByContent().get(m.content());
      assertThat(m.dbid()).isEqualTo(was.dbid());
      assertThat(m.port()).isEqualTo(primary.port() + 1500);
      assertThat(m.hostname()).isEqualTo(was.hostname());
      assertThat(m.dataDirectory()).isEqualTo(was.dataDirectory());
      assertThat(m.mode()).isEqualTo(SegmentMode.SYNCHRONIZED);
      assertThat(m.status()).isEqualTo(SegmentStatus.UP);
      assertThat(env.simulation().copies(m.content()))
          .as("content %d copied once, when added", m.content())
          .isEqualTo(1);
      Pod pod = pod("ports", m.content());
      assertThat(pod.getSpec().getContainers().get(0).getCommand())
          .containsSubsequence("-p", String.valueOf(m.port()));
      assertThat(initMessage(pod)).startsWith("kept: complete copy");
    }
    List<PersistentVolumeClaim> now = volumes("ports");
    assertThat(names(now)).as("no claim made, none retired").isEqualTo(claims);
    assertThat(done.getStaleVolumes()).isNull();
    for (PersistentVolumeClaim claim : now) {
      int content =
          Integer.parseInt(claim.getMetadata().getName().replaceAll(".*-m(\\d+)-.*", "$1"));
      assertThat(claim.getMetadata().getAnnotations())
          .containsEntry(
              Annotations.LOCATION, MirrorLocation.of(after.mirrorsByContent().get(content)).key());
      // (The mock server keeps a merge patch's null; the API server removes the key.)
      assertThat(claim.getMetadata().getAnnotations().get(Annotations.MOVING_TO)).isNull();
    }
    assertThat(events("MirrorMoveStarted")).hasSize(4).allMatch(e -> e.contains("nothing copied"));
    assertThat(preflight).as("a preflight pod was made").isFalse();
    System.out.printf(
        "ports.offset 1000 -> 1500: 4 mirrors moved to their new ports in %d ms, nothing copied"
            + " (simulation)%n",
        took.toMillis());
  }

  private List<String> uids() {
    return pods("ports").stream().map(p -> p.getMetadata().getUid()).sorted().toList();
  }

  private static List<String> names(List<PersistentVolumeClaim> claims) {
    return claims.stream().map(c -> c.getMetadata().getName()).sorted().toList();
  }

  /** Each claim records its copy's size, as pg_basebackup's last progress line gave it. */
  private void assertCopySizesRecorded(String name) {
    assertThat(volumes(name))
        .allSatisfy(
            c ->
                assertThat(c.getMetadata().getAnnotations())
                    .containsEntry(Annotations.COPY_SIZE, "29169 kB"));
  }
}
