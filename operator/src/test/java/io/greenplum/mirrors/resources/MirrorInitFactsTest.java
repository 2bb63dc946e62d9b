package io.greenplum.mirrors.resources;

import static io.greenplum.mirrors.resources.InitScript.args;
import static org.assertj.core.api.Assertions.assertThat;

import io.greenplum.mirrors.resources.InitScript.Run;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the mirror pod's init script decides from the facts at the moment it runs, whatever the
 * arguments the pod was made with say: the sequences of operator-day2-on-real-cluster.txt section
 * 10 (a node reboot runs the init container again with stale arguments), a double failure, a rewind
 * or a wipe cut off, a rewind that cannot work. The peer (the content's other instance) is what the
 * simulation's world says runs at sdw1:6000 now.
 */
class MirrorInitFactsTest {
  @TempDir Path tmp;
  InitScript init;

  @BeforeEach
  void volume() throws Exception {
    init = new InitScript(tmp);
  }

  // --- a directory that ran as a primary, started as one only when nothing else is primary ---

  @Test
  void staleRewindArgumentsAfterAFailoverStartTheActingPrimaryWhenTheOldPrimaryIsDown()
      throws Exception {
    init.ranAsPrimary(5, 2);
    init.peer(null);
    init.role("primary");

    Run run = init.run(args().rewind());

    assertThat(run.exit()).as(run.output()).isZero();
    assertThat(run.decision()).startsWith("kept: dbid=5 acts as primary");
    assertThat(run.rewinds()).isZero();
    assertThat(init.rewinding).as("no rewind marker before a source is confirmed").doesNotExist();
  }

  @Test
  void staleRewindArgumentsNeverRewindOntoAnOldPrimaryStartedByHand() throws Exception {
    init.ranAsPrimary(5, 2);
    Map<String, String> before = init.files();
    init.peer("primary 1");
    init.role("primary");

    Run run = init.run(args().rewind());

    assertThat(run.exit()).isEqualTo(MirrorInit.PROMOTED_EXIT);
    assertThat(run.decision())
        .startsWith("promoted: ")
        .contains("timeline 2", "runs as a primary on timeline 1, not newer");
    assertThat(run.rewinds()).isZero();
    assertThat(init.files()).as("the acting primary's directory, byte for byte").isEqualTo(before);
    assertThat(init.rewinding).doesNotExist();
  }

  @Test
  void staleActingPrimaryArgumentsAfterAFailBackRewindOntoTheNewerPrimary() throws Exception {
    init.ranAsPrimary(5, 2);
    init.peer("primary 3");
    init.role("mirror");

    Run run = init.run(args().acting().rewind());

    assertThat(run.exit()).as(run.output()).isZero();
    assertThat(run.decision())
        .isEqualTo("rewound: dbid=5 is a mirror of sdw1:6000 again (timeline 2 to 3)");
    assertThat(run.rewinds()).isEqualTo(1);
    assertThat(init.dir.resolve("standby.signal")).exists();
    assertThat(init.rewinding).doesNotExist();
  }

  @Test
  void staleActingPrimaryArgumentsWithoutARoleFileStillNeverStartASecondPrimary() throws Exception {
    init.ranAsPrimary(5, 2);
    init.peer("primary 3");
    Map<String, String> before = init.files();

    Run run = init.run(args().acting());

    assertThat(run.exit()).isEqualTo(MirrorInit.PROMOTED_EXIT);
    assertThat(run.decision()).contains("primary on timeline 3", "recovery.automatic is off");
    assertThat(init.files()).isEqualTo(before);
  }

  @Test
  void theCatalogsMirrorIsNotStartedAsAPrimaryWhileNoPrimaryRuns() throws Exception {
    init.ranAsPrimary(5, 2);
    init.peer(null);
    init.role("mirror");

    Run run = init.run(args().acting().rewind());

    assertThat(run.exit()).isEqualTo(MirrorInit.PROMOTED_EXIT);
    assertThat(run.decision())
        .contains("the catalog says dbid=5 is the mirror", "does not run as a primary");
  }

  @Test
  void anActingPrimaryWhoseMirrorRunsStartsAsItIs() throws Exception {
    init.ranAsPrimary(5, 2);
    init.peer("standby 2");
    init.role("primary");

    Run run = init.run(args().acting().rewind());

    assertThat(run.exit()).isZero();
    assertThat(run.decision()).startsWith("kept: dbid=5 acts as primary").contains("starting up");
  }

  @Test
  void aPeerThatAnswersButNotToUsIsNotTakenForDown() throws Exception {
    init.ranAsPrimary(5, 2);
    init.role("primary");

    Run run = init.run(args().acting().rewind().env("SIM_PASSWORD", "theirs"));

    assertThat(run.exit()).isEqualTo(MirrorInit.PROMOTED_EXIT);
    assertThat(run.decision()).contains("cannot be told", "no password supplied");
  }

  @Test
  void theTimelineOfAPromotionWithoutCheckpointComesFromItsHistoryFile() throws Exception {
    init.ranAsPrimary(5, 2);
    Files.writeString(init.dir.resolve("global/pg_control"), "timeline 1\n");
    init.peer("primary 2");
    init.role("mirror");

    Run run = init.run(args().rewind());

    assertThat(run.exit()).isEqualTo(MirrorInit.PROMOTED_EXIT);
    assertThat(run.decision()).contains("(timeline 2)", "on timeline 2, not newer");
  }

  // --- rewinds: checked before anything changes, never redone in place ---

  @Test
  void aRewindThatCannotWorkChangesNothingAndSaysPgRewindsWords() throws Exception {
    init.ranAsPrimary(5, 2);
    init.peer("primary 3");
    Map<String, String> before = init.files();

    Run noChecksums = init.run(args().rewind().env("SIM_NO_CHECKSUMS", "1"));
    Run noRights = init.run(args().rewind().env("SIM_REWIND_RIGHTS", "0"));

    assertThat(noChecksums.exit()).isEqualTo(1);
    assertThat(noChecksums.decision())
        .startsWith("failed: pg_rewind --dry-run")
        .contains("nothing was changed", "data checksums or \"wal_log_hints = on\"");
    assertThat(noRights.decision()).contains("permission denied for function pg_read_binary_file");
    assertThat(init.files()).isEqualTo(before);
    assertThat(init.rewinding).doesNotExist();
  }

  @Test
  void aSourcePromotedWithoutACheckpointYetIsWaitedFor() throws Exception {
    init.ranAsPrimary(5, 2);
    init.peer("primary 3 2");
    Map<String, String> before = init.files();

    Run run = init.run(args().rewind());

    assertThat(run.exit()).isEqualTo(MirrorInit.WAITING_EXIT);
    assertThat(run.decision()).startsWith("waiting: ").contains("last checkpoint");
    assertThat(init.files()).isEqualTo(before);
  }

  @Test
  void aRewindCutOffHalfWayBecomesAFullCopyFromTheLivePrimary() throws Exception {
    init.ranAsPrimary(5, 2);
    init.peer("primary 3");
    Files.writeString(init.rewinding, "source=sdw1:6000 timeline=3\n");

    Run run = init.run(args().rewind());

    init.assertCopiedOnce(run, 5);
    assertThat(run.rewinds()).as("never a second rewind of the same target").isZero();
    assertThat(run.decision()).contains("a rewind began (source=sdw1:6000 timeline=3)");
    assertThat(init.rewinding).doesNotExist();
  }

  @Test
  void aRewindThatFailedIsCopiedInFullNextTime() throws Exception {
    init.ranAsPrimary(5, 2);
    init.peer("primary 3");

    Run failed = init.run(args().rewind().env("SIM_REWIND_FAILS", "1"));
    Run again = init.run(args().rewind());

    assertThat(failed.exit()).isNotZero();
    assertThat(failed.decision())
        .startsWith("failed: pg_rewind exited 1")
        .contains("copied in full at the next start");
    assertThat(init.dir.resolve("standby.signal")).as("what the failed try left").exists();
    init.assertCopiedOnce(again, 5);
    assertThat(again.rewinds()).isZero();
  }

  @Test
  void aRewindCutOffWhileThePrimaryIsDownIsKeptUntilItAnswers() throws Exception {
    init.ranAsPrimary(5, 2);
    init.peer(null);
    Files.writeString(init.rewinding, "source=sdw1:6000 timeline=3\n");
    Map<String, String> before = init.files();

    Run run = init.run(args().rewind());

    assertThat(run.exit()).isEqualTo(MirrorInit.WAITING_EXIT);
    assertThat(init.files()).isEqualTo(before);
  }

  @Test
  void greenplum6RewindsWithGpSessionRoleAndWritesRecoveryConf() throws Exception {
    init.ranAsPrimary(5, 2);
    Files.delete(init.dir.resolve("pg_wal/00000002.history"));
    Files.createDirectories(init.dir.resolve("pg_xlog"));
    Files.writeString(init.dir.resolve("pg_xlog/00000002.history"), "1\t0/C002598\n");
    init.peer("primary 3");

    Run run = init.run(args().gp6().rewind());

    assertThat(run.exit()).as(run.output()).isZero();
    assertThat(init.dir.resolve("recovery.conf")).exists();
  }

  @Test
  void aPromotedDirectoryWhoseNewerPrimaryRunsIsCopiedInFullWhenAFullCopyIsAsked()
      throws Exception {
    init.ranAsPrimary(5, 2);
    init.peer("primary 3");

    Run run = init.run(args().token("1764500000000").rewind());

    init.assertCopiedOnce(run, 5, "1764500000000");
    assertThat(run.decision()).contains("ran as a primary", "a full copy was asked");
  }

  @Test
  void aPromotedDirectoryIsNeverWipedForAFullCopyWhileItsPeerIsNotANewerPrimary() throws Exception {
    init.ranAsPrimary(5, 2);
    init.peer("primary 2");
    Map<String, String> before = init.files();

    Run run = init.run(args().token("1764500000000").rewind());

    assertThat(run.exit()).isEqualTo(MirrorInit.PROMOTED_EXIT);
    assertThat(init.files()).isEqualTo(before);
  }

  // --- wipes: never of the only copy, never half done ---

  @Test
  void aFullCopyDuringADoubleFailureKeepsTheDirectory() throws Exception {
    init.complete(6, "rwx------");
    init.peer(null);
    Map<String, String> before = init.files();

    Run run = init.run(args().dbid(6).token("1764500000000"));

    assertThat(run.exit()).isEqualTo(MirrorInit.WAITING_EXIT);
    assertThat(run.decision())
        .startsWith("waiting: the primary sdw1:6000 does not answer a replication connection")
        .contains("Connection refused", "is kept as it is");
    assertThat(init.files()).isEqualTo(before);
    assertThat(Files.readString(init.marker)).isEqualTo("dbid=6\n");
  }

  @Test
  void whatAWipeCutOffLeftAsideIsFinishedOffAndTheCopyMade() throws Exception {
    init.complete(5, "rwx------");
    Files.move(init.dir, init.aside);

    Run run = init.run(args().token("1764500000000"));

    init.assertCopiedOnce(run, 5, "1764500000000");
    assertThat(run.output()).contains("left by a wipe that did not finish");
  }

  @Test
  void aDirectoryADeleteCutOffLeftWithoutStandbyFileIsNotTakenForAPrimary() throws Exception {
    Files.createDirectories(init.dir.resolve("base"));
    Files.writeString(init.dir.resolve("PG_VERSION"), "12\n");
    Files.writeString(init.dir.resolve("internal.auto.conf"), "gp_dbid=5\n");

    Run run = init.run(args());

    init.assertCopiedOnce(run, 5);
    assertThat(run.decision()).contains("no completion marker");
  }
}
