package io.greenplum.mirrors.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The kubectl plugin (src/bin/kubectl-gpmirrors), installed as README says (the script and the jar
 * in one directory), runs the jar with kubectl's arguments unchanged; without a jar it says where
 * it looked and exits 2. A stand-in java records what it is given.
 */
class KubectlPluginTest {
  @TempDir Path bin;

  private Process run(String... args) throws Exception {
    return runWith("17.0.9", args);
  }

  private Process runWith(String javaVersion, String... args) throws Exception {
    Path plugin = bin.resolve("kubectl-gpmirrors");
    Files.copy(Path.of("../src/bin/kubectl-gpmirrors"), plugin);
    Files.setPosixFilePermissions(plugin, PosixFilePermissions.fromString("rwxr-xr-x"));
    Path java = bin.resolve("fake-java");
    Files.writeString(
        java,
        "#!/bin/sh\n"
            + "if [ \"$1\" = -version ]; then echo 'openjdk version \""
            + javaVersion
            + "\" 2024-01-16' >&2; exit 0; fi\n"
            + "printf '%s\\n' \"$@\" > \"$(dirname \"$0\")/args\"\n");
    Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
    String[] command = new String[args.length + 1];
    command[0] = plugin.toString();
    System.arraycopy(args, 0, command, 1, args.length);
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    pb.environment().put("JAVA", java.toString());
    pb.environment().remove("GPMIRRORS_JAR");
    Process p = pb.start();
    assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
    return p;
  }

  @Test
  void kubectlGpmirrorsRunsTheJarBesideItWithTheSameArguments() throws Exception {
    Files.writeString(bin.resolve("gpmirrors.jar"), "jar");

    Process p = run("status", "-e", "-n", "green plum");

    assertThat(p.exitValue()).isZero();
    assertThat(Files.readAllLines(bin.resolve("args")))
        .containsExactly(
            "-jar", bin.resolve("gpmirrors.jar").toString(), "status", "-e", "-n", "green plum");
  }

  @Test
  void aJavaOlderThan17IsNamedAndNothingRuns() throws Exception {
    Files.writeString(bin.resolve("gpmirrors.jar"), "jar");

    Process p = runWith("11.0.22", "status");

    assertThat(p.exitValue()).isEqualTo(2);
    assertThat(new String(p.getInputStream().readAllBytes()))
        .contains("kubectl-gpmirrors: needs Java 17 or later", "is Java 11");
    assertThat(bin.resolve("args")).doesNotExist();
  }

  @Test
  void withoutTheJarItSaysSoAndExitsTwo() throws Exception {
    Process p = run("status");

    assertThat(p.exitValue()).isEqualTo(2);
    assertThat(new String(p.getInputStream().readAllBytes())).contains("set GPMIRRORS_JAR");
  }
}
