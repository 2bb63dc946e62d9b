package io.greenplum.mirrors.resources;

import java.util.ArrayList;
import java.util.List;

/**
 * The base backup a mirror starts from, as gpaddmirrors runs it (pg_basebackup.*.txt): first with
 * the primary's internal_wal_replication_slot, and when a never-mirrored primary has no such slot
 * yet, again with --create-slot --force-overwrite.
 */
public final class BaseBackupCommand {
  public static final String SLOT = "internal_wal_replication_slot";

  /** What pg_basebackup prints when the primary never had a mirror. */
  public static final String NO_SLOT = "replication slot \"" + SLOT + "\" does not exist";

  private BaseBackupCommand() {}

  /** pg_basebackup's arguments; {@code createSlot} for the retry on a never-mirrored primary. */
  public static List<String> arguments(
      String dataDirectory,
      String primaryHost,
      int primaryPort,
      String user,
      int dbid,
      boolean createSlot) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "pg_basebackup",
                "-c",
                "fast",
                "-D",
                dataDirectory,
                "-h",
                primaryHost,
                "-p",
                String.valueOf(primaryPort),
                "-U",
                user));
    if (createSlot) {
      args.add("--create-slot");
    }
    args.addAll(List.of("--slot", SLOT, "--wal-method", "stream", "--no-verify-checksums"));
    if (createSlot) {
      args.add("--force-overwrite");
    }
    args.addAll(
        List.of(
            "--write-recovery-conf",
            "--target-gp-dbid",
            String.valueOf(dbid),
            "-E",
            "./db_dumps",
            "-E",
            "./promote",
            "--progress",
            "--verbose"));
    return args;
  }

  /** The script's arguments: the data directory, the first command, "::", the retry. */
  public static List<String> scriptArguments(
      String dataDirectory, String primaryHost, int primaryPort, String user, int dbid) {
    List<String> args = new ArrayList<>();
    args.add(dataDirectory);
    args.addAll(arguments(dataDirectory, primaryHost, primaryPort, user, dbid, false));
    args.add("::");
    args.addAll(arguments(dataDirectory, primaryHost, primaryPort, user, dbid, true));
    return args;
  }

  /**
   * The init container's bash script: nothing when the data directory already holds a cluster (a
   * recreated pod on its volume), else the base backup, retried with --create-slot when the slot is
   * missing. Values arrive as positional parameters, never spliced into the script.
   */
  public static String script() {
    return String.join(
        "\n",
        "set -u",
        "dir=\"$1\"; shift",
        "first=(); retry=(); into=first",
        "for a in \"$@\"; do",
        "  if [ \"$a\" = '::' ]; then into=retry; continue; fi",
        "  if [ \"$into\" = first ]; then first+=(\"$a\"); else retry+=(\"$a\"); fi",
        "done",
        "if [ -s \"$dir/PG_VERSION\" ]; then",
        "  echo \"gpmirrors: $dir already holds a data directory; no base backup\"",
        "  exit 0",
        "fi",
        "rm -rf \"$dir\"",
        "\"${first[@]}\" 2>&1 | tee /tmp/pg_basebackup.log",
        "status=${PIPESTATUS[0]}",
        "if [ \"$status\" -ne 0 ] && grep -qF '" + NO_SLOT + "' /tmp/pg_basebackup.log; then",
        "  echo 'gpmirrors: the primary has no " + SLOT + " yet; retrying with --create-slot'",
        "  rm -rf \"$dir\"",
        "  \"${retry[@]}\" 2>&1",
        "  status=$?",
        "fi",
        "exit \"$status\"");
  }
}
