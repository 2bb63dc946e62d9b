package io.greenplum.mirrors.dump;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.greenplum.mirrors.Fixtures;
import io.greenplum.mirrors.model.Role;
import io.greenplum.mirrors.model.Segment;
import io.greenplum.mirrors.model.SegmentConfiguration;
import io.greenplum.mirrors.model.SegmentMode;
import io.greenplum.mirrors.model.SegmentStatus;
import io.greenplum.mirrors.model.VersionFamily;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SegmentConfigurationReaderTest {

  @Test
  void readsTheSeedsGreenplum43CatalogWithoutLeadingSpaces() throws Exception {
    SegmentConfiguration seed =
        SegmentConfigurationReader.read(
            Fixtures.read("gp43-seed/gp_segment_configuration.before.txt"));

    assertThat(seed.family()).isEqualTo(VersionFamily.GP4_GP5);
    assertThat(seed.segments()).hasSize(24);
    assertThat(seed.primaries()).hasSize(23);
    assertThat(seed.mirrors()).isEmpty();
    assertThat(seed.coordinator()).get().extracting(Segment::port).isEqualTo(1921);
    Segment content22 = seed.primariesByContent().get(22);
    assertThat(content22.port()).isEqualTo(50011);
    assertThat(content22.replicationPort()).isEqualTo(43022);
    assertThat(content22.hostname()).isEqualTo("digoal.sqa.zmf");
    assertThat(seed.primaryHosts()).containsExactly("digoal.sqa.zmf");
  }

  @Test
  void readsFilespacesForTheDataDirectories() throws Exception {
    Map<Integer, String> dirs =
        SegmentConfigurationReader.readFilespaces(
            Fixtures.read("gp43-seed/pg_filespace_entry.after.txt"));
    SegmentConfiguration seed =
        SegmentConfigurationReader.read(
                Fixtures.read("gp43-seed/gp_segment_configuration.before.txt"))
            .withDataDirectories(dirs);

    assertThat(dirs).hasSize(47);
    assertThat(seed.coordinator().get().dataDirectory()).isEqualTo("/disk1/digoal/gpdata/gpseg-1");
    assertThat(seed.primariesByContent().get(0).dataDirectory())
        .isEqualTo("/disk1/digoal/gpdata/gpseg0");
    assertThat(seed.dataDirectoryPrefix()).isEqualTo("gpseg");
  }

  @ParameterizedTest
  @CsvSource({
    "01-mirrorless.txt, 4, 0",
    "02-registered-not-streaming.txt, 7, 3",
    "02a-partial-one-mirror.txt, 5, 1",
    "03-synchronized.txt, 7, 3",
    "04-mirror-down.txt, 7, 3",
    "04b-recoverseg-returned-mirror-still-down.txt, 7, 3",
    "04c-recovered-after-fts-probe.txt, 7, 3",
    "05-roles-switched.txt, 7, 3",
    "05b-recovered-roles-still-switched.txt, 7, 3",
    "06-rebalanced.txt, 7, 3",
    "07-after-full-recovery.txt, 7, 3",
    "08-mirrors-removed-mode-still-s.txt, 4, 0"
  })
  void readsEveryRealGreenplum7CatalogState(String file, int rows, int mirrors) throws Exception {
    SegmentConfiguration cluster =
        SegmentConfigurationReader.read(Fixtures.read("gp7-real/" + file));

    assertThat(cluster.family()).isEqualTo(VersionFamily.GP6_PLUS);
    assertThat(cluster.segments()).hasSize(rows);
    assertThat(cluster.mirrors()).hasSize(mirrors);
    assertThat(cluster.primaries()).hasSize(3);
    assertThat(cluster.dataDirectoryPrefix()).isEqualTo("demoDataDir");
  }

  @Test
  void keepsTheRolesOfAFailedOverPair() throws Exception {
    SegmentConfiguration switched =
        SegmentConfigurationReader.read(Fixtures.read("gp7-real/05-roles-switched.txt"));

    Segment oldPrimary = switched.primariesByContent().get(0);
    Segment actingPrimary = switched.mirrorsByContent().get(0);
    assertThat(oldPrimary.dbid()).isEqualTo(2);
    assertThat(oldPrimary.role()).isEqualTo(Role.MIRROR);
    assertThat(oldPrimary.status()).isEqualTo(SegmentStatus.DOWN);
    assertThat(actingPrimary.dbid()).isEqualTo(5);
    assertThat(actingPrimary.role()).isEqualTo(Role.PRIMARY);
    assertThat(actingPrimary.mode()).isEqualTo(SegmentMode.NOT_IN_SYNC);
  }

  @Test
  void readsUnalignedCsvAndBorderedOutputAlike() throws Exception {
    String unaligned =
        """
        postgres=# \\pset format unaligned
        dbid|content|role|preferred_role|mode|status|port|hostname|address|datadir
        1|-1|p|p|n|u|5432|mdw|mdw|/data/c/gpseg-1
        2|0|p|p|n|u|6000|sdw1|sdw1|/data/p/gpseg0
        3|1|p|p|n|u|6000|sdw2|sdw2|/data/p/gpseg1
        (3 rows)
        """;
    String csv =
        """
        port,dbid,content,role,preferred_role,mode,status,hostname,address,datadir,warehouseid
        5432,1,-1,p,p,n,u,mdw,mdw,"/data/c/gpseg-1",0
        6000,3,1,p,p,n,u,sdw2,sdw2,/data/p/gpseg1,0
        6000,2,0,p,p,n,u,sdw1,sdw1,/data/p/gpseg0,0
        """;
    String bordered =
        """
        SELECT * FROM gp_segment_configuration;
        +------+---------+------+----------------+------+--------+------+----------+---------+-----------------+
        | dbid | content | role | preferred_role | mode | status | port | hostname | address | datadir         |
        +------+---------+------+----------------+------+--------+------+----------+---------+-----------------+
        |    1 |      -1 | p    | p              | n    | u      | 5432 | mdw      | mdw     | /data/c/gpseg-1 |
        |    2 |       0 | p    | p              | n    | u      | 6000 | sdw1     | sdw1    | /data/p/gpseg0  |
        |    3 |       1 | p    | p              | n    | u      | 6000 | sdw2     | sdw2    | /data/p/gpseg1  |
        +------+---------+------+----------------+------+--------+------+----------+---------+-----------------+
        (3 rows)
        """;

    SegmentConfiguration fromUnaligned = SegmentConfigurationReader.read(unaligned);
    assertThat(SegmentConfigurationReader.read(csv)).isEqualTo(fromUnaligned);
    assertThat(SegmentConfigurationReader.read(bordered)).isEqualTo(fromUnaligned);
    assertThat(fromUnaligned.primaryHosts()).containsExactly("sdw1", "sdw2");
  }

  @Test
  void reportsEveryMalformedLineWithItsNumber() {
    String text =
        """
         dbid | content | role | preferred_role | mode | status | port | hostname | address | datadir
        ------+---------+------+----------------+------+--------+------+----------+---------+--------
            1 |      -1 | p    | p              | n    | u      | 5432 | mdw      | mdw     | /c/gpseg-1
            2 |       0 | x    | p              | n    | u      | 6000 | sdw1     | sdw1    | /p/gpseg0
            3 |       1 | p    | p              | r    | u      | 99999| sdw2     | sdw2    | /p/gpseg1
            4 |       2 | p    | p              | n    | u      | 6001 | sdw2     | sdw2
        (4 rows)
        """;

    assertThatThrownBy(() -> SegmentConfigurationReader.read(text))
        .isInstanceOfSatisfying(
            DumpFormatException.class,
            e ->
                assertThat(e.problems())
                    .containsExactly(
                        "line 6: expected 10 fields separated by '|' (dbid, content, role,"
                            + " preferred_role, mode, status, port, hostname, address, datadir),"
                            + " found 9",
                        "line 7: psql says (4 rows) but 3 rows were read: is a line missing or"
                            + " cut?"));
  }

  @Test
  void reportsEveryBadCellOnceTheLinesAreWellFormed() {
    String text =
        """
        dbid|content|role|preferred_role|mode|status|port|hostname|address|datadir
        1|-1|p|p|n|u|5432|mdw|mdw|/c/gpseg-1
        2|0|x|p|n|u|6000|sdw1|sdw1|/p/gpseg0
        3|1|p|p|r|u|99999|sdw2|sdw2|/p/gpseg1
        """;

    assertThatThrownBy(() -> SegmentConfigurationReader.read(text))
        .isInstanceOfSatisfying(
            DumpFormatException.class,
            e ->
                assertThat(e.problems())
                    .containsExactly(
                        "line 3: role 'x' is not valid: expected p or m",
                        "line 4: mode 'r' is not valid: expected one of s, n (Greenplum 6+)",
                        "line 4: port '99999' is not valid: expected a whole number in 1..65535"));
  }

  /** Files a DBA may give by mistake: one problem each, saying what the file is instead. */
  @Test
  void aFileOfAnotherKindIsNamedInOneProblem() {
    java.util.Map<String, String> files =
        java.util.Map.of(
            "gp7-real/gpstate-s.synced.txt",
            "line 2: this is the log of the Greenplum utility gpstate, not a table",
            "gp7-real/gpaddmirrors.sample-config.conf",
            "this looks like a gpaddmirrors configuration file (give it to --mirrors-file)",
            "expanded",
            "line 1: this is psql's expanded output (\\x): run the query with \\x off");
    files.forEach(
        (file, expected) -> {
          String text =
              file.equals("expanded")
                  ? "-[ RECORD 1 ]--+-----\ndbid           | 1\ncontent        | -1\n"
                  : Fixtures.read(file);
          assertThatThrownBy(() -> SegmentConfigurationReader.read(text))
              .isInstanceOfSatisfying(
                  DumpFormatException.class,
                  e -> assertThat(e.problems()).hasSize(1).first().asString().contains(expected));
        });
  }

  @Test
  void rejectsTablesThatAreNotTheSegmentConfiguration() {
    assertThatThrownBy(
            () ->
                SegmentConfigurationReader.read(
                    Fixtures.read("gp43-seed/pg_filespace_entry.after.txt")))
        .isInstanceOf(DumpFormatException.class)
        .hasMessageContaining("neither datadir (Greenplum 6+) nor replication_port (4.3/5)");
    assertThatThrownBy(() -> SegmentConfigurationReader.read("just some words\n"))
        .hasMessage(
            "line 1: this is not a table; expected psql output with a header line like 'dbid |"
                + " content | role | preferred_role | mode | status | port | hostname | address |"
                + " datadir', found 'just some words'");
    assertThatThrownBy(() -> SegmentConfigurationReader.read("# only a comment\n\n"))
        .hasMessageStartingWith("no table found");
  }

  @Test
  void rejectsCatalogsNoRealClusterHas() {
    String text =
        """
        dbid|content|role|preferred_role|mode|status|port|hostname|address|datadir
        1|-1|p|p|n|u|5432|mdw|mdw|/c/gpseg-1
        2|0|p|p|n|u|6000|sdw1|sdw1|/p/gpseg0
        2|2|p|p|n|u|6001|sdw1|sdw1|/p/gpseg2
        4|0|p|p|n|u|6002|sdw1|sdw1|/p/gpseg0b
        5|7|m|m|n|d|7000|sdw2|sdw2|/m/gpseg7
        """;

    assertThatThrownBy(() -> SegmentConfigurationReader.read(text))
        .isInstanceOfSatisfying(
            DumpFormatException.class,
            e ->
                assertThat(e.problems())
                    .containsExactly(
                        "line 4: dbid 2 twice",
                        "line 5: content 0 has two instances with preferred_role p (dbid 2 and 4)",
                        "content 1 has no primary: Greenplum numbers contents 0..2 without gaps;"
                            + " is a row missing?",
                        "line 6: mirror dbid 5 is for content 7, which has no primary"));
  }

  @Test
  void rejectsFilespacesOtherThanPgSystem() {
    String text =
        """
         fsefsoid | fsedbid | fselocation
        ----------+---------+-------------------
             3052 |       1 | /data/gpseg-1
            16385 |       2 | /fs/extra/gpseg0
        (2 rows)
        """;

    assertThatThrownBy(() -> SegmentConfigurationReader.readFilespaces(text))
        .hasMessage(
            "line 4: filespace 16385 is not pg_system (3052); clusters with additional filespaces"
                + " are not supported yet");
  }
}
