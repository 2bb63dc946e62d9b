package io.greenplum.mirrors.diff;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Condition;
import io.greenplum.mirrors.api.Annotations;
import io.greenplum.mirrors.api.DeletionPolicy;
import io.greenplum.mirrors.api.MirrorSetStatus;
import io.greenplum.mirrors.api.MoveApproval;
import io.greenplum.mirrors.status.Conditions;
import io.greenplum.mirrors.status.StatusBuilder;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * spec.moveApproval Manual on the 2 x 2 Group mirrors whose MirrorSet now says /data/moved: the
 * moves are listed and nothing is touched until the approval annotation names the generation; a
 * move under way goes on only to the place it was approved for.
 */
class MoveApprovalTest {

  @Test
  void theAnnotationMustNameTheCurrentGeneration() {
    assertThat(MoveApproval.Automatic.approves(null, 3L)).isTrue();
    assertThat(MoveApproval.Manual.approves("3", 3L)).isTrue();
    assertThat(MoveApproval.Manual.approves(" 3\n", 3L)).isTrue();
    assertThat(MoveApproval.Manual.approves("2", 3L)).as("an earlier generation").isFalse();
    assertThat(MoveApproval.Manual.approves("true", 3L)).isFalse();
    assertThat(MoveApproval.Manual.approves(null, 3L)).isFalse();
    assertThat(MoveApproval.Manual.approves("3", null)).isFalse();
  }

  @Test
  void unapprovedMovesAreListedAndNothingIsTouched() {
    Observation seen =
        MovesTest.seen(s -> s, v -> v, DeletionPolicy.Retain).movesNotApproved().build();

    Moves.Step step = Moves.decide(seen);

    assertThat(step.planned()).hasSize(4);
    assertThat(step.awaitingApproval()).isTrue();
    assertThat(step.moving()).as("a rolling update may go meanwhile").isFalse();
    assertThat(step.actions()).isEmpty();
    assertThat(Moves.wants(seen)).isNull();
    assertThat(MirrorSetDiff.diff(seen))
        .noneMatch(
            a ->
                a instanceof Action.CreatePreflight
                    || a instanceof Action.AnnotateVolume
                    || a.stopsPod());

    MirrorSetStatus status =
        StatusBuilder.build(
            new StatusBuilder.Input(
                7, false, "7.1.0", seen, List.of(), h -> h, null, MirrorRemovalTest.NOW));
    assertThat(status.getPhase()).isEqualTo("AwaitingApproval");
    assertThat(status.getMoves()).hasSize(4);
    Condition progressing = Conditions.find(status.getConditions(), Conditions.PROGRESSING);
    assertThat(progressing.getStatus()).isEqualTo("False");
    assertThat(progressing.getReason()).isEqualTo("AwaitingMoveApproval");
    assertThat(progressing.getMessage())
        .isEqualTo(
            "4 moves (status.moves) wait for approval (moveApproval Manual): kubectl annotate"
                + " mirrorset <name> greenplum.io/approve-moves=7 --overwrite");
  }

  @Test
  void aMoveUnderWayGoesOnToThePlaceItWasApprovedFor() {
    UnaryOperator<VolumeView> mark0 =
        v -> v.content() == 0 ? MovesTest.marked(v, "sdw2|sdw2|7000|/data/moved/gpseg0") : v;

    Observation approvedBefore =
        MovesTest.seen(s -> s, mark0, DeletionPolicy.Retain).movesNotApproved().build();

    assertThat(Moves.decide(approvedBefore).actions())
        .as("a later edit that keeps its place does not stop it half way")
        .containsExactly(new Action.StopMirror(0, "ms-m0"));
  }

  @Test
  void aMoveUnderWayToAPlaceTheNewPlanChangedIsCalledOffUntilApproved() {
    UnaryOperator<VolumeView> markElsewhere =
        v -> v.content() == 0 ? MovesTest.marked(v, "sdw2|sdw2|7000|/data/other/gpseg0") : v;
    var base = MovesTest.seen(s -> s, markElsewhere, DeletionPolicy.Retain);
    Map<Integer, PodView> pods = new TreeMap<>(base.build().pods());
    pods.remove(0);
    Observation stopped = base.pods(pods).movesNotApproved().build();

    assertThat(Moves.decide(stopped).actions())
        .singleElement()
        .isInstanceOfSatisfying(
            Action.AnnotateVolume.class,
            a -> {
              assertThat(a.reason()).isEqualTo("MirrorMoveCalledOff");
              assertThat(a.annotations()).containsKey(Annotations.MOVING_TO);
              assertThat(a.annotations().get(Annotations.MOVING_TO)).isNull();
              assertThat(a.message()).contains("a move not approved yet");
            });
  }
}
