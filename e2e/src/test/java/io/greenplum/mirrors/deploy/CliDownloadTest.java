package io.greenplum.mirrors.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CLI as one download (operator/target/gpmirrors-VERSION.tar.gz): copied alone to a folder of
 * its own, unpacked, its bin/gpmirrors plans the seed's mirrors byte for byte as gpaddmirrors -o
 * did, and bin/kubectl-gpmirrors runs the same jar.
 */
class CliDownloadTest {
  @TempDir Path dir;

  private static Path download() throws Exception {
    try (Stream<Path> files = Files.list(Repository.root().resolve("operator/target"))) {
      return files
          .filter(f -> f.getFileName().toString().matches("gpmirrors-.+\\.tar\\.gz"))
          .findFirst()
          .orElseThrow(() -> new AssertionError("no gpmirrors-*.tar.gz: run mvn package"));
    }
  }

  private String run(List<String> command, int exit) throws Exception {
    Process p =
        new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isEqualTo(exit);
    return out;
  }

  @Test
  void theDownloadAloneRunsPlanOnTheSeed() throws Exception {
    Path tarball = Files.copy(download(), dir.resolve(download().getFileName()));
    run(List.of("tar", "xzf", tarball.toString()), 0);
    Path home;
    try (Stream<Path> unpacked = Files.list(dir)) {
      home = unpacked.filter(Files::isDirectory).findFirst().orElseThrow();
    }
    Path seed = Repository.root().resolve("operator/src/test/resources/fixtures/gp43-seed");
    Path out = dir.resolve("addmirror");

    run(
        List.of(
            home.resolve("bin/gpmirrors").toString(),
            "plan",
            "--segments",
            seed.resolve("gp_segment_configuration.before.txt").toString(),
            "--filespaces",
            seed.resolve("pg_filespace_entry.after.txt").toString(),
            "--mirrorset",
            Repository.deploy().resolve("samples/mirrorset-single-host.yaml").toString(),
            "--output",
            out.toString()),
        0);

    assertThat(Files.readString(out)).isEqualTo(Files.readString(seed.resolve("addmirror")));
    assertThat(run(List.of(home.resolve("bin/kubectl-gpmirrors").toString(), "--version"), 0))
        .startsWith("gpmirrors ");
    assertThat(Files.exists(home.resolve("share/gpmirrors/lib"))).isTrue();
  }
}
