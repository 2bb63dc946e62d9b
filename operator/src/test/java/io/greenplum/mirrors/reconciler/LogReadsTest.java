package io.greenplum.mirrors.reconciler;

import static io.greenplum.mirrors.TestObservation.pod;
import static org.assertj.core.api.Assertions.assertThat;

import io.greenplum.mirrors.diff.PodView;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class LogReadsTest {
  static final Duration HOUR = Duration.ofHours(1);

  @Test
  void aLogIsReadAgainOnlyWhenItsPodChangedOrTheRefreshIsDue() {
    PodView copying = pod(0, 6, true);
    PodView copied = pod(0, 6, false);
    var read = new LogReads.Read(copying, 1_000, Optional.of("12/100 kB (12%)"));

    assertThat(LogReads.due(null, copying, HOUR, 2_000)).as("never read").isTrue();
    assertThat(LogReads.due(read, copying, HOUR, 2_000))
        .as("same state, refresh not due")
        .isFalse();
    assertThat(LogReads.due(read, copied, HOUR, 2_000)).as("the pod moved on").isTrue();
    assertThat(LogReads.due(read, copying, Duration.ofNanos(1_000), 2_000))
        .as("refresh due")
        .isTrue();
  }

  @Test
  void passesShareTheirReadsAndForgetPodsNoLongerAskedFor() {
    LogReads reads = new LogReads();
    AtomicInteger sent = new AtomicInteger();
    PodView failed = pod(1, 7, true);

    for (int pass = 0; pass < 5; pass++) {
      LogReads.Pass p = reads.pass("ns/ms");
      assertThat(
              p.tail(
                  failed, "base-backup", HOUR, () -> Optional.of("pass " + sent.incrementAndGet())))
          .contains("pass 1");
      p.end();
    }
    assertThat(sent).as("five passes, one pod whose state never changed").hasValue(1);

    LogReads.Pass without = reads.pass("ns/ms");
    without.end();
    LogReads.Pass again = reads.pass("ns/ms");
    again.tail(failed, "base-backup", HOUR, () -> Optional.of("pass " + sent.incrementAndGet()));
    again.end();
    assertThat(sent).as("read again after a pass that did not ask for it").hasValue(2);
  }
}
