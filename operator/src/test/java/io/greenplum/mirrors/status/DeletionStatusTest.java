package io.greenplum.mirrors.status;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Condition;
import io.greenplum.mirrors.api.MirrorSetStatus;
import io.greenplum.mirrors.diff.MirrorRemoval.Stage;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The status of a removal: phase Deleting, a condition per step, the record of its progress. */
class DeletionStatusTest {
  static final Instant T0 = Instant.parse("2026-11-30T12:00:00Z");

  static MirrorSetStatus build(Stage reached, MirrorSetStatus previous, Instant now, Finding... f) {
    return DeletionStatus.build(
        new StatusBuilder.Input(4, false, "7.1.0", null, List.of(f), h -> h, previous, now),
        reached,
        "what happens now");
  }

  static Condition condition(MirrorSetStatus s, String type) {
    return Conditions.find(s.getConditions(), type);
  }

  @Test
  void eachStepHasItsConditionTrueOncePassed() {
    MirrorSetStatus status = build(Stage.RemoveMirrorRows, null, T0);

    assertThat(status.getPhase()).isEqualTo("Deleting");
    assertThat(condition(status, DeletionStatus.PODS_STOPPED).getStatus()).isEqualTo("True");
    assertThat(condition(status, DeletionStatus.MARKED_DOWN).getStatus()).isEqualTo("True");
    assertThat(condition(status, DeletionStatus.ROWS_REMOVED).getStatus()).isEqualTo("False");
    assertThat(condition(status, DeletionStatus.ROWS_REMOVED).getMessage())
        .isEqualTo("what happens now");
    assertThat(condition(status, DeletionStatus.VOLUMES_DELETED).getReason()).isEqualTo("NotYet");
    assertThat(condition(status, Conditions.PROGRESSING).getReason()).isEqualTo("RemoveMirrorRows");
    assertThat(condition(status, Conditions.DEGRADED).getStatus()).isEqualTo("False");
  }

  @Test
  void theProgressIsReadBackFromTheConditions() {
    MirrorSetStatus stopping = build(Stage.StopMirrors, null, T0);
    MirrorSetStatus waiting = build(Stage.AwaitMarkedDown, stopping, T0.plusSeconds(3));
    MirrorSetStatus later = build(Stage.AwaitMarkedDown, waiting, T0.plusSeconds(20));
    MirrorSetStatus slots = build(Stage.DropReplicationSlots, later, T0.plusSeconds(40));

    assertThat(DeletionStatus.progress(stopping).mirrorsStoppedAt()).isNull();
    assertThat(DeletionStatus.progress(later).mirrorsStoppedAt()).isEqualTo(T0.plusSeconds(3));
    assertThat(DeletionStatus.progress(later).rowsRemoved()).isFalse();
    assertThat(DeletionStatus.progress(slots).rowsRemoved()).isTrue();
    assertThat(DeletionStatus.progress(slots).slotsDropped()).isFalse();
  }

  @Test
  void onlyWhatStopsTheRemovalDegradesIt() {
    MirrorSetStatus refused =
        build(
            Stage.StopMirrors,
            null,
            T0,
            Finding.degraded("MirrorActsAsPrimary", "the mirror of content 0 acts as primary"));

    assertThat(condition(refused, Conditions.DEGRADED).getReason())
        .isEqualTo("MirrorActsAsPrimary");
    assertThat(condition(refused, Conditions.DEGRADED).getMessage())
        .isEqualTo("the mirror of content 0 acts as primary");
  }
}
