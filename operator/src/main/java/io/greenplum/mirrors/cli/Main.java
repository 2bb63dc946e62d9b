package io.greenplum.mirrors.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** gpmirrors: the MirrorSet operator and its tools in one executable. */
@Command(
    name = "gpmirrors",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = "Greenplum segment mirrors, declared as a Kubernetes MirrorSet.",
    subcommands = {
      BenchCommand.class,
      DemoCommand.class,
      PlanCommand.class,
      RunCommand.class,
      StatusCommand.class,
      CommandLine.HelpCommand.class
    })
public final class Main {
  /** Exit code for input that is not valid (the CLI contract: every problem on stderr). */
  public static final int INVALID_INPUT = 2;

  private Main() {}

  public static void main(String[] args) {
    if (!LogFormat.configure()) {
      System.exit(INVALID_INPUT);
    }
    System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
  }

  /** Runs a command line with the given streams and returns its exit code. */
  public static int run(String[] args, PrintWriter out, PrintWriter err) {
    CommandLine cli = new CommandLine(new Main());
    cli.setOut(out);
    cli.setErr(err);
    cli.setExitCodeExceptionMapper(e -> INVALID_INPUT);
    cli.getCommandSpec().exitCodeOnInvalidInput(INVALID_INPUT);
    int code = cli.execute(args);
    out.flush();
    err.flush();
    return code;
  }

  /** The version the build wrote into version.properties (the image has no jar manifest). */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() throws java.io.IOException {
      java.util.Properties build = new java.util.Properties();
      try (var in = Main.class.getResourceAsStream("version.properties")) {
        if (in != null) {
          build.load(in);
        }
      }
      return new String[] {"gpmirrors " + build.getProperty("version", "development")};
    }
  }
}
