package io.greenplum.mirrors.simulation;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

/**
 * SIMULATION. The Greenplum programs a mirror image carries, as bash scripts that behave like the
 * real ones for what the operator's pods run (resources simulation/bin): pg_basebackup (copies, the
 * slot errors, the version's options), psql (a replication connection, refused or not) and postgres
 * --gp-version. The pods' own scripts run unchanged against them.
 */
public final class FakeTools {
  private static final List<String> PROGRAMS =
      List.of(
          "conninfo.sh",
          "pg_basebackup",
          "pg_controldata",
          "pg_rewind",
          "psql",
          "postgres",
          "rm",
          "simworld");

  private FakeTools() {}

  /** Writes the programs into {@code dir} (made executable) and returns it. */
  public static Path install(Path dir) {
    try {
      Files.createDirectories(dir);
      for (String name : PROGRAMS) {
        Path target = dir.resolve(name);
        try (InputStream in =
            FakeTools.class.getClassLoader().getResourceAsStream("simulation/bin/" + name)) {
          if (in == null) {
            throw new IllegalStateException("missing resource simulation/bin/" + name);
          }
          Files.write(target, in.readAllBytes());
        }
        Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rwxr-xr-x"));
      }
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
