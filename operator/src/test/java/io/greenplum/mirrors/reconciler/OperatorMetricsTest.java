package io.greenplum.mirrors.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import io.greenplum.mirrors.TestMirrorSets;
import io.greenplum.mirrors.api.MirrorSet;
import io.greenplum.mirrors.api.MirrorSetStatus;
import io.greenplum.mirrors.api.MirrorStatus;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The per-mirror gauges take their values from the status, lag to the tenth of a second. */
class OperatorMetricsTest {
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final OperatorMetrics metrics = new OperatorMetrics(registry);

  private double gauge(String name) {
    return registry.get(name).tag("content", "0").gauge().value();
  }

  @Test
  void aCatchingUpMirrorReportsItsReplayLagAndHowLongItHasBeenOutOfSync() {
    MirrorSet ms =
        TestMirrorSetResources.mirrorSet(
            "prod", TestMirrorSets.group().build(), new io.greenplum.mirrors.api.CoordinatorSpec());
    ms.getMetadata().setUid("u1");
    MirrorStatus m = new MirrorStatus();
    m.setContent(0);
    m.setState("CatchingUp");
    m.setReplayLagSeconds(2.7);
    m.setNotInSyncSince(Instant.now().minusSeconds(120).toString());
    MirrorSetStatus status = new MirrorSetStatus();
    status.setMirrors(List.of(m));

    metrics.mirrors(ms, status);

    assertThat(gauge("gpmirrors.mirror.replay.lag.seconds")).isEqualTo(2.7);
    assertThat(gauge("gpmirrors.mirror.seconds.since.in.sync")).isBetween(120.0, 130.0);
    assertThat(registry.get("gpmirrors.mirror.state").tag("state", "CatchingUp").gauge().value())
        .isEqualTo(1.0);

    m.setState("Synchronized");
    m.setReplayLagSeconds(null);
    m.setNotInSyncSince(null);
    metrics.mirrors(ms, status);

    assertThat(gauge("gpmirrors.mirror.replay.lag.seconds")).isZero();
    assertThat(gauge("gpmirrors.mirror.seconds.since.in.sync")).isZero();
  }
}
