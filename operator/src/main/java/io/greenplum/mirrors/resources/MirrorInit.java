package io.greenplum.mirrors.resources;

import io.greenplum.mirrors.model.SegmentTools;
import java.util.ArrayList;
import java.util.List;

/** The arguments of the mirror pod's init script ({@code scripts/mirror-init.sh}). */
public final class MirrorInit {
  /** The script's exit status for a directory that ran as a primary and must not be used. */
  public static final int PROMOTED_EXIT = 3;

  private MirrorInit() {}

  /**
   * DIR DBID STANDBY_FILE ACTING_PRIMARY RETRY_WHEN FIRST... [:: RETRY...], as the script reads
   * them.
   *
   * @param actingPrimary the catalog says this dbid acts as primary: its directory is used as it
   *     is, never copied or wiped
   */
  public static List<String> arguments(
      SegmentTools tools,
      String dataDirectory,
      int dbid,
      boolean actingPrimary,
      BaseBackupCommand copy) {
    List<String> args = new ArrayList<>();
    args.add(dataDirectory);
    args.add(String.valueOf(dbid));
    args.add(tools.standbyFile());
    args.add(String.valueOf(actingPrimary));
    args.add(copy.retryWhen() == null ? "" : copy.retryWhen());
    args.addAll(copy.first());
    if (!copy.retry().isEmpty()) {
      args.add("::");
      args.addAll(copy.retry());
    }
    return args;
  }
}
