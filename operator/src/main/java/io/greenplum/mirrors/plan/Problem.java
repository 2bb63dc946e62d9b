package io.greenplum.mirrors.plan;

/**
 * Something wrong (or worth a warning) with a MirrorSet against a cluster.
 *
 * @param reason a CamelCase word, used as a condition reason (e.g. PortConflict)
 * @param message a sentence a DBA can act on, naming the content, host or port involved
 */
public record Problem(Severity severity, String reason, String message) {

  /** ERROR stops the plan; WARNING is reported and the plan stands. */
  public enum Severity {
    ERROR,
    WARNING
  }

  public static Problem error(String reason, String message) {
    return new Problem(Severity.ERROR, reason, message);
  }

  public static Problem warning(String reason, String message) {
    return new Problem(Severity.WARNING, reason, message);
  }

  public boolean isError() {
    return severity == Severity.ERROR;
  }
}
