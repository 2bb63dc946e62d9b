package io.greenplum.mirrors.simulation;

import io.greenplum.mirrors.model.SegmentTools;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Set;

/**
 * SIMULATION. What the simulated mirror container checks before it starts, as postgres does (a data
 * directory with PG_VERSION and mode 0700 or 0750: operator-steps-on-real-cluster.txt, step 6), and
 * whether the directory it starts on is a complete copy (what the test asserts).
 */
final class MirrorDirectory {
  private static final Set<PosixFilePermission> ALLOWED =
      EnumSet.of(
          PosixFilePermission.OWNER_READ,
          PosixFilePermission.OWNER_WRITE,
          PosixFilePermission.OWNER_EXECUTE,
          PosixFilePermission.GROUP_READ,
          PosixFilePermission.GROUP_EXECUTE);

  private MirrorDirectory() {}

  /** Why postgres would not start on {@code dir}, or null when it would. */
  static String refusal(Path dir) {
    try {
      if (!Files.exists(dir.resolve("PG_VERSION"))) {
        return "could not open file \"" + dir.resolve("PG_VERSION") + "\"";
      }
      if (!ALLOWED.containsAll(Files.getPosixFilePermissions(dir))) {
        return "data directory \""
            + dir
            + "\" has invalid permissions: should be u=rwx (0700) or u=rwx,g=rx (0750)";
      }
      return null;
    } catch (IOException e) {
      return e.getMessage();
    }
  }

  /** The directory's timeline, as the fake pg_controldata reads it (1 when it says none). */
  static int timeline(Path dir) {
    try {
      Path control = dir.resolve("global/pg_control");
      if (Files.exists(control)) {
        String text = Files.readString(control).strip();
        if (text.startsWith("timeline ")) {
          return Integer.parseInt(text.substring("timeline ".length()).strip());
        }
      }
    } catch (IOException | NumberFormatException e) {
      return 1;
    }
    return 1;
  }

  /**
   * The directory is a finished copy: the operator's completion marker is next to it and (unless it
   * acts as primary) it still is a standby.
   */
  static boolean complete(Path dir, SegmentTools tools, boolean actingPrimary) {
    Path marker = dir.resolveSibling(".gpmirrors-" + dir.getFileName());
    return Files.exists(marker)
        && (actingPrimary || Files.exists(dir.resolve(tools.standbyFile())));
  }
}
