package io.greenplum.mirrors.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.TolerationBuilder;
import io.greenplum.mirrors.TestMirrorSets;
import io.greenplum.mirrors.api.MirrorSetStatus;
import io.greenplum.mirrors.model.Segment;
import io.greenplum.mirrors.model.SegmentMode;
import io.greenplum.mirrors.model.SegmentStatus;
import io.greenplum.mirrors.simulation.SimulatedEnvironment;
import io.greenplum.mirrors.status.Conditions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A new image is rolled out to 16 mirrors one at a time, only while every pair is in sync, each pod
 * made again on its volume (no copy); the mirror that acts as primary is left alone and named as
 * pending until a rebalance.
 */
class RollingUpdateScenarioTest extends Scenario {
  private static final int MIRRORS = 16;

  @Test
  void anImageChangeRollsOneMirrorAtATimeAndSkipsTheActingPrimary() throws Exception {
    start(SimulatedEnvironment.layout(4, 4), "sdw1", "sdw2", "sdw3", "sdw4");
    apply("roll", TestMirrorSets.group().maxParallel(MIRRORS).build());
    MirrorSetStatus synced = awaitPhase("roll", "Synchronized");
    var budget =
        env.client()
            .policy()
            .v1()
            .podDisruptionBudget()
            .inNamespace(NAMESPACE)
            .withName(io.greenplum.mirrors.resources.Names.budget("roll"))
            .get();
    assertThat(budget.getSpec().getMinAvailable().getIntVal())
        .as("every content redundant: one eviction allowed")
        .isEqualTo(MIRRORS - 1);
    assertThat(
            env.client().pods().inNamespace(NAMESPACE).list().getItems().stream()
                .filter(
                    p ->
                        io.greenplum.mirrors.simulation.SimulatedEvictions.selects(
                            budget.getSpec().getSelector(), p)))
        .as("the budget covers exactly the mirror pods")
        .hasSize(MIRRORS);
    assertThat(Conditions.find(synced.getConditions(), Conditions.UP_TO_DATE).getStatus())
        .isEqualTo("True");

    // Content 0's mirror acts as primary, its old primary recovered by the DBA: a pair in sync.
    env.simulation().failPrimary(0);
    awaitStatus("roll", s -> "ActingAsPrimary".equals(s.getMirrors().get(0).getState()));
    env.simulation().recoverOldPrimary(0);
    awaitStatus("roll", s -> s.getSynchronizedCount() == MIRRORS);
    String actingUid = pod("roll", 0).getMetadata().getUid();

    AtomicInteger mostDown = new AtomicInteger();
    ScheduledExecutorService sampler = sampleDownPods("roll", MIRRORS, mostDown);
    Instant edited = Instant.now();
    edit("roll", s -> s.getTemplate().setImage("greenplum:7.1.1"));
    MirrorSetStatus rolled =
        awaitStatus(
            "roll",
            s ->
                s.getSynchronizedCount() == MIRRORS
                    && Conditions.find(s.getConditions(), Conditions.UP_TO_DATE)
                        .getMessage()
                        .startsWith((MIRRORS - 1) + " of " + MIRRORS + " updated"));
    Duration took = Duration.between(edited, Instant.now());
    sampler.shutdownNow();

    var upToDate = Conditions.find(rolled.getConditions(), Conditions.UP_TO_DATE);
    assertThat(upToDate.getStatus()).isEqualTo("False");
    assertThat(upToDate.getReason()).isEqualTo("RollingUpdate");
    assertThat(upToDate.getMessage()).contains("content 0 (acts as primary: after a rebalance)");
    for (int content = 0; content < MIRRORS; content++) {
      Pod pod = pod("roll", content);
      String image = pod.getSpec().getContainers().get(0).getImage();
      assertThat(image)
          .as("content %d", content)
          .isEqualTo(content == 0 ? "greenplum:7" : "greenplum:7.1.1");
      assertThat(env.simulation().copies(content)).as("no new copy of %d", content).isEqualTo(1);
    }
    assertThat(pod("roll", 0).getMetadata().getUid())
        .as("acting primary untouched")
        .isEqualTo(actingUid);
    assertThat(mostDown.get()).as("never two mirror pods down at once").isLessThanOrEqualTo(1);
    for (Segment s : catalogNow().segments()) {
      if (s.content() >= 0) {
        assertThat(s.mode()).isEqualTo(SegmentMode.SYNCHRONIZED);
        assertThat(s.status()).isEqualTo(SegmentStatus.UP);
      }
    }
    assertThat(events("MirrorPodReplaced"))
        .hasSize(MIRRORS - 1)
        .allMatch(e -> e.contains("rolling update"));
    System.out.printf(
        "rolling update of %d mirrors (one at a time, each back in sync before the next): %d ms"
            + " (simulation)%n",
        MIRRORS - 1, took.toMillis());
  }

  @Test
  void newResourcesAndATolerationAreRolledOntoEveryPod() throws Exception {
    int mirrors = 4;
    start(SimulatedEnvironment.layout(2, 2), "sdw1", "sdw2");
    apply("edit", TestMirrorSets.group().maxParallel(mirrors).build());
    awaitPhase("edit", "Synchronized");
    AtomicInteger mostDown = new AtomicInteger();
    ScheduledExecutorService sampler = sampleDownPods("edit", mirrors, mostDown);

    edit(
        "edit",
        s ->
            s.getTemplate()
                .setResources(
                    new ResourceRequirementsBuilder()
                        .addToRequests("cpu", new Quantity("2"))
                        .addToLimits("memory", new Quantity("8Gi"))
                        .build()));
    awaitStatus(
        "edit",
        s ->
            rolled(s, mirrors)
                && pods("edit").stream()
                    .allMatch(
                        p ->
                            new Quantity("8Gi")
                                .equals(
                                    p.getSpec()
                                        .getContainers()
                                        .get(0)
                                        .getResources()
                                        .getLimits()
                                        .get("memory"))));

    edit(
        "edit",
        s ->
            s.getTemplate()
                .setTolerations(
                    List.of(
                        new TolerationBuilder()
                            .withKey("dedicated")
                            .withValue("greenplum")
                            .withEffect("NoSchedule")
                            .build())));
    awaitStatus(
        "edit",
        s ->
            rolled(s, mirrors)
                && pods("edit").stream().allMatch(p -> !p.getSpec().getTolerations().isEmpty()));
    sampler.shutdownNow();

    for (int content = 0; content < mirrors; content++) {
      assertThat(pod("edit", content).getSpec().getTolerations())
          .as("content %d", content)
          .extracting("key")
          .containsExactly("dedicated");
      assertThat(env.simulation().copies(content)).as("no new copy of %d", content).isEqualTo(1);
    }
    assertThat(mostDown.get()).as("never two mirror pods down at once").isLessThanOrEqualTo(1);
    assertThat(events("MirrorPodReplaced")).hasSize(2 * mirrors);
  }

  /** Every pod runs the MirrorSet's current template and every pair is in sync. */
  private static boolean rolled(MirrorSetStatus s, int mirrors) {
    var upToDate = Conditions.find(s.getConditions(), Conditions.UP_TO_DATE);
    return s.getSynchronizedCount() == mirrors
        && upToDate != null
        && "True".equals(upToDate.getStatus());
  }

  /** Every 20 ms, how many of the mirror pods are missing, deleting or not running. */
  private ScheduledExecutorService sampleDownPods(String name, int mirrors, AtomicInteger most) {
    ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
    sampler.scheduleAtFixedRate(
        () -> {
          List<Pod> pods = pods(name);
          long running =
              pods.stream()
                  .filter(p -> p.getMetadata().getDeletionTimestamp() == null)
                  .filter(p -> p.getStatus() != null && "Running".equals(p.getStatus().getPhase()))
                  .count();
          most.accumulateAndGet((int) (mirrors - running), Math::max);
        },
        0,
        20,
        TimeUnit.MILLISECONDS);
    return sampler;
  }
}
