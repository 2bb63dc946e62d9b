package io.greenplum.mirrors.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.greenplum.mirrors.api.MirrorSet;
import io.greenplum.mirrors.api.MirrorSetStatus;
import io.javaoperatorsdk.operator.processing.retry.GenericRetryExecution;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PassTriggersTest {
  private static MirrorSet ms(long generation, Map<String, String> annotations) {
    MirrorSet ms = new MirrorSet();
    ms.setMetadata(
        new ObjectMetaBuilder()
            .withName("ms")
            .withGeneration(generation)
            .withAnnotations(annotations)
            .build());
    return ms;
  }

  @Test
  void specAnnotationsAndDeletionStartAPassAStatusWriteDoesNot() {
    MirrorSet before = ms(3, Map.of("greenplum.io/rebalance", "a"));

    MirrorSet statusOnly = ms(3, Map.of("greenplum.io/rebalance", "a"));
    statusOnly.setStatus(new MirrorSetStatus());
    assertThat(PassTriggers.worthAPass(statusOnly, before)).isFalse();
    assertThat(PassTriggers.worthAPass(ms(4, Map.of("greenplum.io/rebalance", "a")), before))
        .isTrue();
    assertThat(PassTriggers.worthAPass(ms(3, Map.of("greenplum.io/rebalance", "b")), before))
        .isTrue();
    MirrorSet deleted = ms(3, Map.of("greenplum.io/rebalance", "a"));
    deleted.getMetadata().setDeletionTimestamp("2026-12-03T12:00:00Z");
    assertThat(PassTriggers.worthAPass(deleted, before)).isTrue();
  }

  @Test
  void retriesNeverEndAndWaitAtMostTheIdleInterval() {
    GenericRetryExecution retry =
        PassTriggers.retry(Duration.ofSeconds(5), Duration.ofSeconds(30)).initExecution();
    long last = 0;
    for (int attempt = 0; attempt < 1000; attempt++) {
      last = retry.nextDelay().orElseThrow();
    }
    assertThat(last).isEqualTo(30_000);
  }

  @Test
  void progressAloneIsWrittenLessOftenBeyondAHundredMirrors() {
    assertThat(MirrorSetReconciler.progressEvery(100)).isEqualTo(Duration.ofSeconds(1));
    assertThat(MirrorSetReconciler.progressEvery(101)).isEqualTo(Duration.ofSeconds(10));
  }
}
