package io.greenplum.mirrors.cli;

import java.util.List;
import java.util.Optional;

/**
 * What demo and bench run on (an embedded PostgreSQL and the mock API server) and the image leaves
 * out: said in one line before anything starts, instead of a NoClassDefFoundError.
 */
final class SimulationLibraries {
  static final List<String> CLASSES =
      List.of(
          "io.zonky.test.db.postgres.embedded.EmbeddedPostgres",
          "io.fabric8.kubernetes.client.server.mock.KubernetesMockServer");

  private SimulationLibraries() {}

  /** Why {@code command} cannot run here, or empty when every library it needs is present. */
  static Optional<String> missing(String command, List<String> classes) {
    for (String name : classes) {
      try {
        Class.forName(name, false, SimulationLibraries.class.getClassLoader());
      } catch (ClassNotFoundException | LinkageError e) {
        return Optional.of(
            "gpmirrors "
                + command
                + " needs the simulation's libraries (embedded PostgreSQL, the mock API server),"
                + " which this installation leaves out (the container image does): run it from"
                + " the CLI download (gpmirrors-VERSION.tar.gz) or a checkout");
      }
    }
    return Optional.empty();
  }
}
