package io.greenplum.mirrors.resources;

import static io.greenplum.mirrors.resources.InitScript.args;
import static org.assertj.core.api.Assertions.assertThat;

import io.greenplum.mirrors.resources.InitScript.Run;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The mirror pod's init script (scripts/mirror-init.sh), run as it is under bash against temporary
 * directories, with a pg_basebackup that behaves like the real one (the simulation's): what it
 * keeps, what it wipes and copies again, what it copies with. MirrorInitFactsTest covers what it
 * decides from live facts: directories that ran as a primary, rewinds, wipes cut off.
 */
class MirrorInitScriptTest {
  @TempDir Path tmp;
  InitScript init;

  @BeforeEach
  void volume() throws Exception {
    init = new InitScript(tmp);
  }

  @Test
  void anEmptyVolumeIsCopiedOnceCreatingTheSlot() throws Exception {
    Run run = init.run(args());

    init.assertCopiedOnce(run, 5);
    assertThat(run.events()).containsExactly("slot 0", "copy 0 5");
    assertThat(run.decision()).isEqualTo("copied: dbid=5 (29169 kB)");
  }

  @Test
  void whenTheSlotExistsTheCreateSlotTryFailsAtOnceAndTheCopyRunsOnce() throws Exception {
    Run run = init.run(args().env("SIM_SLOT_EXISTS", "1"));

    init.assertCopiedOnce(run, 5);
    assertThat(run.output()).contains("already exists", "copying without --create-slot");
    assertThat(run.events()).containsExactly("copy 0 5");
  }

  @Test
  void aCompleteCopyOfThisDbidIsKeptAsItIs() throws Exception {
    init.complete(5, "rwx------");
    init.peer(null);

    Run run = init.run(args());

    assertThat(run.exit()).isZero();
    assertThat(run.copies()).isZero();
    assertThat(Files.readString(init.dir.resolve("data"))).isEqualTo("the mirror's data");
    assertThat(run.decision()).isEqualTo("kept: complete copy of dbid=5");
  }

  @Test
  void aFullRecoveryTokenCopiesACompleteDirectoryOnceAgainByARenameFirst() throws Exception {
    init.complete(5, "rwx------");

    Run full = init.run(args().token("1764500000000"));
    Run again = init.run(args().token("1764500000000"));

    assertThat(full.exit()).isZero();
    assertThat(full.copies()).isEqualTo(1);
    assertThat(full.output())
        .contains("gpmirrors: wiping " + init.dir)
        .as("moved aside in one rename, then deleted")
        .doesNotContain("cannot move");
    assertThat(full.decision())
        .isEqualTo(
            "copied: dbid=5 copy=1764500000000 (29169 kB; wiped first: the completed copy is of"
                + " dbid=5, not dbid=5 copy=1764500000000)");
    assertThat(again.decision()).isEqualTo("kept: complete copy of dbid=5 copy=1764500000000");
    assertThat(again.copies()).isZero();
    assertThat(init.aside).doesNotExist();
  }

  @Test
  void aCopyKilledHalfWayIsWipedAndCopiedAgain() throws Exception {
    init.partial(5);

    Run run = init.run(args());

    init.assertCopiedOnce(run, 5);
    assertThat(init.dir.resolve("backup_label")).exists();
    assertThat(run.decision())
        .startsWith("copied: dbid=5 (29169 kB; wiped first: no completion marker");
  }

  @Test
  void aCopyOfAnotherDbidIsWipedAndCopiedAgain() throws Exception {
    init.complete(4, "rwx------");

    Run run = init.run(args());

    init.assertCopiedOnce(run, 5);
    assertThat(init.dir.resolve("data")).doesNotExist();
    assertThat(run.decision()).contains("the completed copy is of dbid=4, not dbid=5");
  }

  @Test
  void aMarkerThatDisagreesWithInternalAutoConfIsNotTrusted() throws Exception {
    init.complete(5, "rwx------");
    Files.writeString(init.dir.resolve("internal.auto.conf"), "gp_dbid = '7'\n");

    Run run = init.run(args());

    init.assertCopiedOnce(run, 5);
    assertThat(run.decision()).contains("internal.auto.conf says gp_dbid=7, not 5");
  }

  @Test
  void aDirectoryWithoutPgVersionIsWiped() throws Exception {
    Files.createDirectories(init.dir.resolve("base"));
    Files.writeString(init.dir.resolve("backup_label"), "x");

    Run run = init.run(args());

    init.assertCopiedOnce(run, 5);
    assertThat(run.decision()).contains("no PG_VERSION");
  }

  @Test
  void groupWritePermissionsFromTheVolumeAreTakenAway() throws Exception {
    init.complete(5, "rwxrwx---");

    Run run = init.run(args());

    assertThat(run.exit()).isZero();
    assertThat(run.copies()).isZero();
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(init.dir)))
        .isEqualTo("rwx------");
  }

  @Test
  void aFailedCopyLeavesNoMarkerAndSaysWhy() throws Exception {
    Run run = init.run(args().env("SIM_FAIL_HALFWAY", "1"));

    assertThat(run.exit()).isEqualTo(1);
    assertThat(init.marker).doesNotExist();
    assertThat(run.decision())
        .startsWith("failed: pg_basebackup exited 1: ")
        .contains("Connection reset");
  }

  @Test
  void aCopyFromAPrimaryThatIsDownFailsWithPgBasebackupsWords() throws Exception {
    init.peer(null);

    Run run = init.run(args());

    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.copies()).isZero();
    assertThat(run.decision()).contains("Connection refused");
  }

  @Test
  void greenplum6CopiesIntoTheSlotTheOperatorMadeAndWritesRecoveryConf() throws Exception {
    Run run = init.run(args().gp6().env("SIM_SLOT_EXISTS", "1"));

    assertThat(run.exit()).as(run.output()).isZero();
    assertThat(run.events()).containsExactly("copy 0 5");
    assertThat(init.dir.resolve("recovery.conf")).exists();
    assertThat(Files.readString(init.marker)).isEqualTo("dbid=5\n");

    Run again = init.run(args().gp6().env("SIM_SLOT_EXISTS", "1"));
    assertThat(again.decision()).isEqualTo("kept: complete copy of dbid=5");
  }

  @Test
  void greenplum7OptionsAreRefusedByAGreenplum6Image() throws Exception {
    Run run = init.run(args().env("SIM_GP_VERSION", "6.26.1"));

    assertThat(run.exit()).isNotZero();
    assertThat(run.decision()).contains("unrecognized option '--create-slot'");
  }

  @Test
  void theReplicationPasswordGoesToAPasswordFileNeverIntoTheConfiguration() throws Exception {
    String password = "s3cr:et\\pw";
    Run run =
        init.run(
            args()
                .dbid(6)
                .env("SIM_PASSWORD", password)
                .env(MirrorResources.PASSWORD_ENV, password));

    init.assertCopiedOnce(run, 6);
    Path passfile = init.volume.resolve(".gpmirrors-gpseg0.pgpass");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(passfile)))
        .isEqualTo("rw-------");
    assertThat(Files.readString(passfile)).isEqualTo("*:*:*:*:s3cr\\:et\\\\pw\n");
    assertThat(Files.readString(init.dir.resolve("postgresql.auto.conf")))
        .contains("passfile=''" + passfile + "''")
        .doesNotContain("s3cr");
    assertThat(run.output()).doesNotContain("s3cr");
    assertThat(run.decision()).doesNotContain("s3cr");
  }

  @Test
  void aPasswordThePrimaryDoesNotAcceptFailsWithItsWords() throws Exception {
    Run run =
        init.run(
            args().dbid(6).env("SIM_PASSWORD", "right").env(MirrorResources.PASSWORD_ENV, "wrong"));

    assertThat(run.exit()).isNotZero();
    assertThat(run.decision()).contains("password authentication failed for user \"gpadmin\"");
    assertThat(run.decision()).doesNotContain("wrong").doesNotContain("right");
  }
}
