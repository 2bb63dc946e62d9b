package io.greenplum.mirrors.diff;

import static org.assertj.core.api.Assertions.assertThat;

import io.greenplum.mirrors.TestObservation;
import org.junit.jupiter.api.Test;

/** What scripts/preflight.sh reports, and the problems (with their fixes) it means. */
class PreflightReportTest {
  static final String HEAD =
      "postgres postgres (Greenplum Database) 7.1.0 build commit:abc\n"
          + "pg_basebackup pg_basebackup (PostgreSQL) 12.12\n";

  @Test
  void aHostThatCanCopyHasNoProblem() {
    PreflightReport report = PreflightReport.parse(HEAD + "ok 0 sdw1:6000\nok 1 sdw1:6001\n");

    assertThat(report.primaries()).hasSize(2);
    assertThat(report.problems(TestObservation.GP7, "sdw2", "gp:7", "gpadmin")).isEmpty();
  }

  @Test
  void aRefusedConnectionGivesThePgHbaLineToAdd() {
    PreflightReport report =
        PreflightReport.parse(
            HEAD
                + "refused 3 sdw1:6001 psql: error: connection to server at \"sdw1\" port 6001"
                + " failed: FATAL:  no pg_hba.conf entry for replication connection from host"
                + " \"2001:db8::7\", user \"gpadmin\", SSL off\n");

    assertThat(report.problems(TestObservation.GP7, "sdw2", "gp:7", "gpadmin"))
        .containsExactly(
            "the primary of content 3 (sdw1:6001) refuses replication from sdw2: add 'host"
                + " replication gpadmin 2001:db8::7/128 trust' to its pg_hba.conf and reload it"
                + " (gpstop -u)");
  }

  @Test
  void anUnreachablePrimaryIsReportedWithItsError() {
    PreflightReport report =
        PreflightReport.parse(HEAD + "refused 0 sdw1:6000 psql: error: Connection refused\n");

    assertThat(report.problems(TestObservation.GP7, "sdw2", "gp:7", "gpadmin"))
        .containsExactly(
            "sdw2 cannot open a replication connection to the primary of content 0 (sdw1:6000) as"
                + " gpadmin: psql: error: Connection refused");
  }

  @Test
  void anImageOfAnotherReleaseOrWithoutTheToolsIsNamed() {
    PreflightReport six =
        PreflightReport.parse(
            "postgres postgres (Greenplum Database) 6.26.1 build x\npg_basebackup missing\n"
                + "psql missing\n");

    assertThat(six.problems(TestObservation.GP7, "sdw2", "gp:6", "gpadmin"))
        .containsExactly(
            "image gp:6 on sdw2 carries postgres (Greenplum Database) 6.26.1 build x but the"
                + " cluster runs Greenplum Database 7.1.0: set spec.template.image to an image of"
                + " Greenplum Database 7",
            "image gp:6 on sdw2 has no pg_basebackup: set spec.template.image to a Greenplum"
                + " Database 7.1.0 image (postgres, pg_basebackup and psql on its PATH)",
            "image gp:6 on sdw2 has no psql: set spec.template.image to a Greenplum Database"
                + " 7.1.0 image (postgres, pg_basebackup and psql on its PATH)");
    assertThat(six.problems(TestObservation.GP6, "sdw2", "gp:6", "gpadmin")).hasSize(2);
  }
}
