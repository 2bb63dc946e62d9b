package io.greenplum.mirrors.diff;

import static org.assertj.core.api.Assertions.assertThat;

import io.greenplum.mirrors.TestClusters;
import io.greenplum.mirrors.TestMirrorSets;
import io.greenplum.mirrors.api.Annotations;
import io.greenplum.mirrors.api.DeletionPolicy;
import io.greenplum.mirrors.api.MirrorSetSpec;
import io.greenplum.mirrors.model.Role;
import io.greenplum.mirrors.model.Segment;
import io.greenplum.mirrors.model.SegmentMode;
import io.greenplum.mirrors.model.SegmentStatus;
import io.greenplum.mirrors.plan.MirrorLocation;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * A move that changes only the port ({@code ports.offset} 1000 to 1500 on the 2 x 2 Group mirrors):
 * no preflight, no new claim, no copy; the mirror starts on its own volume at its new port, and the
 * claim is then the mirror's at that place, never retired nor deleted.
 */
class PortMovesTest {
  private static final int SHIFT = 500;

  private static MirrorSetSpec spec(DeletionPolicy policy) {
    MirrorSetSpec spec = TestMirrorSets.group().offset(1000 + SHIFT).build();
    spec.setDeletionPolicy(policy);
    return spec;
  }

  private static MirrorLocation shifted(Segment row) {
    return new MirrorLocation(
        row.hostname(), row.address(), row.port() + SHIFT, row.dataDirectory());
  }

  /** Content 0's mirror row at its new port, as {@code mode} and {@code status} say. */
  private static UnaryOperator<Segment> moved(SegmentMode mode, SegmentStatus status) {
    return s -> {
      if (s.content() != 0 || s.role() != Role.MIRROR) {
        return s;
      }
      Segment at = MovesTest.placed(s, shifted(s));
      return TestClusters.with(at, at.role(), mode, status);
    };
  }

  private static UnaryOperator<VolumeView> markedToNewPort() {
    Segment row = MirrorRemovalTest.mirrored(s -> s).mirrorsByContent().get(0);
    return v -> v.content() == 0 ? MovesTest.marked(v, shifted(row).key()) : v;
  }

  @Test
  void thePortOnlyMoveStartsWithoutAPreflightAndSaysNothingIsCopied() {
    var seen =
        MovesTest.seen(MirrorRemovalTest.mirrored(s -> s), spec(DeletionPolicy.Retain), v -> v)
            .build();
    Segment row = seen.cluster().mirrorsByContent().get(0);

    assertThat(MirrorSetDiff.diff(seen))
        .noneMatch(a -> a instanceof Action.CreatePreflight)
        .filteredOn(a -> a instanceof Action.AnnotateVolume)
        .singleElement()
        .isInstanceOfSatisfying(
            Action.AnnotateVolume.class,
            a -> {
              assertThat(a.reason()).isEqualTo("MirrorMoveStarted");
              assertThat(a.annotations())
                  .containsEntry(Annotations.MOVING_TO, shifted(row).key())
                  .containsEntry(Annotations.LOCATION, MirrorLocation.of(row).key());
              assertThat(a.message()).contains("nothing copied");
            });
  }

  @Test
  void afterItsRowMovedTheMirrorStartsOnItsOwnClaimAtTheNewPort() {
    var noPod =
        MovesTest.seen(
            MirrorRemovalTest.mirrored(moved(SegmentMode.NOT_IN_SYNC, SegmentStatus.DOWN)),
            spec(DeletionPolicy.Retain),
            markedToNewPort());
    Map<Integer, PodView> pods = new TreeMap<>(noPod.build().pods());
    pods.remove(0);
    Observation seen = noPod.pods(pods).build();
    VolumeView claim = seen.volumes().get(0);
    Segment row = seen.cluster().mirrorsByContent().get(0);

    assertThat(MirrorSetDiff.diff(seen))
        .filteredOn(a -> a instanceof Action.CreateMirror)
        .singleElement()
        .isInstanceOfSatisfying(
            Action.CreateMirror.class,
            c -> {
              assertThat(c.volume()).isEqualTo(claim.name());
              assertThat(c.volumeMissing()).isFalse();
              assertThat(c.movedFrom()).isNull();
              assertThat(c.mirror().port()).isEqualTo(row.port());
            });
  }

  @Test
  void inSyncAtTheNewPortTheClaimIsTheMirrorsThereUnderEitherDeletionPolicy() {
    for (DeletionPolicy policy : DeletionPolicy.values()) {
      var moved =
          MovesTest.seen(
              MirrorRemovalTest.mirrored(moved(SegmentMode.SYNCHRONIZED, SegmentStatus.UP)),
              spec(policy),
              markedToNewPort());
      Map<Integer, PodView> pods = new TreeMap<>(moved.build().pods());
      Segment row = moved.build().cluster().mirrorsByContent().get(0);
      pods.put(0, MovesTest.pod(row, MirrorLocation.of(row)));
      Observation settled = moved.pods(pods).build();
      String claim = settled.volumes().get(0).name();

      assertThat(Moves.decide(settled).actions())
          .as("deletionPolicy %s", policy)
          .noneMatch(a -> a instanceof Action.DeleteVolume)
          .filteredOn(a -> a instanceof Action.AnnotateVolume v && v.name().equals(claim))
          .singleElement()
          .isInstanceOfSatisfying(
              Action.AnnotateVolume.class,
              a -> {
                assertThat(a.reason()).isEqualTo("MirrorMoved");
                assertThat(a.annotations())
                    .containsEntry(Annotations.LOCATION, MirrorLocation.of(row).key())
                    .doesNotContainKey(Annotations.RETIRED);
                assertThat(a.annotations().get(Annotations.MOVING_TO)).isNull();
              });
      assertThat(settled.staleVolumes()).as("deletionPolicy %s", policy).isEmpty();
    }
  }
}
