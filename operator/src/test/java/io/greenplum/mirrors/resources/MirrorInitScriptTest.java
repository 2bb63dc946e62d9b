package io.greenplum.mirrors.resources;

import static org.assertj.core.api.Assertions.assertThat;

import io.greenplum.mirrors.model.SegmentTools;
import io.greenplum.mirrors.simulation.FakeTools;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The mirror pod's init script (scripts/mirror-init.sh), run as it is under bash against temporary
 * directories, with a pg_basebackup that behaves like the real one (the simulation's): what it
 * keeps, what it wipes and copies again, what it refuses to touch.
 */
class MirrorInitScriptTest {
  @TempDir Path tmp;
  Path volume;
  Path dir;
  Path marker;
  Path events;

  @BeforeEach
  void volume() throws IOException {
    volume = Files.createDirectories(tmp.resolve("volume"));
    dir = volume.resolve("gpseg0");
    marker = volume.resolve(".gpmirrors-gpseg0");
    events = tmp.resolve("events");
    Files.writeString(events, "");
  }

  record Run(int exit, String output, String decision, List<String> events) {
    long copies() {
      return events.stream().filter(e -> e.startsWith("copy ")).count();
    }
  }

  Run run(SegmentTools tools, int dbid, boolean acting, Map<String, String> world)
      throws Exception {
    return run(tools, dbid, null, acting, world);
  }

  Run run(SegmentTools tools, int dbid, String token, boolean acting, Map<String, String> world)
      throws Exception {
    return run(tools, dbid, token, acting, null, world);
  }

  /** With a rewind source: a directory that ran as a primary is rewound against it. */
  Run rewind(SegmentTools tools, int dbid, boolean acting, Map<String, String> world)
      throws Exception {
    return run(
        tools,
        dbid,
        null,
        acting,
        new MirrorInit.Rewind("sdw1", 6000, "gpadmin", tools.utilityOptions()),
        world);
  }

  Run run(
      SegmentTools tools,
      int dbid,
      String token,
      boolean acting,
      MirrorInit.Rewind rewind,
      Map<String, String> world)
      throws Exception {
    BaseBackupCommand copy =
        BaseBackupCommand.of(tools, dir.toString(), "sdw1", 6000, "gpadmin", dbid);
    List<String> command =
        new ArrayList<>(List.of("/bin/bash", "-c", Scripts.MIRROR_INIT, "mirror-init"));
    command.addAll(MirrorInit.arguments(tools, dir.toString(), dbid, token, acting, rewind, copy));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    Path bin = FakeTools.install(tmp.resolve("bin"));
    Path decision = tmp.resolve("termination-log");
    Files.deleteIfExists(decision);
    builder.environment().put("PATH", bin + ":" + System.getenv("PATH"));
    builder.environment().put("TMPDIR", tmp.toString());
    builder.environment().put("GPMIRRORS_TERMINATION_LOG", decision.toString());
    builder
        .environment()
        .put("SIM_GP_VERSION", tools == SegmentTools.GREENPLUM_6 ? "6.26.1" : "7.1.0");
    builder.environment().put("SIM_CONTENT", "0");
    builder.environment().put("SIM_COPY_MS", "50");
    builder.environment().put("SIM_EVENTS", events.toString());
    builder.environment().put("SIM_HOST_ADDRESS", "10.0.0.2");
    builder.environment().putAll(world);
    Process p = builder.start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    return new Run(
        p.exitValue(),
        output,
        Files.exists(decision) ? Files.readString(decision) : null,
        Files.readAllLines(events));
  }

  Run run7(int dbid) throws Exception {
    return run(SegmentTools.GREENPLUM_7, dbid, false, Map.of());
  }

  /** A finished copy of {@code dbid} left by an earlier pod: marker, standby.signal, gp_dbid. */
  void complete(int dbid, String mode) throws IOException {
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("PG_VERSION"), "12\n");
    Files.writeString(dir.resolve("internal.auto.conf"), "gp_dbid=" + dbid + "\n");
    Files.writeString(dir.resolve("standby.signal"), "");
    Files.writeString(dir.resolve("backup_label.old"), "START WAL LOCATION: 0/8000028\n");
    Files.writeString(dir.resolve("data"), "the mirror's data");
    Files.writeString(marker, "dbid=" + dbid + "\n");
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString(mode));
  }

  /** What operator-steps-on-real-cluster.txt step 4 found after a copy killed half way. */
  void partial(int dbid) throws IOException {
    Files.createDirectories(dir.resolve("base"));
    Files.writeString(dir.resolve("PG_VERSION"), "12\n");
    Files.writeString(dir.resolve("backup_label"), "START WAL LOCATION: 0/8000028\n");
    Files.writeString(dir.resolve("internal.auto.conf"), "gp_dbid=" + dbid + "\n");
  }

  void assertCopiedOnce(Run run, int dbid) throws IOException {
    assertThat(run.exit()).as(run.output()).isZero();
    assertThat(run.copies()).isEqualTo(1);
    assertThat(Files.readString(marker)).isEqualTo("dbid=" + dbid + "\n");
    assertThat(dir.resolve("standby.signal")).exists();
    assertThat(Files.readString(dir.resolve("internal.auto.conf"))).contains("gp_dbid=" + dbid);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)))
        .isEqualTo("rwx------");
  }

  @Test
  void anEmptyVolumeIsCopiedOnceCreatingTheSlot() throws Exception {
    Run run = run7(5);

    assertCopiedOnce(run, 5);
    assertThat(run.events()).containsExactly("slot 0", "copy 0 5");
    assertThat(run.decision()).isEqualTo("copied: dbid=5");
  }

  @Test
  void whenTheSlotExistsTheCreateSlotTryFailsAtOnceAndTheCopyRunsOnce() throws Exception {
    Run run = run(SegmentTools.GREENPLUM_7, 5, false, Map.of("SIM_SLOT_EXISTS", "1"));

    assertCopiedOnce(run, 5);
    assertThat(run.output()).contains("already exists", "copying without --create-slot");
    assertThat(run.events()).containsExactly("copy 0 5");
  }

  @Test
  void aCompleteCopyOfThisDbidIsKeptAsItIs() throws Exception {
    complete(5, "rwx------");

    Run run = run7(5);

    assertThat(run.exit()).isZero();
    assertThat(run.copies()).isZero();
    assertThat(Files.readString(dir.resolve("data"))).isEqualTo("the mirror's data");
    assertThat(run.decision()).isEqualTo("kept: complete copy of dbid=5");
  }

  @Test
  void aFullRecoveryTokenCopiesACompleteDirectoryOnceAgain() throws Exception {
    complete(5, "rwx------");

    Run full = run(SegmentTools.GREENPLUM_7, 5, "1764500000000", false, Map.of());
    Run again = run(SegmentTools.GREENPLUM_7, 5, "1764500000000", false, Map.of());

    assertThat(full.exit()).isZero();
    assertThat(full.copies()).isEqualTo(1);
    assertThat(full.decision())
        .isEqualTo(
            "copied: dbid=5 copy=1764500000000 (wiped first: the completed copy is of dbid=5,"
                + " not dbid=5 copy=1764500000000)");
    assertThat(again.decision()).isEqualTo("kept: complete copy of dbid=5 copy=1764500000000");
    assertThat(again.copies()).isEqualTo(1);
  }

  @Test
  void aCopyKilledHalfWayIsWipedAndCopiedAgain() throws Exception {
    partial(5);

    Run run = run7(5);

    assertCopiedOnce(run, 5);
    assertThat(dir.resolve("backup_label")).exists();
    assertThat(run.decision()).startsWith("copied: dbid=5 (wiped first: no completion marker");
  }

  @Test
  void aCopyOfAnotherDbidIsWipedAndCopiedAgain() throws Exception {
    complete(4, "rwx------");

    Run run = run7(5);

    assertCopiedOnce(run, 5);
    assertThat(dir.resolve("data")).doesNotExist();
    assertThat(run.decision()).contains("the completed copy is of dbid=4, not dbid=5");
  }

  @Test
  void aMarkerThatDisagreesWithInternalAutoConfIsNotTrusted() throws Exception {
    complete(5, "rwx------");
    Files.writeString(dir.resolve("internal.auto.conf"), "gp_dbid = '7'\n");

    Run run = run7(5);

    assertCopiedOnce(run, 5);
    assertThat(run.decision()).contains("internal.auto.conf says gp_dbid=7, not 5");
  }

  @Test
  void aDirectoryWithoutPgVersionIsWiped() throws Exception {
    Files.createDirectories(dir.resolve("base"));
    Files.writeString(dir.resolve("backup_label"), "x");

    Run run = run7(5);

    assertCopiedOnce(run, 5);
    assertThat(run.decision()).contains("no PG_VERSION");
  }

  @Test
  void aDirectoryThatRanAsAPrimaryIsNeitherWipedCopiedNorStarted() throws Exception {
    complete(5, "rwx------");
    Files.delete(dir.resolve("standby.signal"));

    Run run = run7(5);

    assertThat(run.exit()).isEqualTo(MirrorInit.PROMOTED_EXIT);
    assertThat(run.copies()).isZero();
    assertThat(Files.readString(dir.resolve("data"))).isEqualTo("the mirror's data");
    assertThat(run.decision()).startsWith("promoted: ").contains("no standby.signal", "gp_dbid=5");
  }

  @Test
  void aPromotedDirectoryWithoutMarkerIsNotWipedEither() throws Exception {
    complete(5, "rwx------");
    Files.delete(dir.resolve("standby.signal"));
    Files.delete(marker);

    Run run = run7(5);

    assertThat(run.exit()).isEqualTo(MirrorInit.PROMOTED_EXIT);
    assertThat(dir.resolve("data")).exists();
  }

  @Test
  void aDirectoryThatRanAsAPrimaryIsRewoundIntoAMirrorOfTheCurrentPrimary() throws Exception {
    complete(5, "rwxrwx---");
    Files.delete(dir.resolve("standby.signal"));

    Run run = rewind(SegmentTools.GREENPLUM_7, 5, false, Map.of());

    assertThat(run.exit()).as(run.output()).isZero();
    assertThat(run.copies()).isZero();
    assertThat(run.decision()).isEqualTo("rewound: dbid=5 is a mirror of sdw1:6000 again");
    assertThat(dir.resolve("standby.signal")).exists();
    assertThat(Files.readString(dir.resolve("postgresql.auto.conf")))
        .contains("application_name=gpmirrors_rewind application_name=gp_walreceiver");
    assertThat(volume.resolve(".gpmirrors-gpseg0.rewinding")).doesNotExist();
    assertThat(Files.readString(dir.resolve("data"))).isEqualTo("the mirror's data");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)))
        .isEqualTo("rwx------");
    assertThat(rewind(SegmentTools.GREENPLUM_7, 5, false, Map.of()).decision())
        .as("a rewound directory is a mirror's")
        .isEqualTo("kept: complete copy of dbid=5");
  }

  @Test
  void aRewindThatFailedIsRunAgainThoughItLeftTheStandbyFileBehind() throws Exception {
    complete(5, "rwx------");
    Files.delete(dir.resolve("standby.signal"));

    Run failed = rewind(SegmentTools.GREENPLUM_7, 5, false, Map.of("SIM_REWIND_FAILS", "1"));
    Run again = rewind(SegmentTools.GREENPLUM_7, 5, false, Map.of());

    assertThat(failed.exit()).isNotZero();
    assertThat(failed.decision()).startsWith("failed: pg_rewind exited 1");
    assertThat(dir.resolve("standby.signal")).as("what the failed try left").exists();
    assertThat(again.exit()).isZero();
    assertThat(again.decision()).startsWith("rewound: dbid=5");
    assertThat(again.events()).containsExactly("rewind 0");
  }

  @Test
  void greenplum6RewindsWithGpSessionRoleAndWritesRecoveryConf() throws Exception {
    complete(5, "rwx------");
    Files.delete(dir.resolve("standby.signal"));

    Run run = rewind(SegmentTools.GREENPLUM_6, 5, false, Map.of());

    assertThat(run.exit()).as(run.output()).isZero();
    assertThat(dir.resolve("recovery.conf")).exists();
  }

  @Test
  void theDirectoryOfAnActingPrimaryIsStartedAsItIs() throws Exception {
    complete(5, "rwx------");
    Files.delete(dir.resolve("standby.signal"));

    Run run = rewind(SegmentTools.GREENPLUM_7, 5, true, Map.of());

    assertThat(run.exit()).isZero();
    assertThat(run.copies()).isZero();
    assertThat(run.decision()).startsWith("kept: dbid=5 acts as primary");
    assertThat(run.events()).as("never rewound").isEmpty();
  }

  @Test
  void groupWritePermissionsFromTheVolumeAreTakenAway() throws Exception {
    complete(5, "rwxrwx---");

    Run run = run7(5);

    assertThat(run.exit()).isZero();
    assertThat(run.copies()).isZero();
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)))
        .isEqualTo("rwx------");
  }

  @Test
  void aFailedCopyLeavesNoMarkerAndSaysWhy() throws Exception {
    Run run = run(SegmentTools.GREENPLUM_7, 5, false, Map.of("SIM_FAIL_HALFWAY", "1"));

    assertThat(run.exit()).isEqualTo(1);
    assertThat(marker).doesNotExist();
    assertThat(run.decision())
        .startsWith("failed: pg_basebackup exited 1: ")
        .contains("Connection reset");
  }

  @Test
  void greenplum6CopiesIntoTheSlotTheOperatorMadeAndWritesRecoveryConf() throws Exception {
    Run run = run(SegmentTools.GREENPLUM_6, 5, false, Map.of("SIM_SLOT_EXISTS", "1"));

    assertThat(run.exit()).as(run.output()).isZero();
    assertThat(run.events()).containsExactly("copy 0 5");
    assertThat(dir.resolve("recovery.conf")).exists();
    assertThat(Files.readString(marker)).isEqualTo("dbid=5\n");

    Run again = run(SegmentTools.GREENPLUM_6, 5, false, Map.of("SIM_SLOT_EXISTS", "1"));
    assertThat(again.decision()).isEqualTo("kept: complete copy of dbid=5");
  }

  @Test
  void greenplum7OptionsAreRefusedByAGreenplum6Image() throws Exception {
    Run run = run(SegmentTools.GREENPLUM_7, 5, false, Map.of("SIM_GP_VERSION", "6.26.1"));

    assertThat(run.exit()).isNotZero();
    assertThat(run.decision()).contains("unrecognized option '--create-slot'");
  }

  @Test
  void theReplicationPasswordGoesToAPasswordFileNeverIntoTheConfiguration() throws Exception {
    String password = "s3cr:et\\pw";
    Run run =
        run(
            SegmentTools.GREENPLUM_7,
            6,
            false,
            Map.of("SIM_PASSWORD", password, MirrorResources.PASSWORD_ENV, password));

    assertCopiedOnce(run, 6);
    Path passfile = volume.resolve(".gpmirrors-gpseg0.pgpass");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(passfile)))
        .isEqualTo("rw-------");
    assertThat(Files.readString(passfile)).isEqualTo("*:*:*:*:s3cr\\:et\\\\pw\n");
    assertThat(Files.readString(dir.resolve("postgresql.auto.conf")))
        .contains("passfile=''" + passfile + "''")
        .doesNotContain("s3cr");
    assertThat(run.output()).doesNotContain("s3cr");
    assertThat(run.decision()).doesNotContain("s3cr");
  }

  @Test
  void aPasswordThePrimaryDoesNotAcceptFailsWithItsWords() throws Exception {
    Run run =
        run(
            SegmentTools.GREENPLUM_7,
            6,
            false,
            Map.of("SIM_PASSWORD", "right", MirrorResources.PASSWORD_ENV, "wrong"));

    assertThat(run.exit()).isNotZero();
    assertThat(run.decision()).contains("password authentication failed for user \"gpadmin\"");
    assertThat(run.decision()).doesNotContain("wrong").doesNotContain("right");
  }
}
