package io.greenplum.mirrors.diff;

import java.time.Instant;

/**
 * A preflight pod, as the diff needs it.
 *
 * @param host the mirror host it checks
 * @param checks the fingerprint of what it checks
 * @param phase Pending, Running, Succeeded or Failed
 * @param report what it found (its termination message), or null before it ended
 * @param finishedAt when it ended, or null
 * @param reason why it waits or failed (ErrImagePull, DeadlineExceeded, ...), or null
 * @param createdAt when it was made
 */
public record PreflightView(
    String name,
    String host,
    String checks,
    String phase,
    String report,
    Instant finishedAt,
    String reason,
    Instant createdAt) {

  public boolean finished() {
    return "Succeeded".equals(phase) || "Failed".equals(phase);
  }
}
