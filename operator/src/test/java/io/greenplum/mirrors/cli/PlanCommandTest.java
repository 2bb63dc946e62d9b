package io.greenplum.mirrors.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.greenplum.mirrors.Fixtures;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class PlanCommandTest {
  @TempDir Path dir;

  /** What a run printed and returned. */
  record Run(int code, String out, String err) {}

  static Run gpmirrors(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(args, new PrintWriter(out), new PrintWriter(err));
    return new Run(code, out.toString(), err.toString());
  }

  static String mirrorSet(String placement, String ports, String dirs) {
    return """
        apiVersion: greenplum.io/v1alpha1
        kind: MirrorSet
        metadata: {name: test, namespace: default}
        spec:
          coordinator: {host: coordinator, passwordSecret: {name: gp, key: password}}
          placement: %s
          ports: %s
          dataDirectories: %s
          template: {image: greenplum:7}
          storage: {size: 10Gi}
        """
        .formatted(placement, ports, dirs);
  }

  Path write(String name, String text) throws Exception {
    return Files.writeString(dir.resolve(name), text);
  }

  @Test
  void writesTheSeedsAddmirrorFileByteForByte() throws Exception {
    Path ms =
        write(
            "seed.yaml",
            mirrorSet(
                "{strategy: Group, allowSameHost: true}",
                "{mirrorBase: 41000, mirrorReplicationBase: 42000, replicationBase: 43000}",
                "[/disk1/digoal/gpdata_mirror]"));
    Path out = dir.resolve("addmirror");

    Run run =
        gpmirrors(
            "plan",
            "--segments",
            Fixtures.path("gp43-seed/gp_segment_configuration.before.txt").toString(),
            "--filespaces",
            Fixtures.path("gp43-seed/pg_filespace_entry.after.txt").toString(),
            "--mirrorset",
            ms.toString(),
            "--output",
            out.toString());

    assertThat(run.code()).as(run.err()).isZero();
    assertThat(Files.readString(out)).isEqualTo(Fixtures.read("gp43-seed/addmirror"));
    assertThat(run.out())
        .contains("Greenplum 4.3/5 cluster: 23 primaries on 1 host(s); strategy Group; 23 mirrors")
        .contains(
            "     22    47  digoal.sqa.zmf:50011  digoal.sqa.zmf:41022        42022         43022 "
                + " /disk1/digoal/gpdata_mirror/gpseg22");
  }

  @Test
  void writesTheRealGreenplum7SampleInTheFormatAsked() throws Exception {
    Path ms =
        write(
            "gp7.yaml",
            mirrorSet(
                "{strategy: Group, allowSameHost: true}",
                "{offset: 3}",
                "[/data/gpdemo/dbfast_mirror1, /data/gpdemo/dbfast_mirror2,"
                    + " /data/gpdemo/dbfast_mirror3]"));
    Path out = dir.resolve("sample.conf");

    Run run =
        gpmirrors(
            "plan",
            "--segments",
            Fixtures.path("gp7-real/01-mirrorless.txt").toString(),
            "--mirrorset",
            ms.toString(),
            "--format",
            "6",
            "-o",
            out.toString());

    assertThat(run.code()).as(run.err()).isZero();
    assertThat(Files.readAllLines(out))
        .containsExactlyElementsOf(
            Fixtures.read("gp7-real/gpaddmirrors.sample-config.conf")
                .lines()
                .filter(l -> !l.startsWith("#"))
                .toList());
  }

  @Test
  void aMirrorsFileReplacesThePlacement() throws Exception {
    Path ms = write("any.yaml", mirrorSet("{allowSameHost: true}", "{}", "[/x]"));
    Path file = write("in.conf", "2|vm|7107|/m/d2\n0|vm|7105|/m/d0\n1|vm|7106|/m/d1\n");

    Run run =
        gpmirrors(
            "plan",
            "--segments",
            Fixtures.path("gp7-real/01-mirrorless.txt").toString(),
            "--mirrorset",
            ms.toString(),
            "--mirrors-file",
            file.toString());

    assertThat(run.code()).as(run.err()).isZero();
    assertThat(run.out())
        .contains("strategy Explicit")
        .contains("2     5  vm:7004")
        .contains("vm:7107");
  }

  static final String GP7 = Fixtures.path("gp7-real/01-mirrorless.txt").toString();
  static final String GOOD =
      mirrorSet("{allowSameHost: true}", "{offset: 3}", "[/data/m1, /data/m2, /data/m3]");

  @ParameterizedTest(name = "{0}")
  @MethodSource({"badCatalogs", "badManifests", "badPlans", "badOptions"})
  void everyBadInputGetsItsOwnErrorExitTwoAndWritesNothing(BadInput c) throws Exception {
    Path out = dir.resolve("out");
    List<String> args = new ArrayList<>(List.of("plan", "--output", out.toString()));
    args.addAll(
        List.of("--segments", c.catalog() == null ? GP7 : write("cat", c.catalog()).toString()));
    args.addAll(List.of("--mirrorset", write("ms.yaml", c.mirrorSet()).toString()));
    args.addAll(c.extraArgs());

    Run run = gpmirrors(args.toArray(String[]::new));

    assertThat(run.code()).as(run.err()).isEqualTo(2);
    assertThat(run.err()).contains(c.expected()).doesNotContain("Exception");
    assertThat(run.out()).isEmpty();
    assertThat(out).doesNotExist();
  }

  @Test
  void anUnreachableCoordinatorIsOneTryNotARetryAndAMissingPasswordIsSaid() throws Exception {
    int closed;
    try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
      closed = socket.getLocalPort();
    }

    Run run =
        gpmirrors(
            "plan",
            "--jdbc",
            "jdbc:postgresql://127.0.0.1:" + closed + "/postgres",
            "--mirrorset",
            write("ms.yaml", GOOD).toString());

    assertThat(run.code()).as(run.err()).isEqualTo(1);
    assertThat(run.err()).contains("[CoordinatorUnreachable]").doesNotContain("retrying");
    if (System.getenv("PGPASSWORD") == null) {
      assertThat(run.err()).contains("PGPASSWORD is not set and no --password-file was given");
    }
  }

  @Test
  void anOutputInAMissingDirectoryIsSaidAndNoPlanIsShownAsDone() throws Exception {
    Path missing = dir.resolve("no-such-dir").resolve("addmirror");

    Run run =
        gpmirrors(
            "plan",
            "--output",
            missing.toString(),
            "--segments",
            GP7,
            "--mirrorset",
            write("ms.yaml", GOOD).toString());

    assertThat(run.code()).isEqualTo(2);
    assertThat(run.err())
        .contains(
            "cannot write --output "
                + missing
                + ": the directory "
                + missing.getParent()
                + " does not exist");
    assertThat(run.out()).as("the plan is not printed as if saved").isEmpty();
  }

  @Test
  void atLeastFifteenDistinctBadInputsAreCovered() {
    List<BadInput> all = new ArrayList<>();
    all.addAll(badCatalogs().toList());
    all.addAll(badManifests().toList());
    all.addAll(badPlans().toList());
    all.addAll(badOptions().toList());

    assertThat(all.stream().map(BadInput::expected).distinct()).hasSizeGreaterThanOrEqualTo(15);
  }

  static Stream<BadInput> badCatalogs() {
    return Stream.of(
        bad(
            "short catalog line",
            catalog("    2 |  0 | p | p | n | u | 7002 | vm | vm"),
            GOOD,
            "line 4: expected 10 fields separated by '|'"),
        bad(
            "bad role",
            catalog("    2 |  0 | q | p | n | u | 7002 | vm | vm | /d/p0"),
            GOOD,
            "line 4: role 'q' is not valid: expected p or m"),
        bad(
            "4.3 mode in a 6+ catalog",
            catalog("    2 |  0 | p | p | r | u | 7002 | vm | vm | /d/p0"),
            GOOD,
            "line 4: mode 'r' is not valid: expected one of s, n (Greenplum 6+)"),
        bad(
            "row count",
            catalog("    2 |  0 | p | p | n | u | 7002 | vm | vm | /d/p0")
                .replace("(2 rows)", "(3 rows)"),
            GOOD,
            "psql says (3 rows) but 2 rows were read"),
        bad(
            "not the catalog",
            Fixtures.read("gp43-seed/pg_filespace_entry.after.txt"),
            GOOD,
            "neither datadir (Greenplum 6+) nor replication_port (4.3/5)"),
        bad(
            "duplicate dbid",
            catalog("    1 |  0 | p | p | n | u | 7002 | vm | vm | /d/p0"),
            GOOD,
            "dbid 1 twice"));
  }

  static Stream<BadInput> badManifests() {
    return Stream.of(
        bad(
            "unknown field",
            null,
            GOOD.replace("allowSameHost", "allowSamehost"),
            "spec.placement.allowSamehost: unknown field 'allowSamehost'"),
        bad(
            "bad strategy",
            null,
            GOOD.replace("{allowSameHost", "{strategy: Grouped, allowSameHost"),
            "spec.placement.strategy: 'Grouped' is not valid: expected one of Group, Spread,"
                + " Explicit"),
        bad(
            "wrong kind",
            null,
            GOOD.replace("kind: MirrorSet", "kind: Pod"),
            "expected apiVersion: greenplum.io/v1alpha1 and kind: MirrorSet, found"),
        bad("not YAML", null, "spec:\n  placement: {strategy: Group\n", "not valid YAML"),
        bad(
            "list where a mapping belongs",
            null,
            GOOD.replace("placement: {allowSameHost: true}", "placement: [Group]"),
            "spec.placement: expected a mapping of fields"),
        bad(
            "maxParallel 0",
            null,
            GOOD + "  maxParallel: 0\n",
            "[MaxParallelOutOfRange] maxParallel 0 is outside 1..64"),
        bad(
            "offset as a string",
            null,
            GOOD.replace("{offset: 3}", "{offset: \"3\"}"),
            "spec.ports.offset"),
        bad(
            "coordinator port 0",
            null,
            GOOD.replace("{host: coordinator,", "{host: coordinator, port: 0,"),
            "[PortOutOfRange] coordinator.port 0 is outside 1..65535"),
        bad(
            "coordinator port -1",
            null,
            GOOD.replace("{host: coordinator,", "{host: coordinator, port: -1,"),
            "[PortOutOfRange] coordinator.port -1 is outside 1..65535"),
        bad(
            "coordinator port 65536",
            null,
            GOOD.replace("{host: coordinator,", "{host: coordinator, port: 65536,"),
            "[PortOutOfRange] coordinator.port 65536 is outside 1..65535"));
  }

  @Test
  void everyProblemOfAManifestIsSaidAtOnce() throws Exception {
    String both = GOOD.replace("size: 10Gi", "size: ten") + "  maxParallel: 0\n";
    Run run =
        gpmirrors(
            "plan",
            "--output",
            dir.resolve("out").toString(),
            "--segments",
            GP7,
            "--mirrorset",
            write("ms.yaml", both).toString());

    assertThat(run.code()).isEqualTo(2);
    assertThat(run.err())
        .contains("[InvalidQuantity] storage.size 'ten'")
        .contains("[MaxParallelOutOfRange] maxParallel 0 is outside 1..64")
        .contains("2 problem(s)");
  }

  static Stream<BadInput> badPlans() {
    return Stream.of(
        bad(
            "port base above 65535",
            null,
            GOOD.replace("{offset: 3}", "{mirrorBase: 70000}"),
            "[PortOutOfRange] ports.mirrorBase 70000 is outside 1..65535"),
        bad(
            "mirror on its primary's host",
            null,
            GOOD.replace("{allowSameHost: true}", "{}"),
            "[MirrorOnPrimaryHost] host vm: the mirror(s) of content(s) 0, 1, 2 would run on the"
                + " same host as their primary"),
        bad(
            "spread on one host",
            null,
            GOOD.replace("{allowSameHost", "{strategy: Spread, allowSameHost"),
            "[SpreadNeedsMoreHosts] Spread puts the 3 mirrors of host vm's primaries on as many"
                + " other hosts, but only 0 other mirror host(s) exist"),
        bad(
            "relative location",
            null,
            GOOD.replace("[/data/m1, /data/m2, /data/m3]", "[data/mirror]"),
            "[RelativeDataLocation] dataDirectories[0] 'data/mirror' must be an absolute path"),
        bad(
            "two locations for three primaries",
            null,
            GOOD.replace("[/data/m1, /data/m2, /data/m3]", "[/a, /b]"),
            "[DataLocationCount] dataDirectories has 2 locations: give 1 for all mirrors, or 3"),
        bad(
            "explicit without mirrors",
            null,
            GOOD.replace("{allowSameHost", "{strategy: Explicit, allowSameHost"),
            "[ExplicitWithoutMirrors] placement.strategy Explicit needs placement.mirrors"),
        bad(
            "explicit duplicate content",
            null,
            GOOD.replace("{allowSameHost: true}", EXPLICIT_WITH_DUPLICATE),
            "[DuplicateContent] placement.mirrors[1]: content 0 is listed more than once"),
        bad(
            "explicit unknown content",
            null,
            GOOD.replace("{allowSameHost: true}", EXPLICIT_WITH_DUPLICATE),
            "[UnknownContent] placement.mirrors[2]: content 9 has no primary"),
        bad(
            "mirror ports on the primaries' ports",
            null,
            GOOD.replace("{offset: 3}", "{offset: 0}"),
            "[PortConflict] host vm: port 7002 is used by primary content 0 (dbid 2) and mirror"
                + " content 0"),
        bad(
            "already mirrored",
            Fixtures.read("gp7-real/03-synchronized.txt"),
            mirrorSet(
                "{allowSameHost: true}",
                "{offset: 3}",
                "[/data/gpdemo/dbfast_mirror1, /data/gpdemo/dbfast_mirror2,"
                    + " /data/gpdemo/dbfast_mirror3]"),
            "[AlreadyMirrored] every content already has a mirror, equal to this plan"),
        bad(
            "partially mirrored",
            Fixtures.read("gp7-real/02a-partial-one-mirror.txt"),
            GOOD,
            "[PartialMirroring] only some contents have a mirror (content(s) [0] have a mirror,"
                + " content(s) [1, 2] have none)"));
  }

  static Stream<BadInput> badOptions() {
    return Stream.of(
        bad(
            "4.3 format for a 6+ cluster",
            null,
            GOOD,
            "--format 4 (Greenplum 4.3/5) writes replication ports, which this Greenplum 6+"
                + " cluster does not have",
            "--format",
            "4"),
        bad(
            "5 is answered as 5",
            null,
            GOOD,
            "--format 5 (Greenplum 4.3/5) writes replication ports",
            "--format",
            "5"),
        bad(
            "unknown format",
            null,
            GOOD,
            "--format '5.1' is not one of auto, 4, 6",
            "--format",
            "5.1"),
        bad(
            "filespaces for a 6+ catalog",
            null,
            GOOD,
            "--filespaces is for Greenplum 4.3/5 catalogs",
            "--filespaces",
            Fixtures.path("gp43-seed/pg_filespace_entry.after.txt").toString()),
        bad(
            "malformed mirrors file",
            null,
            GOOD,
            "--mirrors-file",
            "--mirrors-file",
            Fixtures.path("gp43-seed/gp_segment_configuration.before.txt").toString()));
  }

  static final String EXPLICIT_WITH_DUPLICATE =
      "{strategy: Explicit, allowSameHost: true, mirrors: ["
          + "{content: 0, host: vm, port: 7105, dataDirectory: /m/0},"
          + "{content: 0, host: vm, port: 7106, dataDirectory: /m/1},"
          + "{content: 9, host: vm, port: 7107, dataDirectory: /m/9}]}";

  @Test
  void aMissingFileIsNamed() {
    Run run =
        gpmirrors(
            "plan", "--segments", dir.resolve("nope.txt").toString(), "--mirrorset", "x.yaml");

    assertThat(run.code()).isEqualTo(2);
    assertThat(run.err())
        .contains("error: cannot read --segments " + dir.resolve("nope.txt") + ": no such file")
        .contains("error: cannot read --mirrorset x.yaml: no such file");
  }

  @Test
  void aMissingOptionIsAUsageError() {
    Run run = gpmirrors("plan", "--segments", "x");

    assertThat(run.code()).isEqualTo(2);
    assertThat(run.err()).contains("Missing required option: '--mirrorset=FILE'");
  }

  record BadInput(
      String name, String catalog, String mirrorSet, String expected, List<String> extraArgs) {}

  static BadInput bad(
      String name, String catalog, String mirrorSet, String expected, String... extra) {
    return new BadInput(name, catalog, mirrorSet, expected, List.of(extra));
  }

  static String catalog(String primaryRow) {
    return """
         dbid | content | role | preferred_role | mode | status | port | hostname | address | datadir
        ------+---------+------+----------------+------+--------+------+----------+---------+--------
            1 |      -1 | p    | p              | n    | u      | 7000 | vm       | vm      | /d/c-1
        %s
        (2 rows)
        """
        .formatted(primaryRow);
  }
}
