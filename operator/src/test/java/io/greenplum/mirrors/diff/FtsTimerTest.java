package io.greenplum.mirrors.diff;

import static io.greenplum.mirrors.TestObservation.pod;
import static org.assertj.core.api.Assertions.assertThat;

import io.greenplum.mirrors.TestMirrorSets;
import io.greenplum.mirrors.TestObservation;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** A probe right after the grace period of a stopped mirror, and looks timed to it. */
class FtsTimerTest {
  static final Instant NOW = Instant.parse("2026-11-30T12:00:00Z");
  static final Duration GRACE = Duration.ofSeconds(30);

  /** In sync (m/s/u) in the catalog; the pod of content 1 is gone. */
  static TestObservation onePodGone() {
    Map<Integer, PodView> pods = new TreeMap<>();
    for (int c : List.of(0, 2, 3)) {
      pods.put(c, pod(c, c + 6, false));
    }
    return TestObservation.of(MirrorRemovalTest.mirrored(s -> s), TestMirrorSets.group().build())
        .pods(pods)
        .volumes(0, 1, 2, 3)
        .ftsGrace(GRACE)
        .now(NOW);
  }

  @Test
  void aStoppedMirrorIsFoundWhileTheCatalogStillCallsItUp() {
    assertThat(FtsTimer.stoppedButUp(onePodGone().build()))
        .extracting(s -> s.content())
        .containsExactly(1);
  }

  @Test
  void theProbeIsDueWhenTheGracePeriodHasPassedSinceTheStatusShowedItDown() {
    var justNoticed = onePodGone().build();
    var tenSecondsIn = onePodGone().history(1, "Down", NOW.minusSeconds(10)).build();
    var graceOver = onePodGone().history(1, "Down", NOW.minusSeconds(30)).build();

    assertThat(FtsTimer.probeDue(justNoticed)).isFalse();
    assertThat(FtsTimer.nextLook(justNoticed)).contains(GRACE);
    assertThat(FtsTimer.nextLook(tenSecondsIn)).contains(Duration.ofSeconds(20));
    assertThat(FtsTimer.probeDue(graceOver)).isTrue();
    assertThat(FtsTimer.nextLook(graceOver)).contains(Duration.ofSeconds(1));
    assertThat(MirrorSetDiff.diff(graceOver)).contains(new Action.RequestFtsProbe());
    assertThat(MirrorSetDiff.diff(tenSecondsIn)).doesNotContain(new Action.RequestFtsProbe());
  }

  @Test
  void aPodMadeAgainThatCannotStartKeepsTheGraceRunningFromWhenItWasFirstSeenStopped() {
    Map<Integer, PodView> pods = new TreeMap<>();
    for (int c = 0; c < 4; c++) {
      pods.put(c, pod(c, c + 6, c == 1));
    }
    var stalled = onePodGone().pods(pods).history(1, "Stalled", NOW.minusSeconds(30)).build();
    var wasRunning =
        onePodGone().pods(pods).history(1, "Synchronized", NOW.minusSeconds(30)).build();

    assertThat(FtsTimer.stoppedButUp(stalled)).extracting(s -> s.content()).containsExactly(1);
    assertThat(FtsTimer.probeDue(stalled)).isTrue();
    assertThat(FtsTimer.probeDue(wasRunning)).as("it just stopped").isFalse();
  }

  @Test
  void mirrorsNotOursOrAlreadyMarkedDownNeedNothing() {
    var external =
        TestObservation.of(MirrorRemovalTest.mirrored(s -> s), TestMirrorSets.group().build())
            .ftsGrace(GRACE)
            .build();
    var markedDown =
        TestObservation.of(
                MirrorRemovalTest.mirrored(MirrorRemovalTest::down), TestMirrorSets.group().build())
            .volumes(0, 1, 2, 3)
            .ftsGrace(GRACE)
            .build();

    assertThat(FtsTimer.stoppedButUp(external)).isEmpty();
    assertThat(FtsTimer.stoppedButUp(markedDown)).isEmpty();
    assertThat(FtsTimer.nextLook(markedDown)).isEmpty();
  }
}
