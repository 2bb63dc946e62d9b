package io.greenplum.mirrors.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Pod;
import io.greenplum.mirrors.TestMirrorSets;
import io.greenplum.mirrors.api.MirrorSet;
import io.greenplum.mirrors.api.MirrorSetStatus;
import io.greenplum.mirrors.api.ReplicationSpec;
import io.greenplum.mirrors.api.SecretKeyRef;
import io.greenplum.mirrors.resources.MirrorResources;
import io.greenplum.mirrors.simulation.SimulatedEnvironment;
import io.greenplum.mirrors.status.Conditions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * spec.replication: the mirrors copy and stream as a replication role with a password from a
 * Secret, the primaries' pg_hba.conf asking for it (scram-sha-256), not as a trusted superuser. The
 * password reaches the pods only as a Secret reference, lands in a 0600 password file next to the
 * data directory and never in primary_conninfo, the pod spec, the status or the events.
 */
class ReplicationCredentialsScenarioTest extends Scenario {
  private static final String PASSWORD = "s3cr:et\\pw";

  @Test
  void mirrorsCopyWithTheReplicationRolesPasswordAndAWrongOneIsReported() throws Exception {
    start(SimulatedEnvironment.layout(2, 2), "sdw1", "sdw2");
    env.simulation().requireReplicationPassword(PASSWORD);
    replicationSecret("wrong-password");
    var spec = TestMirrorSets.group().build();
    ReplicationSpec replication = new ReplicationSpec();
    replication.setUser("replicator");
    replication.setPasswordSecret(new SecretKeyRef("gp-replication", "password"));
    spec.setReplication(replication);

    apply("scram", spec);
    MirrorSetStatus refused = awaitPhase("scram", "Degraded");
    assertThat(Conditions.find(refused.getConditions(), Conditions.DEGRADED).getMessage())
        .contains("password authentication failed for user \"replicator\"");
    assertThat(catalogNow().mirrors()).isEmpty();

    replicationSecret(PASSWORD);
    MirrorSetStatus done = awaitPhase("scram", "Synchronized");
    assertThat(done.getSynchronizedCount()).isEqualTo(4);

    for (Pod pod : pods("scram")) {
      var init = pod.getSpec().getInitContainers().get(0);
      assertThat(init.getEnv())
          .singleElement()
          .satisfies(
              (EnvVar v) -> {
                assertThat(v.getName()).isEqualTo(MirrorResources.PASSWORD_ENV);
                assertThat(v.getValue()).isNull();
                assertThat(v.getValueFrom().getSecretKeyRef().getName())
                    .isEqualTo("gp-replication");
              });
      assertThat(env.client().getKubernetesSerialization().asJson(pod)).doesNotContain("s3cr");
      assertThat(init.getArgs()).contains("replicator");
    }
    List<Path> passfiles;
    try (Stream<Path> files = Files.walk(env.simulation().volumesRoot())) {
      passfiles = files.filter(p -> p.getFileName().toString().endsWith(".pgpass")).toList();
    }
    assertThat(passfiles).hasSize(4);
    for (Path passfile : passfiles) {
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(passfile)))
          .isEqualTo("rw-------");
      assertThat(Files.readString(passfile)).isEqualTo("*:*:*:*:s3cr\\:et\\\\pw\n");
      Path conf =
          passfile.getParent().resolve("gpseg" + contentOf(passfile) + "/postgresql.auto.conf");
      assertThat(Files.readString(conf))
          .contains("user=replicator passfile=''" + passfile + "''")
          .doesNotContain("s3cr");
    }
    MirrorSet ms = mirrorSet("scram");
    assertThat(env.client().getKubernetesSerialization().asJson(ms.getStatus()))
        .doesNotContain("s3cr");
    assertThat(
            env.client().v1().events().inNamespace(NAMESPACE).list().getItems().stream()
                .map(e -> e.getMessage())
                .toList())
        .isNotEmpty()
        .noneMatch(m -> m.contains("s3cr"));
  }

  private static String contentOf(Path passfile) {
    return passfile
        .getFileName()
        .toString()
        .replaceAll("^\\.gpmirrors-gpseg(\\d+)\\.pgpass$", "$1");
  }
}
