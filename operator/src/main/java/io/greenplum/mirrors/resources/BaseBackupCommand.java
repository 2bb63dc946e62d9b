package io.greenplum.mirrors.resources;

import io.greenplum.mirrors.model.SegmentTools;
import java.util.ArrayList;
import java.util.List;

/**
 * The base backup a mirror starts from, as the real utilities run it, per generation of tools.
 *
 * <p>Greenplum 7 (pg_basebackup.create-slot.txt, operator-steps-on-real-cluster.txt): first with
 * {@code --create-slot --force-overwrite}, which fails at once, copying nothing, when the primary's
 * slot already exists; only then the slot-less form. The other order copies everything twice on a
 * never-mirrored primary (pg_basebackup.no-slot.fails.txt): the slot-less form finds the missing
 * slot only after the copy.
 *
 * <p>Greenplum 6 (DESIGN.md "Greenplum 6", gppylib's pg.py): the operator creates the slot by SQL
 * on the primary before the pod starts; pg_basebackup streams with {@code --xlog-method} and knows
 * neither {@code --create-slot} nor {@code --no-verify-checksums}.
 *
 * @param first the command the init container runs
 * @param retry the command it runs instead when {@code first} failed saying {@code retryWhen};
 *     empty when there is none
 * @param retryWhen the error that means "run {@code retry}", or null
 */
public record BaseBackupCommand(List<String> first, List<String> retry, String retryWhen) {
  public static final String SLOT = SegmentTools.REPLICATION_SLOT;

  /** What pg_basebackup --create-slot prints, before copying anything, when the slot exists. */
  public static final String SLOT_EXISTS = "replication slot \"" + SLOT + "\" already exists";

  public BaseBackupCommand {
    first = List.copyOf(first);
    retry = List.copyOf(retry);
  }

  /** The base backup of a mirror with {@code dbid} from its primary at {@code host:port}. */
  public static BaseBackupCommand of(
      SegmentTools tools, String dataDirectory, String host, int port, String user, int dbid) {
    return tools == SegmentTools.GREENPLUM_6
        ? new BaseBackupCommand(greenplum6(dataDirectory, host, port, user, dbid), List.of(), null)
        : new BaseBackupCommand(
            greenplum7(dataDirectory, host, port, user, dbid, true),
            greenplum7(dataDirectory, host, port, user, dbid, false),
            SLOT_EXISTS);
  }

  private static List<String> connection(String dataDirectory, String host, int port, String user) {
    return List.of(
        "pg_basebackup",
        "-c",
        "fast",
        "-D",
        dataDirectory,
        "-h",
        host,
        "-p",
        String.valueOf(port),
        "-U",
        user);
  }

  private static List<String> greenplum7(
      String dataDirectory, String host, int port, String user, int dbid, boolean createSlot) {
    List<String> args = new ArrayList<>(connection(dataDirectory, host, port, user));
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

  private static List<String> greenplum6(
      String dataDirectory, String host, int port, String user, int dbid) {
    List<String> args = new ArrayList<>(connection(dataDirectory, host, port, user));
    args.addAll(
        List.of(
            "--slot",
            SLOT,
            "--xlog-method",
            "stream",
            "--force-overwrite",
            "--write-recovery-conf",
            "-E",
            "./db_dumps",
            "-E",
            "./gpperfmon/data",
            "-E",
            "./gpperfmon/logs",
            "-E",
            "./promote",
            "-E",
            "./db_analyze",
            "--target-gp-dbid",
            String.valueOf(dbid),
            "--progress",
            "--verbose"));
    return args;
  }
}
