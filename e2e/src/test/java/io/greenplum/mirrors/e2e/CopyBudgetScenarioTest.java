package io.greenplum.mirrors.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.greenplum.mirrors.TestMirrorSets;
import io.greenplum.mirrors.api.Annotations;
import io.greenplum.mirrors.api.MirrorSetSpec;
import io.greenplum.mirrors.api.RecoveryMode;
import io.greenplum.mirrors.api.RecoverySpec;
import io.greenplum.mirrors.model.Role;
import io.greenplum.mirrors.model.Segment;
import io.greenplum.mirrors.simulation.SimulatedEnvironment;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Copies never keep a content without its primary (issue 21, sequence 1): with maxParallel 1 and
 * the one copy slot taken by a long full recovery, the evicted pod of a mirror acting as primary is
 * made again at once, and the content has a primary again while the copy still runs; and the
 * evicted pod of a mirror whose volume holds a complete copy is a restart, made at once too.
 */
class CopyBudgetScenarioTest extends Scenario {

  @Test
  void anEvictedActingPrimaryIsMadeAgainWhileTheOnlyCopySlotIsTaken() throws Exception {
    synchronizedWithOneCopySlot();

    env.simulation().failPrimary(0);
    awaitStatus("budget", s -> "ActingAsPrimary".equals(s.getMirrors().get(0).getState()));
    int ours = catalogNow().mirrorsByContent().get(0).dbid();
    fullCopyOfContentTwoTakesTheSlot();

    String evicted = pod("budget", 0).getMetadata().getUid();
    env.simulation().evict(pod("budget", 0).getMetadata().getName());

    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () -> {
              var now = pod("budget", 0);
              return now != null
                  && !now.getMetadata().getUid().equals(evicted)
                  && env.simulation().log("budget-m0").contains("acts as primary")
                  && env.simulation().runningPrimaries().getOrDefault(0, List.of()).contains(ours);
            });
    Segment row =
        catalogNow().segments().stream().filter(s -> s.dbid() == ours).findFirst().orElseThrow();
    assertThat(row.role()).as("still the acting primary").isEqualTo(Role.PRIMARY);
    assertThat(copying(2)).as("the copy of content 2 still runs").isTrue();
  }

  @Test
  void anEvictedMirrorOnACompleteCopyRestartsWhileTheOnlyCopySlotIsTaken() throws Exception {
    synchronizedWithOneCopySlot();
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                env
                        .client()
                        .persistentVolumeClaims()
                        .inNamespace(NAMESPACE)
                        .list()
                        .getItems()
                        .stream()
                        .filter(c -> c.getMetadata().getAnnotations() != null)
                        .filter(
                            c ->
                                c.getMetadata()
                                    .getAnnotations()
                                    .containsKey(Annotations.COMPLETE_COPY))
                        .count()
                    == 4);

    fullCopyOfContentTwoTakesTheSlot();
    int copiesOfOne = env.simulation().copies(1);
    String evicted = pod("budget", 1).getMetadata().getUid();
    env.simulation().evict(pod("budget", 1).getMetadata().getName());

    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> {
              var now = pod("budget", 1);
              return now != null
                  && !now.getMetadata().getUid().equals(evicted)
                  && env.simulation().log("budget-m1").contains("kept: complete copy")
                  && "Synchronized".equals(status("budget").getMirrors().get(1).getState());
            });
    assertThat(env.simulation().copies(1)).as("restarted, not copied").isEqualTo(copiesOfOne);
    assertThat(copying(2)).as("the copy of content 2 still runs").isTrue();
    assertThat(catalogNow().mirrorsByContent().get(1).status().name()).isEqualTo("UP");
  }

  /** Four mirrors in sync, maxParallel 1, recovery mode Full. */
  private void synchronizedWithOneCopySlot() throws Exception {
    start(SimulatedEnvironment.layout(2, 2), "sdw1", "sdw2");
    MirrorSetSpec spec = TestMirrorSets.group().maxParallel(1).build();
    spec.setRecovery(new RecoverySpec());
    spec.getRecovery().setMode(RecoveryMode.Full);
    apply("budget", spec);
    awaitPhase("budget", "Synchronized");
  }

  /** A full copy of content 2 takes the only slot, for longer than a test runs. */
  private void fullCopyOfContentTwoTakesTheSlot() throws Exception {
    env.simulation().faults().slowCopies(Duration.ofMinutes(10));
    env.simulation().killMirror(2);
    await().atMost(Duration.ofSeconds(30)).until(() -> copying(2));
  }

  private boolean copying(int content) {
    var row = status("budget").getMirrors().get(content);
    return row.getMessage() != null && row.getMessage().contains("copying from primary");
  }
}
