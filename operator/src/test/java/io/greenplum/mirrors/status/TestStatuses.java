package io.greenplum.mirrors.status;

import io.greenplum.mirrors.api.MirrorSetStatus;
import io.greenplum.mirrors.diff.BaseBackupLog;
import io.greenplum.mirrors.diff.PodView;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * MirrorSet statuses derived, by the operator's own StatusBuilder, from states the real Greenplum 7
 * cluster showed (fixtures/gp7-real): all in sync, a mirror down, roles switched, copying.
 */
public final class TestStatuses {
  private TestStatuses() {}

  public static MirrorSetStatus synchronizedPairs() throws Exception {
    return StatusBuilderTest.build(
        StatusBuilderTest.seen(
            StatusBuilderTest.state("03-synchronized.txt"),
            List.of(),
            StatusBuilderTest.pods(PodView.Step.SUCCEEDED, true),
            Set.of(0, 1, 2),
            Map.of()),
        null,
        StatusBuilderTest.T0);
  }

  /** Content 1's mirror pod gone, FTS has marked it down (04-mirror-down.txt). */
  public static MirrorSetStatus mirrorDown() throws Exception {
    Map<Integer, PodView> pods = StatusBuilderTest.pods(PodView.Step.SUCCEEDED, true);
    pods.remove(1);
    return StatusBuilderTest.build(
        StatusBuilderTest.seen(
            StatusBuilderTest.state("04-mirror-down.txt"),
            List.of(),
            pods,
            Set.of(0, 1, 2),
            Map.of()),
        null,
        StatusBuilderTest.T0);
  }

  /** Content 0's mirror promoted, its old primary down (05-roles-switched.txt). */
  public static MirrorSetStatus rolesSwitched() throws Exception {
    return StatusBuilderTest.build(
        StatusBuilderTest.seen(
            StatusBuilderTest.state("05-roles-switched.txt"),
            List.of(),
            StatusBuilderTest.pods(PodView.Step.SUCCEEDED, true),
            Set.of(0, 1, 2),
            Map.of()),
        null,
        StatusBuilderTest.T0);
  }

  /** Mirrors registered and being copied, content 0 at 30% (02-registered-not-streaming.txt). */
  public static MirrorSetStatus copying() throws Exception {
    return StatusBuilderTest.build(
        StatusBuilderTest.seen(
            StatusBuilderTest.state("02-registered-not-streaming.txt"),
            List.of(),
            StatusBuilderTest.pods(PodView.Step.RUNNING, false),
            Set.of(0, 1, 2),
            Map.of(0, BaseBackupLog.parse(" 8806/29159 kB (30%), 0/1 tablespace"))),
        null,
        StatusBuilderTest.T0);
  }
}
