package io.greenplum.mirrors.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.greenplum.mirrors.TestMirrorSets;
import io.greenplum.mirrors.api.DeletionPolicy;
import io.greenplum.mirrors.api.MirrorSet;
import io.greenplum.mirrors.api.MirrorSetStatus;
import io.greenplum.mirrors.resources.Names;
import io.greenplum.mirrors.simulation.SimulatedEnvironment;
import io.greenplum.mirrors.status.Conditions;
import io.greenplum.mirrors.status.DeletionStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * deletionPolicy RemoveMirrors: the mirrors are stopped, marked down by FTS, removed from the
 * catalog in one transaction, their slots dropped and their volumes deleted; an operator restarted
 * between any two steps goes on where it stopped. Refused while a mirror acts as primary.
 */
class RemoveMirrorsScenarioTest extends Scenario {
  private static final List<String> STEPS =
      List.of(
          DeletionStatus.PODS_STOPPED,
          DeletionStatus.MARKED_DOWN,
          DeletionStatus.ROWS_REMOVED,
          DeletionStatus.SLOTS_DROPPED);

  @Test
  void theMirrorsAreRemovedSafelyThroughARestartBetweenEveryTwoSteps() throws Exception {
    // A second between passes while removing: room to stop the operator between two steps.
    start(
        options -> options.withIntervals(Duration.ofSeconds(1), Duration.ofSeconds(2)),
        SimulatedEnvironment.layout(2, 2),
        "sdw1",
        "sdw2");
    apply("gone", TestMirrorSets.group().build());
    awaitPhase("gone", "Synchronized");
    assertThat(budget("gone")).as("made with the first mirror pods").isNotNull();
    assertThat(budget("gone", Names.primariesBudget("gone"))).isNotNull();
    edit("gone", s -> s.setDeletionPolicy(DeletionPolicy.RemoveMirrors));
    assertThat(env.cluster().emulation().slots()).containsExactly(0, 1, 2, 3);

    env.client().resources(MirrorSet.class).inNamespace(NAMESPACE).withName("gone").delete();
    Set<String> restartedAfter = new LinkedHashSet<>();
    while (mirrorSet("gone") != null) {
      String done =
          await()
              .atMost(Duration.ofSeconds(60))
              .pollInterval(Duration.ofMillis(10))
              .until(() -> newlyDone(restartedAfter), d -> d != null);
      if (done.equals("gone")) {
        break;
      }
      env.stopOperator();
      restartedAfter.add(done);
      env.startOperator();
    }

    assertThat(restartedAfter).as("the operator was restarted after each of").containsAll(STEPS);
    assertThat(catalogNow().mirrors()).isEmpty();
    assertThat(env.cluster().emulation().history())
        .filteredOn(h -> h.contains("gpmirrors: removed mirror segment configuration"))
        .hasSize(4);
    assertThat(env.cluster().emulation().slots()).as("slots dropped").isEmpty();
    assertThat(volumes("gone")).isEmpty();
    assertThat(pods("gone")).isEmpty();
    assertThat(budget("gone")).as("removed with the mirrors").isNull();
    assertThat(budget("gone", Names.primariesBudget("gone"))).isNull();
  }

  private io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget budget(String name) {
    return budget(name, Names.budget(name));
  }

  private io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget budget(
      String name, String budget) {
    return env.client()
        .policy()
        .v1()
        .podDisruptionBudget()
        .inNamespace(NAMESPACE)
        .withName(budget)
        .get();
  }

  /** A step whose condition turned True since the last restart, "gone", or null. */
  private String newlyDone(Set<String> seen) {
    MirrorSet ms = mirrorSet("gone");
    if (ms == null) {
      return "gone";
    }
    if (ms.getStatus() != null) {
      for (String step : STEPS) {
        var c = Conditions.find(ms.getStatus().getConditions(), step);
        if (c != null && "True".equals(c.getStatus()) && !seen.contains(step)) {
          return step;
        }
      }
    }
    if (volumes("gone").isEmpty() && !seen.contains(DeletionStatus.VOLUMES_DELETED)) {
      return DeletionStatus.VOLUMES_DELETED;
    }
    return null;
  }

  @Test
  void sixteenMirrorsAreRemovedEndToEnd() throws Exception {
    start(SimulatedEnvironment.layout(4, 4), "sdw1", "sdw2", "sdw3", "sdw4");
    var spec = TestMirrorSets.group().maxParallel(16).build();
    spec.setDeletionPolicy(DeletionPolicy.RemoveMirrors);
    apply("all", spec);
    awaitPhase("all", "Synchronized");
    List<String> phases = new ArrayList<>();

    long started = System.nanoTime();
    env.client().resources(MirrorSet.class).inNamespace(NAMESPACE).withName("all").delete();
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(20))
        .until(
            () -> {
              MirrorSet ms = mirrorSet("all");
              if (ms != null && ms.getStatus() != null) {
                phases.add(ms.getStatus().getPhase());
              }
              return ms == null;
            });
    double seconds = (System.nanoTime() - started) / 1e9;

    System.out.printf(
        "RemoveMirrors, 16 mirrors: MirrorSet deleted -> gone in %.1f s (grace period %d s)%n",
        seconds, 2);
    assertThat(phases).contains("Deleting");
    assertThat(catalogNow().mirrors()).isEmpty();
    assertThat(env.cluster().emulation().slots()).isEmpty();
    assertThat(volumes("all")).isEmpty();
  }

  @Test
  void refusedWhileAMirrorActsAsPrimaryAndNothingIsTouched() throws Exception {
    start(SimulatedEnvironment.layout(2, 2), "sdw1", "sdw2");
    apply("held", TestMirrorSets.group().build());
    awaitPhase("held", "Synchronized");
    env.simulation().failPrimary(0);
    awaitStatus("held", s -> "ActingAsPrimary".equals(s.getMirrors().get(0).getState()));
    var catalog = catalogNow();
    var podUids = pods("held").stream().map(p -> p.getMetadata().getUid()).sorted().toList();
    edit("held", s -> s.setDeletionPolicy(DeletionPolicy.RemoveMirrors));

    env.client().resources(MirrorSet.class).inNamespace(NAMESPACE).withName("held").delete();
    MirrorSetStatus refused =
        awaitStatus(
            "held",
            s ->
                "MirrorActsAsPrimary"
                    .equals(Conditions.find(s.getConditions(), Conditions.DEGRADED).getReason()));

    assertThat(refused.getPhase()).isEqualTo("Deleting");
    assertThat(Conditions.find(refused.getConditions(), Conditions.DEGRADED).getMessage())
        .contains("the mirror of content 0 (sdw2:7000, dbid 6) acts as primary")
        .contains("deletionPolicy: Retain");
    Thread.sleep(1500);
    assertThat(mirrorSet("held").getMetadata().getFinalizers()).isNotEmpty();
    assertThat(catalogNow()).isEqualTo(catalog);
    assertThat(pods("held").stream().map(p -> p.getMetadata().getUid()).sorted().toList())
        .isEqualTo(podUids);
    assertThat(volumes("held")).hasSize(4);

    edit("held", s -> s.setDeletionPolicy(DeletionPolicy.Retain));
    await().atMost(Duration.ofSeconds(30)).until(() -> mirrorSet("held") == null);
    assertThat(pods("held").stream().map(p -> p.getMetadata().getUid()).sorted().toList())
        .as("the acting primary's pod and the others keep running")
        .isEqualTo(podUids);
  }
}
