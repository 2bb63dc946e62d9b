package io.greenplum.mirrors.dump;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

/**
 * Malformed gp_segment_configuration dumps, made from the real Greenplum 7 and 4.3 captures: each
 * is refused with problems that say where (a line, a column, a content), never a stack trace and
 * never a half-read cluster.
 */
class MalformedDumpPropertiesTest {
  private static final List<String> FIXTURES =
      List.of(
          "src/test/resources/fixtures/gp7-real/03-synchronized.txt",
          "src/test/resources/fixtures/gp43-seed/gp_segment_configuration.before.txt");

  /** A way to break a dump: its name and the broken text. */
  record Broken(String kind, String text) {
    @Override
    public String toString() {
      return kind + ":\n" + text;
    }
  }

  @Property(tries = 300)
  void everyMalformedDumpIsRefusedWithWhere(@ForAll("broken") Broken dump) {
    Statistics.collect(dump.kind());
    Throwable thrown = catchThrowable(() -> SegmentConfigurationReader.read(dump.text()));
    assertThat(thrown).as(dump.kind()).isInstanceOf(DumpFormatException.class);
    List<String> problems = ((DumpFormatException) thrown).problems();
    assertThat(problems).isNotEmpty();
    assertThat(problems)
        .allSatisfy(
            p ->
                assertThat(p)
                    .containsAnyOf("line ", "content ", "header", "dump", "no primary", "rows"));
  }

  @Provide
  Arbitrary<Broken> broken() throws Exception {
    List<List<String>> fixtures = new ArrayList<>();
    for (String f : FIXTURES) {
      fixtures.add(Files.readAllLines(Path.of(f)));
    }
    Arbitrary<List<String>> fixture = Arbitraries.of(fixtures);
    Arbitrary<Integer> pick = Arbitraries.integers().between(0, 1000);
    Arbitrary<String> junk =
        Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(8).map(s -> "x" + s);
    Arbitrary<Integer> mutation = Arbitraries.integers().between(0, 8);
    return Combinators.combine(fixture, mutation, pick, junk)
        .as((lines, m, n, word) -> mutate(lines, m, n, word));
  }

  private static Broken mutate(List<String> original, int mutation, int n, String word) {
    List<String> lines = new ArrayList<>(original);
    List<Integer> rows = dataRows(lines);
    int row = rows.get(n % rows.size());
    List<String> cells = new ArrayList<>(List.of(lines.get(row).split("\\|", -1)));
    String header =
        lines.stream().filter(l -> l.contains("dbid") && l.contains("|")).findFirst().get();
    List<String> columns = List.of(header.split("\\|", -1)).stream().map(String::strip).toList();
    return switch (mutation) {
      case 0 -> {
        int column = List.of("dbid", "content", "port").get(n % 3).equals("dbid") ? 0 : n % 2 + 1;
        int index =
            column == 0
                ? columns.indexOf("dbid")
                : column == 1 ? columns.indexOf("content") : columns.indexOf("port");
        cells.set(index, " " + word + " ");
        lines.set(row, String.join("|", cells));
        yield new Broken("a number is text", String.join("\n", lines));
      }
      case 1 -> {
        cells.remove(cells.size() - 1 - n % 2);
        lines.set(row, String.join("|", cells));
        yield new Broken("a cell missing", String.join("\n", lines));
      }
      case 2 -> {
        lines.add(row, lines.get(row));
        yield new Broken("a row twice", String.join("\n", lines));
      }
      case 3 -> {
        cells.set(columns.indexOf("role"), " " + "abcdefghijklnoqrstuvwxyz".charAt(n % 24) + " ");
        lines.set(row, String.join("|", cells));
        yield new Broken("a role that is not p or m", String.join("\n", lines));
      }
      case 4 -> {
        int port = List.of(0, -5, 65536, 70000, 1_000_000).get(n % 5);
        cells.set(columns.indexOf("port"), " " + port + " ");
        lines.set(row, String.join("|", cells));
        yield new Broken("a port out of range", String.join("\n", lines));
      }
      case 5 -> {
        lines.remove(header);
        yield new Broken("no header", String.join("\n", lines));
      }
      case 6 -> {
        // A primary's content becomes another primary's: two primaries for one content.
        List<Integer> primaries =
            rows.stream()
                .filter(r -> cellOf(lines.get(r), columns, "preferred_role").equals("p"))
                .filter(r -> !cellOf(lines.get(r), columns, "content").equals("-1"))
                .toList();
        int a = primaries.get(n % primaries.size());
        int b = primaries.get((n + 1) % primaries.size());
        List<String> broken = new ArrayList<>(List.of(lines.get(a).split("\\|", -1)));
        broken.set(
            columns.indexOf("content"), " " + cellOf(lines.get(b), columns, "content") + " ");
        lines.set(a, String.join("|", broken));
        yield new Broken("two primaries for one content", String.join("\n", lines));
      }
      case 7 -> {
        cells.set(columns.indexOf("hostname"), " sdw" + word + "\tx ");
        lines.set(row, String.join("|", cells));
        yield new Broken("a host name with a tab", String.join("\n", lines));
      }
      default -> {
        List<String> kept = new ArrayList<>(lines);
        kept.removeIf(l -> dataRows(lines).contains(lines.indexOf(l)));
        yield new Broken("no rows", String.join("\n", kept));
      }
    };
  }

  private static String cellOf(String line, List<String> columns, String column) {
    return line.split("\\|", -1)[columns.indexOf(column)].strip();
  }

  private static List<Integer> dataRows(List<String> lines) {
    List<Integer> rows = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      String l = lines.get(i).strip();
      if (l.contains("|") && !l.contains("dbid") && l.matches("^[0-9].*")) {
        rows.add(i);
      }
    }
    return rows;
  }
}
