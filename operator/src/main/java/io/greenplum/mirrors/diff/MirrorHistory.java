package io.greenplum.mirrors.diff;

import java.time.Instant;

/**
 * What the status recorded of a mirror in earlier passes: the operator's memory of time and intent
 * (since when a mirror has been down or has not progressed, which recovery it is under), kept where
 * a restarted operator finds it.
 *
 * @param state the mirror's state then (status.mirrors[].state)
 * @param since when it entered that state or last progressed
 * @param recovery Incremental or Full while a recovery is under way, else null
 * @param recoverySince when that recovery started
 */
public record MirrorHistory(String state, Instant since, String recovery, Instant recoverySince) {
  public boolean was(String other) {
    return other.equals(state);
  }
}
