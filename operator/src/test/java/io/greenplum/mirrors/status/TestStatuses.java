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
    return of("03-synchronized.txt", running(), Map.of());
  }

  /** Content 1's mirror pod gone, FTS has marked it down (04-mirror-down.txt). */
  public static MirrorSetStatus mirrorDown() throws Exception {
    Map<Integer, PodView> pods = running();
    pods.remove(1);
    return of("04-mirror-down.txt", pods, Map.of());
  }

  /** Content 0's mirror promoted, its old primary down (05-roles-switched.txt). */
  public static MirrorSetStatus rolesSwitched() throws Exception {
    return of("05-roles-switched.txt", running(), Map.of());
  }

  /** Mirrors registered and being copied, content 0 part way (02-registered-not-streaming.txt). */
  public static MirrorSetStatus copying() throws Exception {
    return of(
        "02-registered-not-streaming.txt",
        StatusBuilderTest.pods(PodView.Step.RUNNING, false),
        Map.of(0, BaseBackupLog.parse(" 8806/29159 kB (30%), 0/1 tablespace")));
  }

  private static Map<Integer, PodView> running() {
    return StatusBuilderTest.pods(PodView.Step.SUCCEEDED, true);
  }

  private static MirrorSetStatus of(
      String state, Map<Integer, PodView> pods, Map<Integer, BaseBackupLog> logs) throws Exception {
    return StatusBuilderTest.build(
        StatusBuilderTest.seen(
            StatusBuilderTest.state(state), List.of(), pods, Set.of(0, 1, 2), logs),
        null,
        StatusBuilderTest.T0);
  }
}
