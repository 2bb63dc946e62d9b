package io.greenplum.mirrors.diff;

/**
 * What a mirror container's log says: whether the WAL it needs is gone from its primary (then only
 * a full recovery helps), and its last line (why it crash-loops).
 *
 * @param walRemoved "requested WAL segment ... has already been removed"
 * @param lastLine the last non-empty line, or null
 */
public record MirrorLog(boolean walRemoved, String lastLine) {
  public static MirrorLog parse(String log) {
    if (log == null) {
      return new MirrorLog(false, null);
    }
    String last = null;
    for (String line : log.split("\n")) {
      if (!line.isBlank()) {
        last = line.strip();
      }
    }
    boolean removed = log.matches("(?s).*requested WAL segment \\S+ has already been removed.*");
    return new MirrorLog(removed, last);
  }
}
