package io.greenplum.mirrors.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.greenplum.mirrors.TestMirrorSets;
import io.greenplum.mirrors.api.MirrorSetStatus;
import io.greenplum.mirrors.api.MirrorStatus;
import io.greenplum.mirrors.api.PlacementStrategy;
import io.greenplum.mirrors.model.Role;
import io.greenplum.mirrors.model.Segment;
import io.greenplum.mirrors.model.SegmentConfiguration;
import io.greenplum.mirrors.model.SegmentMode;
import io.greenplum.mirrors.model.SegmentStatus;
import io.greenplum.mirrors.resources.Names;
import io.greenplum.mirrors.simulation.SimulatedEnvironment;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Seeded random sequences of faults and edits on 4 hosts x 2 primaries (issue 22), outside the
 * default build ({@code mvn -B -o -pl e2e test -Pcomposed}; {@code -Dcomposed.sequences=N}, {@code
 * -Dcomposed.seed=S} replays one). Each sequence: 10 to 20 steps at random moments (pods deleted,
 * mirrors killed, primaries failed and recovered by the DBA, WAL removed, copies failed, ports,
 * placement and image edited, rebalances asked for, the operator restarted, the coordinator
 * unreachable), then the faults are healed (old primaries recovered, a rebalance asked for) and the
 * MirrorSet must converge. Checked every 20 ms throughout: never two contents without redundancy
 * that no fault explains (a content a fault touched is excused until it has been redundant for 10
 * s), never two primaries of a content, an operator-caused missing primary only for a rebalance's
 * switch, and the status never calls a mirror Synchronized whose row is not s/u.
 */
@Tag("composed")
class RandomFaultsScenarioTest extends Scenario {
  private static final String[] HOSTS = {"sdw1", "sdw2", "sdw3", "sdw4"};
  private static final int CONTENTS = 8;
  private static final String NAME = "chaos";
  private static final Duration CONVERGE = Duration.ofSeconds(300);
  private static final Duration EXCUSE = Duration.ofSeconds(10);

  @Test
  void randomSequencesOfFaultsAndEditsKeepOneContentAtATimeAndConverge() throws Exception {
    int sequences = Integer.getInteger("composed.sequences", 20);
    Long only = Long.getLong("composed.seed");
    long first = only != null ? only : System.nanoTime();
    List<String> failures = new ArrayList<>();
    List<Long> converged = new ArrayList<>();
    for (int i = 0; i < (only != null ? 1 : sequences); i++) {
      long seed = first + i;
      try {
        converged.add(sequence(seed).toMillis());
      } catch (Throwable e) {
        failures.add("seed " + seed + " (replay: -Dcomposed.seed=" + seed + "): " + e.getMessage());
        System.out.println("FAILED seed " + seed + ": " + e.getMessage());
      } finally {
        stop();
        env = null;
      }
    }
    System.out.printf(
        "composed faults: %d sequences, %d failed, converged in %s ms after the faults stopped%n",
        converged.size() + failures.size(), failures.size(), converged);
    assertThat(failures).as("sequences that failed").isEmpty();
  }

  /** One sequence from {@code seed}: how long the MirrorSet took to converge once healed. */
  private Duration sequence(long seed) throws Exception {
    Random random = new Random(seed);
    start(SimulatedEnvironment.layout(4, 2), HOSTS);
    apply(NAME, TestMirrorSets.group().hosts(HOSTS).automaticMoves().build());
    awaitPhase(NAME, "Synchronized");
    List<String> steps = new ArrayList<>();
    Set<Integer> failedOver = new TreeSet<>();
    try (Watch watch = new Watch()) {
      int count = 10 + random.nextInt(11);
      for (int i = 0; i < count; i++) {
        Thread.sleep(random.nextInt(3000));
        steps.add(step(random, watch, failedOver));
      }
      Instant healed = heal(watch, failedOver);
      steps.add("heal");
      try {
        await().atMost(CONVERGE).pollInterval(Duration.ofMillis(250)).until(this::converged);
      } catch (org.awaitility.core.ConditionTimeoutException e) {
        throw new AssertionError(
            "not converged within "
                + CONVERGE.toSeconds()
                + " s after "
                + steps
                + "; status: "
                + describe(status(NAME)));
      }
      Duration took = Duration.between(healed, Instant.now());
      watch.stop();
      if (!watch.violations.isEmpty()) {
        throw new AssertionError(
            watch.violations.size()
                + " violations after "
                + steps
                + ", first: "
                + watch.violations.subList(0, Math.min(3, watch.violations.size())));
      }
      System.out.printf("seed %d: %s; converged in %d ms%n", seed, steps, took.toMillis());
      return took;
    }
  }

  private String step(Random random, Watch watch, Set<Integer> failedOver) throws Exception {
    int content = random.nextInt(CONTENTS);
    switch (random.nextInt(12)) {
      case 0 -> {
        watch.fault(content);
        env.client().pods().inNamespace(NAMESPACE).withName(Names.mirror(NAME, content)).delete();
        return "delete pod " + content;
      }
      case 1 -> {
        Segment ours = catalogNow().mirrorsByContent().get(content);
        if (ours.role() != Role.MIRROR) {
          return "(kill skipped: " + content + " acts as primary)";
        }
        watch.fault(content);
        env.simulation().killMirror(content);
        return "kill mirror " + content;
      }
      case 2 -> {
        if (!allInSyncInPreferredRoles(catalogNow())) {
          return "(fail primary skipped)";
        }
        watch.fault(content);
        failedOver.add(content);
        env.simulation().failPrimary(content);
        return "fail primary " + content;
      }
      case 3 -> {
        recoverOldPrimaries(watch, failedOver);
        return "recover old primaries";
      }
      case 4 -> {
        watch.fault(content);
        env.simulation().removeWal(content);
        return "remove WAL " + content;
      }
      case 5 -> {
        watch.fault(content);
        env.simulation().failNextCopy(content);
        return "fail next copy " + content;
      }
      case 6 -> {
        int offset = random.nextBoolean() ? 1000 : 1500;
        edit(NAME, s -> s.getPorts().setOffset(offset));
        return "offset " + offset;
      }
      case 7 -> {
        PlacementStrategy strategy =
            random.nextBoolean() ? PlacementStrategy.Group : PlacementStrategy.Spread;
        edit(NAME, s -> s.getPlacement().setStrategy(strategy));
        return "placement " + strategy;
      }
      case 8 -> {
        String image = random.nextBoolean() ? "greenplum:7.1.1" : "greenplum:7.1.2";
        edit(NAME, s -> s.getTemplate().setImage(image));
        return "image " + image;
      }
      case 9 -> {
        String token = "r" + random.nextInt(1000);
        requestRebalance(NAME, token);
        return "rebalance " + token;
      }
      case 10 -> {
        env.stopOperator();
        Thread.sleep(random.nextInt(1500));
        env.startOperator();
        return "operator restarted";
      }
      default -> {
        env.coordinatorReachable(false);
        Thread.sleep(500 + random.nextInt(2500));
        env.coordinatorReachable(true);
        return "coordinator unreachable";
      }
    }
  }

  /** The DBA's gprecoverseg -a for the old primaries (or a double failure's primary restarted). */
  private void recoverOldPrimaries(Watch watch, Set<Integer> failedOver) throws Exception {
    SegmentConfiguration now = catalogNow();
    for (int content : List.copyOf(failedOver)) {
      watch.fault(content);
      if (now.mirrorsByContent().get(content).role() == Role.PRIMARY) {
        env.simulation().recoverOldPrimary(content);
      } else {
        env.simulation().restartPrimary(content);
      }
      failedOver.remove(content);
    }
  }

  /** The faults stop: the coordinator answers, old primaries are recovered, a rebalance asked. */
  private Instant heal(Watch watch, Set<Integer> failedOver) throws Exception {
    env.coordinatorReachable(true);
    // A failed primary's promotion takes FTS a probe: recover only what the catalog shows.
    Thread.sleep(3000);
    recoverOldPrimaries(watch, failedOver);
    requestRebalance(NAME, "heal");
    return Instant.now();
  }

  /**
   * The last edit observed, every pair s/u in its preferred role, no move left, every pod rolled.
   */
  private boolean converged() throws Exception {
    var ms = mirrorSet(NAME);
    MirrorSetStatus s = ms == null ? null : ms.getStatus();
    return s != null
        && ms.getMetadata().getGeneration().equals(s.getObservedGeneration())
        && s.getConditions().stream()
            .filter(c -> io.greenplum.mirrors.status.Conditions.UP_TO_DATE.equals(c.getType()))
            .allMatch(c -> "True".equals(c.getStatus()))
        && "Synchronized".equals(s.getPhase())
        && s.getMoves() == null
        && (s.getRebalance() == null || "Done".equals(s.getRebalance().getStage()))
        && allInSyncInPreferredRoles(catalogNow());
  }

  private static boolean allInSyncInPreferredRoles(SegmentConfiguration catalog) {
    return catalog.segments().stream()
        .filter(s -> s.content() >= 0)
        .allMatch(
            s ->
                s.role() == s.preferredRole()
                    && s.mode() == SegmentMode.SYNCHRONIZED
                    && s.status() == SegmentStatus.UP);
  }

  /**
   * Every 20 ms: the simulation's world (who runs as primary, who as mirror) and the MirrorSet's
   * status, checked against the invariants.
   */
  private final class Watch implements AutoCloseable {
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    private final Map<Integer, Instant> faulted = new ConcurrentHashMap<>();
    private final Map<Integer, Instant> redundantSince = new ConcurrentHashMap<>();
    private final Map<Integer, Instant> withoutPrimarySince = new ConcurrentHashMap<>();
    private final Set<Integer> promotingSeen = ConcurrentHashMap.newKeySet();
    private final Set<Integer> checked = ConcurrentHashMap.newKeySet();
    private final List<String> violations = new CopyOnWriteArrayList<>();

    Watch() {
      timer.scheduleAtFixedRate(this::sample, 0, 20, TimeUnit.MILLISECONDS);
    }

    /** A fault touches {@code content}: its lack of redundancy is the fault's for a while. */
    void fault(int content) {
      faulted.put(content, Instant.now());
      redundantSince.remove(content);
    }

    private boolean excused(int content, Instant now) {
      Instant at = faulted.get(content);
      if (at == null) {
        return false;
      }
      Instant since = redundantSince.get(content);
      if (since != null && now.isAfter(at.plus(EXCUSE)) && now.isAfter(since.plus(EXCUSE))) {
        faulted.remove(content);
        return false;
      }
      return true;
    }

    private void sample() {
      try {
        Instant now = Instant.now();
        Map<Integer, List<Integer>> primaries = env.simulation().runningPrimaries();
        Map<Integer, List<Integer>> mirrors = env.simulation().runningMirrors();
        MirrorSetStatus status = status(NAME);
        Integer promoting =
            status != null
                    && status.getRebalance() != null
                    && "Promoting".equals(status.getRebalance().getStage())
                ? status.getRebalance().getContent()
                : null;
        List<String> operatorCaused = new ArrayList<>();
        for (int c = 0; c < CONTENTS; c++) {
          List<Integer> p = primaries.get(c);
          if (p != null && p.size() > 1) {
            violations.add(now + ": two primaries of content " + c + ": " + p);
          }
          boolean redundant = p != null && mirrors.containsKey(c);
          if (redundant) {
            redundantSince.putIfAbsent(c, now);
          } else {
            redundantSince.remove(c);
          }
          boolean excused = excused(c, now);
          if (!redundant && !excused) {
            operatorCaused.add(c + (p == null ? " (no primary)" : " (no mirror)"));
          }
          withoutPrimary(c, p == null && !excused, promoting, now);
        }
        if (operatorCaused.size() > 1) {
          violations.add(now + ": without redundancy by the operator: " + operatorCaused);
        }
        if (status != null && status.getMirrors() != null) {
          for (MirrorStatus m : status.getMirrors()) {
            if ("Synchronized".equals(m.getState())
                && !("s".equals(m.getMode()) && "u".equals(m.getStatus()))) {
              violations.add(
                  now
                      + ": content "
                      + m.getContent()
                      + " Synchronized while "
                      + m.getMode()
                      + "/"
                      + m.getStatus());
            }
          }
        }
      } catch (RuntimeException e) {
        // The mock server closing at the end of a sequence.
      }
    }

    /**
     * A content without a primary that no fault explains: only a rebalance's switch may do that, so
     * once it has lasted 2 s the status must have said Promoting for that content meanwhile.
     */
    private void withoutPrimary(int content, boolean missing, Integer promoting, Instant now) {
      if (!missing) {
        withoutPrimarySince.remove(content);
        promotingSeen.remove(content);
        checked.remove(content);
        return;
      }
      Instant since = withoutPrimarySince.computeIfAbsent(content, c -> now);
      if (Integer.valueOf(content).equals(promoting)) {
        promotingSeen.add(content);
      }
      if (now.isAfter(since.plusSeconds(2))
          && checked.add(content)
          && !promotingSeen.contains(content)) {
        violations.add(now + ": content " + content + " without a primary, not a rebalance");
      }
    }

    void stop() {
      timer.shutdownNow();
    }

    @Override
    public void close() {
      stop();
    }
  }
}
