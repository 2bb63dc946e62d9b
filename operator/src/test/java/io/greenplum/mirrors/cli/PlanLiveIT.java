package io.greenplum.mirrors.cli;

import static io.greenplum.mirrors.cli.PlanCommandTest.gpmirrors;
import static io.greenplum.mirrors.cli.PlanCommandTest.mirrorSet;
import static org.assertj.core.api.Assertions.assertThat;

import io.greenplum.mirrors.Fixtures;
import io.greenplum.mirrors.cli.PlanCommandTest.Run;
import io.greenplum.mirrors.emulation.EmbeddedGreenplum;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** gpmirrors plan --jdbc against the emulated real Greenplum 7 cluster. */
class PlanLiveIT {
  @RegisterExtension static final EmbeddedGreenplum GP = EmbeddedGreenplum.gp7();
  @TempDir Path dir;

  private Path mirrorSetFile() throws Exception {
    return Files.writeString(
        dir.resolve("ms.yaml"),
        mirrorSet(
            "{allowSameHost: true}",
            "{offset: 3}",
            "[/data/gpdemo/dbfast_mirror1, /data/gpdemo/dbfast_mirror2,"
                + " /data/gpdemo/dbfast_mirror3]"));
  }

  @Test
  void plansFromALiveCoordinatorAsFromItsDump() throws Exception {
    GP.load("gp7-real/01-mirrorless.txt");
    Path password = Files.writeString(dir.resolve("password"), GP.password() + "\n");
    Path live = dir.resolve("live.conf");
    Path fromDump = dir.resolve("dump.conf");

    Run run =
        gpmirrors(
            "plan",
            "--jdbc",
            GP.jdbcUrl(),
            "--password-file",
            password.toString(),
            "--mirrorset",
            mirrorSetFile().toString(),
            "--output",
            live.toString());
    Run offline =
        gpmirrors(
            "plan",
            "--segments",
            Fixtures.path("gp7-real/01-mirrorless.txt").toString(),
            "--mirrorset",
            mirrorSetFile().toString(),
            "--output",
            fromDump.toString());

    assertThat(run.code()).as(run.err()).isZero();
    assertThat(offline.code()).isZero();
    assertThat(Files.readString(live)).isEqualTo(Files.readString(fromDump));
    assertThat(run.out()).isEqualTo(offline.out().replace(fromDump.toString(), live.toString()));
    assertThat(run.err()).doesNotContain(GP.password());
  }

  @Test
  void aWrongPasswordIsInvalidInputAndAnUnreachableCoordinatorIsNot() throws Exception {
    GP.load("gp7-real/01-mirrorless.txt");
    Path wrong = Files.writeString(dir.resolve("password"), "wrong");

    Run refused =
        gpmirrors(
            "plan",
            "--jdbc",
            GP.jdbcUrl(),
            "--password-file",
            wrong.toString(),
            "--mirrorset",
            mirrorSetFile().toString());
    Run unreachable =
        gpmirrors(
            "plan",
            "--jdbc",
            "jdbc:postgresql://127.0.0.1:1/postgres",
            "--password-file",
            wrong.toString(),
            "--mirrorset",
            mirrorSetFile().toString());
    Run badUrl =
        gpmirrors("plan", "--jdbc", "postgres://x", "--mirrorset", mirrorSetFile().toString());

    assertThat(refused.code()).isEqualTo(2);
    assertThat(refused.err()).contains("[AuthenticationFailed]").doesNotContain("Exception");
    assertThat(unreachable.code()).isEqualTo(1);
    assertThat(unreachable.err()).contains("[CoordinatorUnreachable]");
    assertThat(badUrl.code()).isEqualTo(2);
    assertThat(badUrl.err())
        .contains("--jdbc: expected a URL like jdbc:postgresql://HOST:PORT/DATABASE");
  }
}
