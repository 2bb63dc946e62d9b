package io.greenplum.mirrors.diff;

import static io.greenplum.mirrors.TestObservation.pod;
import static org.assertj.core.api.Assertions.assertThat;

import io.greenplum.mirrors.TestMirrorSets;
import io.greenplum.mirrors.TestObservation;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** Recovery of the MirrorSet's mirrors FTS marked down, decided per content. */
class RecoveriesTest {
  static final Instant NOW = Instant.parse("2026-11-30T12:00:00Z");

  /** A mirror's log once the WAL it asks for was removed on its primary. */
  static final MirrorLog WAL_GONE =
      MirrorLog.parse(
          "FATAL:  could not receive data from WAL stream: ERROR:  requested WAL segment"
              + " 000000010000000000000003 has already been removed\n");

  /** Every mirror m/n/d; content 1's pod crash-loops, the others run and stream. */
  static TestObservation oneDown() {
    return oneDown(0, 1, 2, 3);
  }

  /** {@link #oneDown()}, with volumes for {@code contents} only. */
  static TestObservation oneDown(int... contents) {
    Map<Integer, PodView> pods = new TreeMap<>();
    for (int c = 0; c < 4; c++) {
      pods.put(c, pod(c, c + 6, false));
    }
    pods.put(
        1,
        new PodView(
            "ms-m1",
            1,
            7,
            "Running",
            PodView.Step.SUCCEEDED,
            false,
            false,
            "CrashLoopBackOff",
            false,
            null,
            false,
            "CrashLoopBackOff"));
    return TestObservation.of(
            MirrorRemovalTest.mirrored(MirrorRemovalTest::down), TestMirrorSets.group().build())
        .pods(pods)
        .volumes(contents)
        .history(0, "CatchingUp", NOW)
        .history(2, "CatchingUp", NOW)
        .history(3, "CatchingUp", NOW)
        .now(NOW);
  }

  @Test
  void aMirrorWhosePodDoesNotRunIsRestartedOnItsVolume() {
    var actions = Recoveries.decide(oneDown().build(), 4);

    assertThat(actions)
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.content()).isEqualTo(1);
              assertThat(r.full()).isFalse();
              assertThat(r.pod()).isEqualTo("ms-m1");
              assertThat(r.why()).contains("does not run (CrashLoopBackOff)");
            });
  }

  @Test
  void onceRecoveringItIsLeftToStreamUntilTheTimeout() {
    var started = oneDown().recovering(1, "Recovering", "Incremental", NOW.minusSeconds(60));
    var late = oneDown().recovering(1, "Recovering", "Incremental", NOW.minusSeconds(600));

    assertThat(Recoveries.decide(started.build(), 4)).isEmpty();
    assertThat(Recoveries.decide(late.build(), 4))
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.full()).isTrue();
              assertThat(r.why()).contains("has not streamed within recovery.incrementalTimeout");
            });
  }

  @Test
  void aLogSayingTheWalWasRemovedMakesItFullAtOnceWithinMaxParallel() {
    var walGone =
        oneDown()
            .recovering(1, "Recovering", "Incremental", NOW.minusSeconds(5))
            .mirrorLogs(Map.of(1, WAL_GONE));

    assertThat(Recoveries.decide(walGone.build(), 1))
        .singleElement()
        .satisfies(r -> assertThat(r.why()).contains("WAL it needs was removed"));
    assertThat(Recoveries.decide(walGone.build(), 0)).as("no base backup slot free").isEmpty();
  }

  @Test
  void aFullCopyAfterAMoveGivesItsTokenToTheClaimAtTheCatalogsPlace() {
    var seen = oneDown(0, 2, 3);
    var row = MirrorRemovalTest.mirrored(MirrorRemovalTest::down).mirrorsByContent().get(1);
    String here = io.greenplum.mirrors.plan.MirrorLocation.of(row).key();
    String moved = io.greenplum.mirrors.resources.Names.movedVolume("ms", 1, 7, "a1b2c3");
    // The claim it moved away from is kept (Retain) and sorts first; the new one is at its place.
    seen.volume(
            new VolumeView(
                io.greenplum.mirrors.resources.Names.volume("ms", 1, 7),
                1,
                7,
                false,
                false,
                null,
                "sdw9|sdw9|7001|/old",
                null,
                true,
                null,
                null,
                null,
                null,
                null))
        .volume(
            new VolumeView(
                moved, 1, 7, false, false, null, here, null, false, null, null, null, null, null))
        .recovery(
            new Observation.Recovery(true, true, Duration.ofMinutes(10), Duration.ofMinutes(5)));

    assertThat(Recoveries.decide(seen.build(), 4))
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.full()).isTrue();
              assertThat(r.volume()).isEqualTo(moved);
            });
  }

  @Test
  void aRunningMirrorRestartedWithoutItsWalIsCopiedInFull() {
    // Rolled, or made again after its pod was deleted: it runs, FTS marked it down, it never went
    // through Down or Recovering, and its walreceiver asks for WAL the primary removed.
    var rolled =
        oneDown()
            .pods(
                Map.of(
                    0,
                    pod(0, 6, false),
                    1,
                    pod(1, 7, false),
                    2,
                    pod(2, 8, false),
                    3,
                    pod(3, 9, false)))
            .history(1, "CatchingUp", NOW);
    assertThat(Recoveries.decide(rolled.build(), 4)).as("nothing says why yet").isEmpty();

    rolled.mirrorLogs(Map.of(1, WAL_GONE));
    assertThat(Recoveries.decide(rolled.build(), 4))
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.content()).isEqualTo(1);
              assertThat(r.full()).isTrue();
              assertThat(r.why()).contains("WAL it needs was removed");
            });
  }

  @Test
  void theSpecCanAskForFullOrForNothing() {
    var full =
        oneDown()
            .recovery(
                new Observation.Recovery(
                    true, true, Duration.ofMinutes(10), Duration.ofMinutes(5)));
    var manual =
        oneDown()
            .recovery(
                new Observation.Recovery(
                    false, false, Duration.ofMinutes(10), Duration.ofMinutes(5)));

    assertThat(Recoveries.decide(full.build(), 4))
        .singleElement()
        .satisfies(r -> assertThat(r.why()).isEqualTo("recovery.mode is Full"));
    assertThat(Recoveries.decide(manual.build(), 4)).isEmpty();
  }

  @Test
  void aNewMirrorCatchingUpAfterItsCopyIsNotRecovered() {
    var fresh =
        TestObservation.of(
                MirrorRemovalTest.mirrored(MirrorRemovalTest::down), TestMirrorSets.group().build())
            .pods(Map.of(0, pod(0, 6, false)))
            .volumes(0)
            .history(0, "CatchingUp", NOW)
            .now(NOW);

    assertThat(Recoveries.decide(fresh.build(), 4)).isEmpty();
  }
}
