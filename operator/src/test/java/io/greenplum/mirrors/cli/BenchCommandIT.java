package io.greenplum.mirrors.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * gpmirrors bench on a small cluster: it runs every case and prints one row each, with its figure,
 * target and verdict. The figures at 1,000 mirrors are in README's "Performance".
 */
class BenchCommandIT {
  @Test
  void printsOneRowPerCaseWithItsFigureAndVerdict() {
    PlanCommandTest.Run run =
        PlanCommandTest.gpmirrors(
            "bench",
            "--hosts",
            "4",
            "--primaries-per-host",
            "2",
            "--max-parallel",
            "8",
            "--steady-seconds",
            "2",
            "--copy-seconds",
            "3",
            "--copying-seconds",
            "3");

    assertThat(run.out()).as("stderr:%n%s", run.err()).contains("S9 ");
    List<String> rows = run.out().lines().filter(l -> l.matches("^S[1-9][0-9]? .*")).toList();
    assertThat(rows)
        .as("the bench's output:%n%s", run.out())
        .extracting(r -> r.split(" ")[0])
        .containsExactly(
            "S1", "S2", "S2", "S3", "S4", "S4", "S5", "S6", "S7", "S8", "S9", "S10", "S10");
    assertThat(rows.get(11))
        .matches("S10 /metrics at 8 mirrors, KiB \\(\\d+ per-mirror series\\).*");
    // S2's writes are a figure at scale: on 8 mirrors the fixed writes (preflight pods) weigh.
    assertThat(rows.subList(0, 8))
        .filteredOn(r -> !r.startsWith("S2  API writes"))
        .allSatisfy(r -> assertThat(r).endsWith("yes"));
    assertThat(rows.get(1)).matches("S2  API writes per mirror to in sync \\(\\d+ in .*");
    assertThat(rows.get(2)).startsWith("S2  catalog calls per pass: adding 8 mirrors");
    assertThat(rows.get(0)).contains("registered (one transaction)");
    // A 3 s copy: the fixed cost of adding mirrors (preflight, registration, probe) shows.
    assertThat(rows.get(8)).contains("fixed cost");
    assertThat(rows.get(9)).contains("not measured (run from the jar)");
    assertThat(rows.get(10))
        .matches("S9  status MB per minute while 8 mirrors copy, 8 at once \\(\\d+ writes, .*")
        .endsWith("yes");
    assertThat(run.code())
        .as("1 when a measured case misses its target")
        .isEqualTo(rows.stream().anyMatch(r -> r.endsWith("NO")) ? 1 : 0);
  }
}
