package io.greenplum.mirrors.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import io.greenplum.mirrors.model.GreenplumVersion;
import io.greenplum.mirrors.model.SegmentTools;
import io.greenplum.mirrors.model.VersionFamily;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class GreenplumVersionTest {

  @ParameterizedTest
  @CsvSource(
      delimiter = ';',
      value = {
        "PostgreSQL 8.2.15 (Greenplum Database 4.3.6.1 build 2) on x86_64-unknown-linux-gnu,"
            + " compiled by GCC gcc (GCC) 4.4.2 compiled on Sep 23 2015 20:53:31;"
            + " Greenplum Database; 4.3.6.1; 4; GP4_GP5",
        "PostgreSQL 8.3.23 (Greenplum Database 5.28.4 build commit:abc) on x86_64-pc-linux-gnu;"
            + " Greenplum Database; 5.28.4; 5; GP4_GP5",
        "PostgreSQL 9.4.26 (Greenplum Database 6.19.0 build commit:0a0f2b0) on"
            + " x86_64-unknown-linux-gnu; Greenplum Database; 6.19.0; 6; GP6_PLUS",
        "PostgreSQL 12.12 (Greenplum Database 7.1.0 build commit:e7c2b1f) on x86_64-pc-linux-gnu;"
            + " Greenplum Database; 7.1.0; 7; GP6_PLUS",
        "PostgreSQL 14.4 (Apache Cloudberry 1.6.0 build 1) on x86_64-pc-linux-gnu;"
            + " Apache Cloudberry; 1.6.0; 1; GP6_PLUS",
        "PostgreSQL 14.4 (Cloudberry Database 1.5.2 build 1) on x86_64-pc-linux-gnu;"
            + " Cloudberry Database; 1.5.2; 1; GP6_PLUS"
      })
  void recognisesEveryGreenplumFamilyRelease(
      String versionString, String product, String release, int major, VersionFamily family) {
    GreenplumVersion version = GreenplumVersion.parse(versionString).orElseThrow();

    assertThat(version).isEqualTo(new GreenplumVersion(product, release, major, family));
    assertThat(version.isSupported()).isTrue();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "PostgreSQL 18.3 on x86_64-pc-linux-gnu, compiled by gcc 7.5.0, 64-bit",
        "PostgreSQL 9.4.26 (Pivotal HAWQ 2.4.0.0 build 1)",
        ""
      })
  void rejectsEverythingElse(String versionString) {
    assertThat(GreenplumVersion.parse(versionString)).isEmpty();
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = ';',
      value = {
        "PostgreSQL 8.3.23 (Greenplum Database 5.28.4 build x); null",
        "PostgreSQL 9.4.26 (Greenplum Database 6.19.0 build x); GREENPLUM_6",
        "PostgreSQL 12.12 (Greenplum Database 7.1.0 build x); GREENPLUM_7",
        "PostgreSQL 14.4 (Apache Cloudberry 1.6.0 build 1); GREENPLUM_7"
      },
      nullValues = "null")
  void theSegmentToolsFollowTheRelease(String version, SegmentTools tools) {
    assertThat(GreenplumVersion.parse(version).orElseThrow().tools()).isEqualTo(tools);
  }
}
