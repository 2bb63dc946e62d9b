package io.greenplum.mirrors.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.greenplum.mirrors.TestMirrorSets;
import io.greenplum.mirrors.api.Annotations;
import io.greenplum.mirrors.api.MirrorSetStatus;
import io.greenplum.mirrors.api.MirrorStatus;
import io.greenplum.mirrors.api.PlacementStrategy;
import io.greenplum.mirrors.catalog.JdbcGreenplumCatalog;
import io.greenplum.mirrors.model.Segment;
import io.greenplum.mirrors.model.SegmentConfiguration;
import io.greenplum.mirrors.model.SegmentMode;
import io.greenplum.mirrors.model.SegmentStatus;
import io.greenplum.mirrors.plan.MirrorLocation;
import io.greenplum.mirrors.plan.MirrorPlanner;
import io.greenplum.mirrors.plan.PlannedMirror;
import io.greenplum.mirrors.simulation.SimulatedEnvironment;
import io.greenplum.mirrors.status.Conditions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Group to Spread on 4 segment hosts x 4 primaries plus a fifth mirror host: 15 mirrors move
 * (content 0's place is the same in both), one content at a time, each stopped, marked down by FTS,
 * its catalog row moved in one transaction (same dbid), copied at its new place; the catalog never
 * lacks a content's mirror row, and the operator is restarted in the middle of a move.
 */
class MoveScenarioTest extends Scenario {
  private static final String[] HOSTS = {"sdw1", "sdw2", "sdw3", "sdw4", "sdw5"};
  private static final int CONTENTS = 16;

  @Test
  void groupToSpreadMovesOneContentAtATimeThroughAnOperatorRestart() throws Exception {
    start(SimulatedEnvironment.layout(4, 4), HOSTS);
    apply(
        "move", TestMirrorSets.group().hosts(HOSTS).maxParallel(CONTENTS).automaticMoves().build());
    awaitPhase("move", "Synchronized");
    SegmentConfiguration grouped = catalogNow();
    Map<Integer, PlannedMirror> spread =
        MirrorPlanner.plan(grouped, TestMirrorSets.spread().hosts(HOSTS).build())
            .plan()
            .byContent();
    Set<Integer> moving = new TreeSet<>();
    for (Segment m : grouped.mirrors()) {
      if (!MirrorLocation.of(m).equals(MirrorLocation.of(spread.get(m.content())))) {
        moving.add(m.content());
      }
    }
    assertThat(moving).hasSize(CONTENTS - 1).doesNotContain(0);
    Set<Integer> portOnly = portOnly(grouped, spread, moving);
    int copied = moving.size() - portOnly.size();

    Sampler sampler =
        new Sampler(new JdbcGreenplumCatalog(env.cluster().settings()), () -> pods("move"));
    Instant edited = Instant.now();
    edit("move", s -> s.getPlacement().setStrategy(PlacementStrategy.Spread));
    MirrorSetStatus listed =
        awaitStatus("move", s -> s.getMoves() != null && s.getMoves().size() >= CONTENTS - 2);
    assertThat(listed.getMoves().get(0)).matches("content \\d+: sdw\\d:70\\d\\d .* -> sdw\\d:.*");
    assertThat(listed.getPhase()).isEqualTo("Moving");

    String interrupted = restartWhileAMirrorIsDownForItsMove();

    MirrorSetStatus done =
        await()
            .atMost(Duration.ofSeconds(240))
            .pollInterval(Duration.ofMillis(200))
            .until(
                () -> status("move"),
                s ->
                    "Synchronized".equals(s.getPhase())
                        && s.getMoves() == null
                        && s.getStaleVolumes() != null
                        && s.getStaleVolumes().size() == copied);
    Duration took = Duration.between(edited, Instant.now());
    sampler.stop();

    Set<Integer> copiedContents = new TreeSet<>(moving);
    copiedContents.removeAll(portOnly);
    assertMovedAsPlanned(grouped, spread, copiedContents);
    assertEachRowMovedOnce(grouped, moving);
    assertThat(sampler.partial).as("a content without a mirror row").isEmpty();
    assertThat(sampler.mostOutOfSync.get())
        .as("never two pairs out of sync at once")
        .isLessThanOrEqualTo(1);
    assertThat(sampler.mostPodsDown.get())
        .as("never two mirror pods down (stopped, copying, missing) at once")
        .isEqualTo(1);
    List<PersistentVolumeClaim> claims = volumes("move");
    assertThat(claims).hasSize(CONTENTS + copied);
    assertThat(claims)
        .filteredOn(c -> done.getStaleVolumes().contains(c.getMetadata().getName()))
        .allSatisfy(
            c -> assertThat(c.getMetadata().getAnnotations()).containsKey(Annotations.RETIRED));
    assertThat(events("MirrorMoveStarted")).hasSize(CONTENTS - 1);
    assertThat(events("MirrorMoved")).hasSize(CONTENTS - 1);
    assertThat(Conditions.find(done.getConditions(), Conditions.PROGRESSING).getReason())
        .isEqualTo("Idle");
    System.out.printf(
        "move Group -> Spread: %d mirrors moved one at a time (%d of them only to another port)"
            + " in %d ms, %d ms per move, operator restarted while '%s' (simulation)%n",
        CONTENTS - 1,
        portOnly.size(),
        took.toMillis(),
        took.toMillis() / (CONTENTS - 1),
        interrupted);
  }

  /** The moves to the same host and directory on another port: restarted, nothing copied. */
  private static Set<Integer> portOnly(
      SegmentConfiguration grouped, Map<Integer, PlannedMirror> spread, Set<Integer> moving) {
    Set<Integer> portOnly = new TreeSet<>();
    for (int content : moving) {
      if (MirrorLocation.of(grouped.mirrorsByContent().get(content))
          .onlyPortDiffers(MirrorLocation.of(spread.get(content)))) {
        portOnly.add(content);
      }
    }
    return portOnly;
  }

  private void assertEachRowMovedOnce(SegmentConfiguration grouped, Set<Integer> moving)
      throws Exception {
    List<String> history = env.cluster().emulation().history();
    for (int content : moving) {
      int dbid = grouped.mirrorsByContent().get(content).dbid();
      assertThat(history)
          .as("content %d's row moved once, in one transaction", content)
          .filteredOn(
              h ->
                  h.equals(
                      dbid
                          + ": gpmirrors: inserted segment configuration for full"
                          + " recovery or original dbid "
                          + dbid))
          .hasSize(1);
    }
  }

  /** Stops the operator while a mirror is down for its move (two moves done), starts it again. */
  private String restartWhileAMirrorIsDownForItsMove() throws Exception {
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(20))
        .until(
            () ->
                events("MirrorRowMoved").size() >= 2
                    && status("move").getMirrors().stream()
                        .anyMatch(r -> "Moving".equals(r.getState())));
    String interrupted =
        status("move").getMirrors().stream()
            .filter(r -> "Moving".equals(r.getState()))
            .map(MirrorStatus::getMessage)
            .findFirst()
            .orElseThrow();
    env.stopOperator();
    Thread.sleep(500);
    env.startOperator();
    return interrupted;
  }

  /**
   * Every mirror where Spread puts it, same dbid, in sync, its pod there; copied once more if it
   * moved to another host or directory ({@code copied}).
   */
  private void assertMovedAsPlanned(
      SegmentConfiguration grouped, Map<Integer, PlannedMirror> spread, Set<Integer> moving)
      throws Exception {
    for (Segment m : catalogNow().mirrors()) {
      Segment before = grouped.mirrorsByContent().get(m.content());
      assertThat(m.dbid()).as("content %d keeps its dbid", m.content()).isEqualTo(before.dbid());
      assertThat(MirrorLocation.of(m)).isEqualTo(MirrorLocation.of(spread.get(m.content())));
      assertThat(m.mode()).isEqualTo(SegmentMode.SYNCHRONIZED);
      assertThat(m.status()).isEqualTo(SegmentStatus.UP);
      Pod pod = pod("move", m.content());
      assertThat(pod.getMetadata().getAnnotations())
          .containsEntry(Annotations.LOCATION, MirrorLocation.of(m).key());
      assertThat(
              io.fabric8.kubernetes.client.utils.Serialization.asJson(pod.getSpec().getAffinity()))
          .as("the pod of content %d is on its new host's node", m.content())
          .contains("[\"" + m.hostname() + "\"]");
      assertThat(env.simulation().copies(m.content()))
          .as("content %d copied once more at its new place, no more", m.content())
          .isEqualTo(moving.contains(m.content()) ? 2 : 1);
    }
  }

  /**
   * Every 20 ms, the catalog (any content without a mirror row, how many pairs are out of sync at
   * once) and the pods (how many mirror pods do not run at once).
   */
  private static final class Sampler {
    final Set<String> partial = ConcurrentHashMap.newKeySet();
    final AtomicInteger mostOutOfSync = new AtomicInteger();
    final AtomicInteger mostPodsDown = new AtomicInteger();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();

    Sampler(JdbcGreenplumCatalog catalog, java.util.function.Supplier<List<Pod>> pods) {
      timer.scheduleAtFixedRate(
          () -> {
            try {
              long running =
                  pods.get().stream()
                      .filter(p -> p.getMetadata().getDeletionTimestamp() == null)
                      .filter(
                          p -> p.getStatus() != null && "Running".equals(p.getStatus().getPhase()))
                      .count();
              mostPodsDown.accumulateAndGet((int) (CONTENTS - running), Math::max);
              SegmentConfiguration now = catalog.segmentConfiguration();
              Map<Integer, Long> rows =
                  now.mirrors().stream()
                      .collect(
                          Collectors.groupingBy(
                              Segment::content, TreeMap::new, Collectors.counting()));
              if (rows.size() != CONTENTS || rows.values().stream().anyMatch(n -> n != 1)) {
                partial.add(rows.toString());
              }
              long outOfSync =
                  now.mirrors().stream()
                      .filter(
                          m ->
                              m.mode() != SegmentMode.SYNCHRONIZED
                                  || m.status() != SegmentStatus.UP)
                      .count();
              mostOutOfSync.accumulateAndGet((int) outOfSync, Math::max);
            } catch (Exception e) {
              // the next sample reads again
            }
          },
          0,
          20,
          TimeUnit.MILLISECONDS);
    }

    void stop() {
      timer.shutdownNow();
    }
  }
}
