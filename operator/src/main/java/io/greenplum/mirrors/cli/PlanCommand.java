package io.greenplum.mirrors.cli;

import io.greenplum.mirrors.api.ManifestException;
import io.greenplum.mirrors.api.MirrorSet;
import io.greenplum.mirrors.api.MirrorSetSpec;
import io.greenplum.mirrors.api.MirrorSetYaml;
import io.greenplum.mirrors.api.PlacementStrategy;
import io.greenplum.mirrors.catalog.CatalogException;
import io.greenplum.mirrors.catalog.CoordinatorSettings;
import io.greenplum.mirrors.catalog.JdbcGreenplumCatalog;
import io.greenplum.mirrors.dump.DumpFormatException;
import io.greenplum.mirrors.dump.GpAddMirrorsConfigReader;
import io.greenplum.mirrors.dump.SegmentConfigurationReader;
import io.greenplum.mirrors.model.Segment;
import io.greenplum.mirrors.model.SegmentConfiguration;
import io.greenplum.mirrors.model.VersionFamily;
import io.greenplum.mirrors.plan.GpAddMirrorsConfig;
import io.greenplum.mirrors.plan.InputRules;
import io.greenplum.mirrors.plan.MirrorPlanner;
import io.greenplum.mirrors.plan.PlanResult;
import io.greenplum.mirrors.plan.Problem;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** gpmirrors plan: the offline planner, gpaddmirrors -o with validation. */
@Command(
    name = "plan",
    mixinStandardHelpOptions = true,
    description = {
      "Plans the mirrors a MirrorSet asks for, from a catalog dump, the way gpaddmirrors would.",
      "Prints the plan as a table and writes the gpaddmirrors config file with --output.",
      "Exit 0 with a plan; exit 2 with every problem listed on stderr, writing nothing."
    })
final class PlanCommand implements Callable<Integer> {
  @Spec private CommandSpec spec;

  /** Where the catalog comes from: a dump, or a live coordinator. */
  static final class Source {
    @Option(
        names = "--segments",
        required = true,
        paramLabel = "FILE",
        description =
            "SELECT * FROM gp_segment_configuration: psql aligned or unaligned output, or CSV.")
    Path segments;

    @Option(
        names = "--jdbc",
        required = true,
        paramLabel = "URL",
        description =
            "A live coordinator, e.g. jdbc:postgresql://mdw:5432/postgres; the password comes"
                + " from PGPASSWORD or --password-file, never the command line.")
    String jdbc;
  }

  @ArgGroup(multiplicity = "1")
  private Source source;

  @Option(
      names = "--user",
      defaultValue = "gpadmin",
      paramLabel = "USER",
      description = "With --jdbc: the user to connect as. Default: ${DEFAULT-VALUE}.")
  private String user;

  @Option(
      names = "--password-file",
      paramLabel = "FILE",
      description = "With --jdbc: a file holding the password (e.g. a mounted Secret).")
  private Path passwordFile;

  @Option(
      names = "--trusted-network",
      description =
          "With --jdbc: answer md5 or cleartext password requests without a verified server"
              + " (sslmode verify-ca or verify-full). Without it the password goes only by"
              + " scram-sha-256 or to a verified server.")
  private boolean trustedNetwork;

  @Option(
      names = "--filespaces",
      paramLabel = "FILE",
      description = "4.3/5: SELECT * FROM pg_filespace_entry, for the data directories.")
  private Path filespaces;

  @Option(names = "--mirrorset", required = true, paramLabel = "FILE", description = "MirrorSet.")
  private Path mirrorSet;

  @Option(
      names = "--mirrors-file",
      paramLabel = "FILE",
      description = "A gpaddmirrors -i file: plan exactly these mirrors (Explicit placement).")
  private Path mirrorsFile;

  @Option(
      names = "--format",
      defaultValue = "auto",
      paramLabel = "auto|4|6",
      description =
          "Config file format: 4 (4.3/5 mirror<n>= lines), 6 (content|address|port|datadir) or"
              + " auto (the catalog's). Default: ${DEFAULT-VALUE}.")
  private String format;

  @Option(
      names = {"-o", "--output"},
      paramLabel = "FILE",
      description = "Write the gpaddmirrors config file here.")
  private Path output;

  /** Set when the coordinator could not be reached: exit 1, the input may well be right. */
  private boolean unreachable;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    List<String> errors = new ArrayList<>();
    VersionFamily requested = parseFormat(errors);
    SegmentConfiguration cluster = readCluster(errors, err);
    MirrorSetSpec mirrorSetSpec = readMirrorSet(errors);
    if (!errors.isEmpty() || cluster == null || mirrorSetSpec == null) {
      return unreachable ? fail(err, errors, 1) : fail(err, errors);
    }
    PlanResult result = MirrorPlanner.plan(cluster, mirrorSetSpec);
    result.warnings().forEach(w -> err.println("warning: " + w.message()));
    result.errorsForAddingMirrors().forEach(e -> errors.add("[" + e.reason() + "] " + e.message()));
    VersionFamily fileFormat = requested == null ? cluster.family() : requested;
    if (errors.isEmpty()
        && fileFormat == VersionFamily.GP4_GP5
        && !cluster.family().hasReplicationPorts()) {
      errors.add(
          "--format "
              + format
              + " (Greenplum 4.3/5) writes replication ports, which this Greenplum "
              + cluster.family().label()
              + " cluster does not have: use --format 6");
    }
    if (!errors.isEmpty()) {
      return fail(err, errors);
    }
    if (output != null) {
      // Written before anything is printed: a plan that could not be saved is not shown as done.
      String text = GpAddMirrorsConfig.write(result.plan(), fileFormat);
      try {
        writeAtomically(output, text);
      } catch (IOException e) {
        return fail(err, List.of("cannot write --output " + output + ": " + written(e)));
      }
    }
    out.print(PlanTable.render(cluster, result.plan()));
    if (output != null) {
      out.println(
          "wrote "
              + output
              + ": "
              + result.plan().mirrors().size()
              + " mirrors, gpaddmirrors -i format for Greenplum "
              + fileFormat.label());
    }
    out.flush();
    return 0;
  }

  private VersionFamily parseFormat(List<String> errors) {
    return switch (format) {
      case "auto" -> null;
      case "4", "4.3", "5" -> VersionFamily.GP4_GP5;
      case "6", "7" -> VersionFamily.GP6_PLUS;
      default -> {
        errors.add("--format '" + format + "' is not one of auto, 4, 6");
        yield null;
      }
    };
  }

  private SegmentConfiguration readCluster(List<String> errors, PrintWriter err) {
    if (source.jdbc != null) {
      return readLiveCluster(errors);
    }
    Path segments = source.segments;
    SegmentConfiguration cluster;
    try {
      cluster = SegmentConfigurationReader.read(read(segments, "--segments"));
    } catch (IOException e) {
      errors.add(e.getMessage());
      return null;
    } catch (DumpFormatException e) {
      e.problems().forEach(p -> errors.add("--segments " + segments + ": " + p));
      return null;
    }
    if (filespaces == null) {
      if (cluster.family() == VersionFamily.GP4_GP5) {
        err.println(
            "note: Greenplum 4.3/5 keeps data directories in pg_filespace_entry; without"
                + " --filespaces the directory prefix defaults to "
                + SegmentConfiguration.DEFAULT_PREFIX
                + " and directory clashes with existing instances are not checked");
      }
      return cluster;
    }
    if (cluster.family() != VersionFamily.GP4_GP5) {
      errors.add(
          "--filespaces is for Greenplum 4.3/5 catalogs; this one has a datadir column (6+)");
      return null;
    }
    try {
      Map<Integer, String> byDbid =
          SegmentConfigurationReader.readFilespaces(read(filespaces, "--filespaces"));
      Set<Integer> unknown = new TreeSet<>(byDbid.keySet());
      cluster.segments().stream().map(Segment::dbid).forEach(unknown::remove);
      if (!unknown.isEmpty()) {
        err.println(
            "note: --filespaces names "
                + unknown.size()
                + " dbid(s) not in gp_segment_configuration ("
                + unknown
                + "); they were ignored");
      }
      return cluster.withDataDirectories(byDbid);
    } catch (IOException e) {
      errors.add(e.getMessage());
    } catch (DumpFormatException e) {
      e.problems().forEach(p -> errors.add("--filespaces " + filespaces + ": " + p));
    }
    return null;
  }

  private SegmentConfiguration readLiveCluster(List<String> errors) {
    if (filespaces != null) {
      errors.add("--filespaces goes with --segments; with --jdbc the catalog is read live");
      return null;
    }
    try {
      String password =
          passwordFile != null
              ? read(passwordFile, "--password-file").strip()
              : System.getenv("PGPASSWORD");
      CoordinatorSettings settings =
          CoordinatorSettings.fromJdbcUrl(source.jdbc, user, password).trusting(trustedNetwork);
      return new JdbcGreenplumCatalog(settings).segmentConfiguration();
    } catch (IllegalArgumentException | IOException e) {
      errors.add("--jdbc: " + e.getMessage());
    } catch (CatalogException e) {
      // plan reads once and stops: the operator's "retrying" is not said here.
      String message = e.getMessage().replaceFirst(";[^;]*retrying$", "");
      boolean noPassword = passwordFile == null && System.getenv("PGPASSWORD") == null;
      errors.add(
          "["
              + e.reason()
              + "] "
              + message
              + (noPassword
                  ? " (PGPASSWORD is not set and no --password-file was given: no password was"
                      + " sent)"
                  : ""));
      if (e.isTransient()) {
        unreachable = true;
      }
    }
    return null;
  }

  private MirrorSetSpec readMirrorSet(List<String> errors) {
    try {
      MirrorSet ms = MirrorSetYaml.read(read(mirrorSet, "--mirrorset"));
      List<Problem> named = new ArrayList<>();
      InputRules.name(ms.getMetadata() == null ? null : ms.getMetadata().getName(), named);
      named.forEach(p -> errors.add("[" + p.reason() + "] " + p.message()));
      MirrorSetSpec result = ms.getSpec();
      if (mirrorsFile != null) {
        result.getPlacement().setStrategy(PlacementStrategy.Explicit);
        result
            .getPlacement()
            .setMirrors(GpAddMirrorsConfigReader.read(read(mirrorsFile, "--mirrors-file")));
      }
      return result;
    } catch (IOException e) {
      errors.add(e.getMessage());
    } catch (ManifestException e) {
      errors.add("--mirrorset " + mirrorSet + ": " + e.getMessage());
    } catch (DumpFormatException e) {
      e.problems().forEach(p -> errors.add("--mirrors-file " + mirrorsFile + ": " + p));
    }
    return null;
  }

  private static String read(Path file, String option) throws IOException {
    try {
      return Files.readString(file, StandardCharsets.UTF_8).replace("\r\n", "\n");
    } catch (IOException e) {
      throw new IOException("cannot read " + option + " " + file + ": " + reason(e), e);
    }
  }

  /** Why the output could not be written: the message of ours, else the system's reason. */
  private static String written(IOException e) {
    return e.getClass() == IOException.class ? e.getMessage() : reason(e);
  }

  private static String reason(IOException e) {
    return e instanceof java.nio.file.NoSuchFileException
        ? "no such file"
        : e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " " + e.getMessage());
  }

  private static void writeAtomically(Path target, String text) throws IOException {
    Path dir = target.toAbsolutePath().getParent();
    if (!Files.isDirectory(dir)) {
      throw new IOException("the directory " + dir + " does not exist");
    }
    if (Files.isDirectory(target)) {
      throw new IOException("it is a directory");
    }
    Path temp = Files.createTempFile(dir, ".gpmirrors-", ".tmp");
    try {
      Files.writeString(temp, text, StandardCharsets.UTF_8);
      Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  private static int fail(PrintWriter err, List<String> errors) {
    return fail(err, errors, Main.INVALID_INPUT);
  }

  private static int fail(PrintWriter err, List<String> errors, int code) {
    errors.forEach(e -> err.println("error: " + e));
    err.println(
        "gpmirrors plan: " + errors.size() + " problem(s); nothing written (exit " + code + ")");
    err.flush();
    return code;
  }
}
