package io.greenplum.mirrors.model;

/** WAL positions as PostgreSQL prints them ("0/2A100000"), and the distance between two. */
public final class Lsn {
  private Lsn() {}

  /** The position as a byte number, or -1 when the text is empty or not an LSN. */
  public static long parse(String text) {
    if (text == null) {
      return -1;
    }
    int slash = text.indexOf('/');
    if (slash <= 0 || slash == text.length() - 1) {
      return -1;
    }
    try {
      return (Long.parseLong(text.substring(0, slash), 16) << 32)
          | Long.parseLong(text.substring(slash + 1), 16);
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /**
   * pg_wal_lsn_diff(to, from): bytes from {@code from} up to {@code to}; null if either is unknown.
   */
  public static Long diff(String to, String from) {
    long end = parse(to);
    long start = parse(from);
    return end < 0 || start < 0 ? null : end - start;
  }
}
