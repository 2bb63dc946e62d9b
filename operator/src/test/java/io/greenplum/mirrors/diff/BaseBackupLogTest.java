package io.greenplum.mirrors.diff;

import static org.assertj.core.api.Assertions.assertThat;

import io.greenplum.mirrors.Fixtures;
import org.junit.jupiter.api.Test;

class BaseBackupLogTest {
  @Test
  void readsTheLastProgressLineAsGpstateDoes() {
    String log = Fixtures.read("gp7-real/pg_basebackup.create-slot.txt");

    assertThat(BaseBackupLog.parse(log).percent()).isEqualTo(100);
    assertThat(BaseBackupLog.parse(" 8806/29159 kB (30%), 0/1 tablespace").percent()).isEqualTo(30);
    assertThat(BaseBackupLog.parse("pg_basebackup: initiating base backup").percent()).isNull();
  }

  @Test
  void recognisesARefusalByThePrimarysPgHba() {
    BaseBackupLog log =
        BaseBackupLog.parse(
            "pg_basebackup: error: connection to server at \"vm\" (127.0.0.1), port 7002 failed:"
                + " FATAL:  no pg_hba.conf entry for replication connection from host"
                + " \"198.51.100.9\", user \"gpadmin\", no encryption");

    assertThat(log.replicationRefused()).isTrue();
    assertThat(log.refusedFrom()).isEqualTo("198.51.100.9");
    assertThat(log.refusedUser()).isEqualTo("gpadmin");
  }
}
