package io.greenplum.mirrors.diff;

import static io.greenplum.mirrors.TestObservation.pod;
import static io.greenplum.mirrors.diff.MirrorSetDiffTest.registered;
import static io.greenplum.mirrors.diff.MirrorSetDiffTest.seen;
import static org.assertj.core.api.Assertions.assertThat;

import io.greenplum.mirrors.TestObservation;
import io.greenplum.mirrors.api.Annotations;
import io.greenplum.mirrors.model.Segment;
import io.greenplum.mirrors.resources.Names;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class CompleteCopiesTest {
  static final Map<Integer, Segment> MIRRORS = registered().mirrorsByContent();

  static int dbid(int content) {
    return MIRRORS.get(content).dbid();
  }

  /** The volume of content's mirror, holding {@code copy} as recorded (or nothing recorded). */
  static VolumeView volume(int content, String token, String copy) {
    return new VolumeView(
        Names.volume("ms", content, dbid(content)),
        content,
        dbid(content),
        false,
        false,
        token,
        null,
        null,
        false,
        null,
        null,
        null,
        copy,
        null);
  }

  /** A pod whose init container ended with {@code message}. */
  static PodView ended(int content, PodView.Step step, String message) {
    return new PodView(
        "ms-m" + content,
        content,
        dbid(content),
        "Running",
        step,
        step == PodView.Step.SUCCEEDED,
        step == PodView.Step.SUCCEEDED,
        null,
        false,
        message,
        false,
        null);
  }

  static List<Integer> created(List<Action> actions) {
    return actions.stream()
        .filter(a -> a instanceof Action.CreateMirror)
        .map(a -> ((Action.CreateMirror) a).mirror().content())
        .toList();
  }

  static Map<String, String> recorded(List<Action> actions) {
    Map<String, String> byVolume = new TreeMap<>();
    actions.stream()
        .filter(a -> a instanceof Action.AnnotateVolume v)
        .map(a -> (Action.AnnotateVolume) a)
        .filter(a -> a.annotations().containsKey(Annotations.COMPLETE_COPY))
        .forEach(a -> byVolume.put(a.name(), a.annotations().get(Annotations.COMPLETE_COPY)));
    return byVolume;
  }

  @Test
  void theNameOfACopyIsTheOneTheInitContainerWrites() {
    assertThat(CompleteCopies.of(7, null)).isEqualTo("dbid=7");
    assertThat(CompleteCopies.of(7, "1733230000000")).isEqualTo("dbid=7 copy=1733230000000");
    assertThat(
            CompleteCopies.reported(
                ended(0, PodView.Step.SUCCEEDED, "copied: dbid=6 (wiped first: no PG_VERSION)")))
        .isEqualTo("dbid=6");
    assertThat(
            CompleteCopies.reported(
                ended(0, PodView.Step.SUCCEEDED, "kept: complete copy of dbid=6 copy=42")))
        .isEqualTo("dbid=6 copy=42");
    assertThat(CompleteCopies.reported(ended(0, PodView.Step.FAILED, "copied: dbid=6"))).isNull();
    assertThat(
            CompleteCopies.reported(
                ended(0, PodView.Step.SUCCEEDED, "kept: dbid=6 acts as primary; started as is")))
        .as("an acting primary's directory is not a mirror's complete copy")
        .isNull();
  }

  @Test
  void aRestartOnACompleteCopyIsMadeWhateverTheCopiesUnderWay() {
    // maxParallel 1 and content 1 copies: the only slot is taken.
    var seen =
        seen(registered(), 1)
            .volume(volume(0, null, "dbid=" + dbid(0)))
            .volume(volume(1, null, null))
            .volume(volume(2, null, null))
            .volume(volume(3, "42", "dbid=" + dbid(3)))
            .pods(Map.of(1, pod(1, dbid(1), true)))
            .build();

    assertThat(created(MirrorSetDiff.diff(seen)))
        .as("content 0 restarts on its complete copy; content 3's copy is of the token before")
        .containsExactly(0);
  }

  @Test
  void aPodStartingOnACompleteCopyHoldsNoSlot() {
    var starting = new TreeMap<Integer, PodView>();
    starting.put(0, pod(0, dbid(0), true));
    var seen =
        seen(registered(), 1)
            .volume(volume(0, null, "dbid=" + dbid(0)))
            .volume(volume(1, null, null))
            .pods(starting)
            .build();
    assertThat(created(MirrorSetDiff.diff(seen))).containsExactly(1);

    var failedSince = new TreeMap<Integer, PodView>();
    failedSince.put(0, ended(0, PodView.Step.RUNNING, "waiting: the primary does not answer"));
    var refused =
        seen(registered(), 1)
            .volume(volume(0, null, "dbid=" + dbid(0)))
            .volume(volume(1, null, null))
            .pods(failedSince)
            .build();
    assertThat(created(MirrorSetDiff.diff(refused)))
        .as("its init container said since that the directory is not usable as it is")
        .isEmpty();
  }

  @Test
  void theVolumesRecordWhatTheirPodsReported() {
    Map<Integer, PodView> pods = new HashMap<>();
    pods.put(0, ended(0, PodView.Step.SUCCEEDED, "copied: dbid=" + dbid(0)));
    pods.put(1, ended(1, PodView.Step.SUCCEEDED, "kept: complete copy of dbid=" + dbid(1)));
    pods.put(2, ended(2, PodView.Step.FAILED, "failed: pg_basebackup exited 1: no space"));
    pods.put(3, ended(3, PodView.Step.SUCCEEDED, "copied: dbid=" + dbid(3)));
    TestObservation seen =
        seen(registered(), 4)
            .volume(volume(0, null, null))
            .volume(volume(1, null, "dbid=" + dbid(1)))
            .volume(volume(2, null, "dbid=" + dbid(2)))
            .volume(volume(3, "42", null))
            .pods(pods);

    assertThat(recorded(CompleteCopies.records(seen.build())))
        .as("0 recorded, 1 already, 2 refused since, 3 reported a copy of the token before")
        .containsOnlyKeys(volume(0, null, null).name(), volume(2, null, null).name())
        .containsEntry(volume(0, null, null).name(), "dbid=" + dbid(0))
        .containsEntry(volume(2, null, null).name(), null);
  }

  @Test
  void theSizeOfACopyIsRecordedWithItAndKeptWhileNothingIsCopied() {
    String copied = "copied: dbid=" + dbid(0) + " (29169 kB; wiped first: no PG_VERSION)";
    assertThat(CompleteCopies.size(ended(0, PodView.Step.SUCCEEDED, copied))).isEqualTo(29169L);
    assertThat(CompleteCopies.size(ended(0, PodView.Step.SUCCEEDED, "copied: dbid=6"))).isNull();
    assertThat(
            CompleteCopies.size(ended(0, PodView.Step.SUCCEEDED, "kept: complete copy of dbid=6")))
        .isNull();
    assertThat(CompleteCopies.kilobytes("29169 kB")).isEqualTo(29169L);
    assertThat(CompleteCopies.kilobytes("lots")).isNull();

    VolumeView sized = volume(1, null, "dbid=" + dbid(1));
    sized =
        new VolumeView(
            sized.name(),
            1,
            dbid(1),
            false,
            false,
            null,
            null,
            null,
            false,
            null,
            null,
            null,
            "dbid=" + dbid(1),
            100L);
    Map<Integer, PodView> pods = new HashMap<>();
    pods.put(0, ended(0, PodView.Step.SUCCEEDED, copied));
    pods.put(1, ended(1, PodView.Step.SUCCEEDED, "kept: complete copy of dbid=" + dbid(1)));
    List<Action> actions =
        CompleteCopies.records(
            seen(registered(), 4).volume(volume(0, null, null)).volume(sized).pods(pods).build());

    assertThat(actions)
        .as("content 1 restarted on its copy: its recorded size stays")
        .singleElement()
        .satisfies(
            a -> {
              Action.AnnotateVolume v = (Action.AnnotateVolume) a;
              assertThat(v.name()).isEqualTo(volume(0, null, null).name());
              assertThat(v.annotations())
                  .containsEntry(Annotations.COMPLETE_COPY, "dbid=" + dbid(0))
                  .containsEntry(Annotations.COPY_SIZE, "29169 kB");
            });
    assertThat(sized.copiedKb()).isEqualTo(100L);
  }
}
