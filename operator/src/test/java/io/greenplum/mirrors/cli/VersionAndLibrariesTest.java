package io.greenplum.mirrors.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

class VersionAndLibrariesTest {
  @Test
  void versionIsTheBuildsEvenWithoutAJarManifest() {
    StringWriter out = new StringWriter();

    int code =
        Main.run(new String[] {"--version"}, new PrintWriter(out), new PrintWriter(System.err));

    assertThat(code).isZero();
    // Run from target/classes here: no manifest, as in the image.
    assertThat(out.toString().strip()).matches("gpmirrors \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?");
  }

  @Test
  void aCommandWhoseLibrariesAreLeftOutSaysSoInOneLine() {
    assertThat(SimulationLibraries.missing("demo", SimulationLibraries.CLASSES)).isEmpty();

    assertThat(SimulationLibraries.missing("demo", List.of("io.zonky.NotHere")))
        .hasValueSatisfying(
            m ->
                assertThat(m)
                    .startsWith("gpmirrors demo needs the simulation's libraries")
                    .contains("gpmirrors-VERSION.tar.gz")
                    .doesNotContain("\n"));
  }
}
