package io.greenplum.mirrors.resources;

import io.greenplum.mirrors.model.SegmentTools;
import java.util.ArrayList;
import java.util.List;

/** The arguments of the mirror pod's init script ({@code scripts/mirror-init.sh}). */
public final class MirrorInit {
  /**
   * The script's exit status for a directory that ran as a primary and is neither used nor touched
   * now ("promoted: ...").
   */
  public static final int PROMOTED_EXIT = 3;

  /**
   * The script's exit status when a fact its next step needs is not there yet (the primary does not
   * answer before a wipe, a promoted source without a checkpoint): nothing was touched ("waiting:
   * ...").
   */
  public static final int WAITING_EXIT = 4;

  /**
   * Where the init container reads this dbid's catalog role: a downward-API file of the pod's
   * {@link io.greenplum.mirrors.api.Annotations#ROLE} annotation.
   */
  public static final String ROLE_DIRECTORY = "/etc/gpmirrors";

  public static final String ROLE_FILE = ROLE_DIRECTORY + "/role";

  private MirrorInit() {}

  /**
   * The content's other instance (the primary the mirror copies from, and what a directory that ran
   * as a primary is weighed against), as whom the pod connects, and how a utility session is asked
   * for.
   */
  public record Peer(String host, int port, String user, String utilityOptions) {}

  /**
   * --dir DIR --dbid DBID [--copy TOKEN] --standby-file FILE --acting-primary BOOL --peer HOST:PORT
   * --user USER --utility OPTIONS --role-file FILE [--rewind] [--retry-when TEXT] -- FIRST... [::
   * RETRY...], as the script reads them.
   *
   * @param copyToken the volume's full-recovery token, or null
   * @param actingPrimary the catalog said this dbid acts as primary when the pod was made (the
   *     script reads the role file first: this stands in only when it is missing)
   * @param rewind a directory that ran as a primary may be rewound onto a newer primary
   */
  public static List<String> arguments(
      SegmentTools tools,
      String dataDirectory,
      int dbid,
      String copyToken,
      boolean actingPrimary,
      Peer peer,
      boolean rewind,
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
            String.valueOf(actingPrimary),
            "--peer",
            peer.host() + ":" + peer.port(),
            "--user",
            peer.user(),
            "--utility",
            peer.utilityOptions(),
            "--role-file",
            ROLE_FILE));
    if (rewind) {
      args.add("--rewind");
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
