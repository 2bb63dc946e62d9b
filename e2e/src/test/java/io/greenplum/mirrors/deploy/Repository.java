package io.greenplum.mirrors.deploy;

import java.nio.file.Files;
import java.nio.file.Path;

/** The checkout's root folder, found from the module's working directory. */
final class Repository {
  private Repository() {}

  static Path root() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null
        && !(Files.isDirectory(dir.resolve("deploy")) && Files.isDirectory(dir.resolve("crds")))) {
      dir = dir.getParent();
    }
    if (dir == null) {
      throw new IllegalStateException("no deploy/ and crds/ above " + Path.of("").toAbsolutePath());
    }
    return dir;
  }

  static Path deploy() {
    return root().resolve("deploy");
  }
}
