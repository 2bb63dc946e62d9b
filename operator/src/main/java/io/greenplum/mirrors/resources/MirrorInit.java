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
   * Where a directory that ran as a primary is rewound from, as whom, and how a utility session is
   * asked for; null when it must not be rewound (recovery.automatic false).
   */
  public record Rewind(String host, int port, String user, String utilityOptions) {}

  /**
   * --dir DIR --dbid DBID [--copy TOKEN] --standby-file FILE --acting-primary BOOL [--rewind-from
   * HOST:PORT --user USER --utility OPTIONS] [--retry-when TEXT] -- FIRST... [:: RETRY...], as the
   * script reads them.
   *
   * @param copyToken the volume's full-recovery token, or null
   * @param actingPrimary the catalog says this dbid acts as primary: its directory is used as it
   *     is, never copied or wiped
   * @param rewind where a directory that ran as a primary is rewound from, or null
   */
  public static List<String> arguments(
      SegmentTools tools,
      String dataDirectory,
      int dbid,
      String copyToken,
      boolean actingPrimary,
      Rewind rewind,
      BaseBackupCommand copy) {
    List<String> args =
        new ArrayList<>(List.of("--dir", dataDirectory, "--dbid", String.valueOf(dbid)));
    if (copyToken != null) {
      args.addAll(List.of("--copy", copyToken));
    }
    args.addAll(
        List.of(
            "--standby-file",
            tools.standbyFile(),
            "--acting-primary",
            String.valueOf(actingPrimary)));
    if (rewind != null && !actingPrimary) {
      args.addAll(
          List.of(
              "--rewind-from",
              rewind.host() + ":" + rewind.port(),
              "--user",
              rewind.user(),
              "--utility",
              rewind.utilityOptions()));
    }
    if (copy.retryWhen() != null) {
      args.addAll(List.of("--retry-when", copy.retryWhen()));
    }
    args.add("--");
    args.addAll(copy.first());
    if (!copy.retry().isEmpty()) {
      args.add("::");
      args.addAll(copy.retry());
    }
    return args;
  }

  /** The value after {@code flag} in the init container's arguments, or null. */
  public static String value(List<String> args, String flag) {
    int at = args.indexOf(flag);
    return at < 0 || at + 1 >= args.size() || args.subList(0, at).contains("--")
        ? null
        : args.get(at + 1);
  }
}
