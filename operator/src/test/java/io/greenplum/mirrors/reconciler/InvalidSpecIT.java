package io.greenplum.mirrors.reconciler;

import static io.greenplum.mirrors.reconciler.TestKubernetes.NAMESPACE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.greenplum.mirrors.TestClusters;
import io.greenplum.mirrors.TestMirrorSets;
import io.greenplum.mirrors.api.ExplicitMirror;
import io.greenplum.mirrors.api.MirrorHost;
import io.greenplum.mirrors.api.MirrorSet;
import io.greenplum.mirrors.api.MirrorSetSpec;
import io.greenplum.mirrors.api.MirrorSetStatus;
import io.greenplum.mirrors.api.PlacementStrategy;
import io.greenplum.mirrors.api.SecretKeyRef;
import io.greenplum.mirrors.emulation.EmbeddedGreenplum;
import io.greenplum.mirrors.status.Conditions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Invalid MirrorSets end Invalid with their precise reason, and nothing is created or registered.
 */
@EnableKubernetesMockClient(crud = true)
class InvalidSpecIT extends OperatorTestBase {
  @RegisterExtension static final EmbeddedGreenplum GP = EmbeddedGreenplum.gp7();

  @Override
  EmbeddedGreenplum gp() {
    return GP;
  }

  @BeforeEach
  void start() throws Exception {
    GP.load(TestClusters.gp7(4, 4));
    startOperator("sdw1", "sdw2", "sdw3", "sdw4");
    // The coordinator's password in a Secret that did not opt in to MirrorSets.
    client
        .resource(
            new io.fabric8.kubernetes.api.model.SecretBuilder()
                .withNewMetadata()
                .withName("unlabelled")
                .withNamespace(NAMESPACE)
                .endMetadata()
                .withStringData(java.util.Map.of("password", GP.password()))
                .build())
        .create();
    // A labelled Secret whose password may go to another coordinator only.
    client
        .resource(
            new io.fabric8.kubernetes.api.model.SecretBuilder()
                .withNewMetadata()
                .withName("elsewhere")
                .withNamespace(NAMESPACE)
                .addToLabels(MirrorSet.CREDENTIALS_LABEL, "true")
                .addToAnnotations(MirrorSet.COORDINATOR_HOSTS_ANNOTATION, "10.9.9.9")
                .endMetadata()
                .withStringData(java.util.Map.of("password", GP.password()))
                .build())
        .create();
    // A node the platform team did not mark for Greenplum pods.
    client
        .nodes()
        .resource(
            new io.fabric8.kubernetes.api.model.NodeBuilder()
                .withNewMetadata()
                .withName("control-1")
                .addToLabels("kubernetes.io/hostname", "control-1")
                .endMetadata()
                .build())
        .create();
  }

  static Stream<Arguments> invalidSpecs() {
    return Stream.of(
        invalid("PortOutOfRange", s -> s.getPorts().setMirrorBase(70000)),
        invalid("PortConflict", s -> s.getPorts().setOffset(0)),
        invalid("NodeNotFound", s -> s.getPlacement().setHosts(hosts("sdw2", "worker-9"))),
        invalid("MirrorOnPrimaryNode", s -> s.getPlacement().setHosts(hosts("sdw2", "sdw1"))),
        invalid(
            "SecretNotFound",
            s -> s.getCoordinator().setPasswordSecret(new SecretKeyRef("missing", "password"))),
        invalid(
            "SecretNotAllowed",
            s -> s.getCoordinator().setPasswordSecret(new SecretKeyRef("unlabelled", "password"))),
        invalid("SecretNotAllowed", s -> s.setReplication(replication("unlabelled"))),
        invalid("SecretNotFound", s -> s.setReplication(replication("missing"))),
        invalid("ConfigMapNotFound", s -> s.getCoordinator().setTls(caConfigMap("missing-ca"))),
        invalid(
            "SpreadNeedsMoreHosts", s -> s.getPlacement().setStrategy(PlacementStrategy.Spread)),
        invalid(
            "ExplicitWithoutMirrors",
            s -> s.getPlacement().setStrategy(PlacementStrategy.Explicit)),
        invalid(
            "MirrorsWithoutExplicit",
            s ->
                s.getPlacement()
                    .setMirrors(
                        new ArrayList<>(
                            List.of(new ExplicitMirror(0, "sdw2", 7000, "/m/gpseg0"))))),
        invalid(
            "UnknownContent",
            s -> {
              s.getPlacement().setStrategy(PlacementStrategy.Explicit);
              s.getPlacement()
                  .setMirrors(
                      new ArrayList<>(List.of(new ExplicitMirror(99, "sdw2", 7000, "/m/gpseg99"))));
            }),
        invalid("RelativeDataLocation", s -> s.setDataDirectories(List.of("data/mirror"))),
        invalid("DataLocationCount", s -> s.setDataDirectories(List.of("/a", "/b"))),
        invalid("MaxParallelOutOfRange", s -> s.setMaxParallel(0)),
        invalid("NodeNotAllowed", s -> s.getPlacement().setHosts(hosts("sdw2", "control-1"))),
        invalid(
            "CredentialNotForHost",
            s -> s.getCoordinator().setPasswordSecret(new SecretKeyRef("elsewhere", "password"))),
        invalid("CredentialNotForHost", s -> s.setReplication(replication("elsewhere"))),
        invalid(
            "ReferenceNotAllowed",
            s ->
                s.getTemplate()
                    .setImagePullSecrets(
                        List.of(
                            new io.fabric8.kubernetes.api.model.LocalObjectReference(
                                "unlabelled")))),
        invalid(
            "PlainConnectionNotAllowed",
            s -> s.getCoordinator().setSslMode(io.greenplum.mirrors.api.SslMode.DISABLE)),
        invalid("ReferenceNotAllowed", s -> s.getTemplate().setEnv(List.of(fromSecret()))),
        invalid(
            "TolerationNotAllowed",
            s ->
                s.getTemplate()
                    .setTolerations(
                        List.of(
                            new io.fabric8.kubernetes.api.model.TolerationBuilder()
                                .withKey("node-role.kubernetes.io/control-plane")
                                .withOperator("Exists")
                                .withEffect("NoSchedule")
                                .build()))),
        invalid("NotGreenplum", s -> {}));
  }

  /** An env var the kubelet would fill from a Secret that never opted in to MirrorSets. */
  private static io.fabric8.kubernetes.api.model.EnvVar fromSecret() {
    return new io.fabric8.kubernetes.api.model.EnvVarBuilder()
        .withName("STOLEN")
        .withNewValueFrom()
        .withNewSecretKeyRef("password", "unlabelled", false)
        .endValueFrom()
        .build();
  }

  private static Arguments invalid(String reason, Consumer<MirrorSetSpec> change) {
    return Arguments.of(reason, change);
  }

  /** Every primary host as a mirror host, one of them on another node. */
  private static io.greenplum.mirrors.api.CoordinatorTls caConfigMap(String name) {
    io.greenplum.mirrors.api.CoordinatorTls tls = new io.greenplum.mirrors.api.CoordinatorTls();
    tls.setCaConfigMap(new io.greenplum.mirrors.api.ConfigMapKeyRef(name, "ca.crt"));
    return tls;
  }

  private static io.greenplum.mirrors.api.ReplicationSpec replication(String secret) {
    io.greenplum.mirrors.api.ReplicationSpec replication =
        new io.greenplum.mirrors.api.ReplicationSpec();
    replication.setUser("replicator");
    replication.setPasswordSecret(new SecretKeyRef(secret, "password"));
    return replication;
  }

  private static List<MirrorHost> hosts(String host, String node) {
    List<MirrorHost> hosts = new ArrayList<>();
    for (String name : List.of("sdw1", "sdw2", "sdw3", "sdw4")) {
      hosts.add(new MirrorHost(name, name.equals(host) ? node : name, null));
    }
    return hosts;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidSpecs")
  void endsInvalidWithItsReasonAndTouchesNothing(String reason, Consumer<MirrorSetSpec> change)
      throws Exception {
    if (reason.equals("NotGreenplum")) {
      GP.emulation().setVersion("PostgreSQL 18.3 on x86_64-pc-linux-gnu, 64-bit");
    }
    MirrorSet ms =
        TestMirrorSetResources.mirrorSet(
            "bad", TestMirrorSets.group().build(), GP.coordinatorSpec());
    change.accept(ms.getSpec());
    client.resource(ms).create();

    MirrorSetStatus status = awaitStatus("bad", s -> "Invalid".equals(s.getPhase()));

    assertThat(condition(status, Conditions.SPEC_VALID).getStatus()).isEqualTo("False");
    assertThat(condition(status, Conditions.SPEC_VALID).getReason()).isEqualTo(reason);
    assertThat(condition(status, Conditions.SPEC_VALID).getMessage())
        .isNotBlank()
        .doesNotContain(GP.password());
    Thread.sleep(500);
    GP.emulation().setVersion("PostgreSQL 12.12 (Greenplum Database 7.1.0 build emulated)");
    assertThat(pods("bad")).isEmpty();
    assertThat(volumes()).isZero();
    assertThat(GP.catalog().segmentConfiguration().mirrors()).isEmpty();
    assertThat(GP.emulation().history()).isEmpty();
  }

  @Test
  void aSpecEditedIntoAValidOneProceeds() {
    MirrorSetSpec bad = TestMirrorSets.group().mirrorBase(70000).build();
    apply("edited", bad);
    awaitStatus("edited", s -> "Invalid".equals(s.getPhase()));

    client
        .resources(MirrorSet.class)
        .inNamespace(NAMESPACE)
        .withName("edited")
        .edit(
            ms -> {
              ms.getSpec().getPorts().setMirrorBase(null);
              return ms;
            });

    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> GP.catalog().segmentConfiguration().mirrors().size() == 16);
    MirrorSetStatus status = awaitStatus("edited", s -> !"Invalid".equals(s.getPhase()));
    assertThat(condition(status, Conditions.SPEC_VALID).getStatus()).isEqualTo("True");
  }
}
