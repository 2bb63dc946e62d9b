package io.greenplum.mirrors.reconciler;

import static io.greenplum.mirrors.reconciler.TestKubernetes.NAMESPACE;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.greenplum.mirrors.TestClusters;
import io.greenplum.mirrors.TestMirrorSets;
import io.greenplum.mirrors.api.ConfigMapKeyRef;
import io.greenplum.mirrors.api.CoordinatorSpec;
import io.greenplum.mirrors.api.CoordinatorTls;
import io.greenplum.mirrors.api.MirrorHost;
import io.greenplum.mirrors.api.MirrorSet;
import io.greenplum.mirrors.api.MirrorSetSpec;
import io.greenplum.mirrors.api.MirrorSetStatus;
import io.greenplum.mirrors.api.SslMode;
import io.greenplum.mirrors.catalog.PasswordListener;
import io.greenplum.mirrors.catalog.PasswordListener.Ask;
import io.greenplum.mirrors.emulation.EmbeddedGreenplum;
import io.greenplum.mirrors.status.Conditions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 23 (1, 2, 5): someone who may edit MirrorSets, not read Secrets, points the coordinator at
 * a listener of theirs. The password Secret names the hosts it may go to, a CA ConfigMap must opt
 * in, sslMode disable is refused, and a server asking for a cleartext password on an unverified
 * connection is not sent it. The listener counts connections and records what it is sent.
 */
@EnableKubernetesMockClient(crud = true)
class CredentialScopeIT extends OperatorTestBase {
  @RegisterExtension static final EmbeddedGreenplum GP = EmbeddedGreenplum.gp7();

  PasswordListener listener;

  @Override
  EmbeddedGreenplum gp() {
    return GP;
  }

  @BeforeEach
  void start() throws Exception {
    GP.load(TestClusters.gp7(2, 2));
    listener = new PasswordListener(Ask.CLEARTEXT);
    startOperator("sdw1", "sdw2");
  }

  @AfterEach
  void stopListener() throws Exception {
    listener.close();
  }

  /** A MirrorSet whose coordinator is the listener, at {@code host}, as an editor would set it. */
  private MirrorSetStatus pointedAtTheListener(String host, Consumer<CoordinatorSpec> more) {
    return pointedAtTheListener(host, more, TestMirrorSets.group().build());
  }

  private MirrorSetStatus pointedAtTheListener(
      String host, Consumer<CoordinatorSpec> more, MirrorSetSpec spec) {
    CoordinatorSpec coordinator = GP.coordinatorSpec();
    coordinator.setHost(host);
    coordinator.setPort(listener.port());
    more.accept(coordinator);
    MirrorSet ms = TestMirrorSetResources.mirrorSet("edited", spec, coordinator);
    client.resource(ms).create();
    return awaitStatus("edited", s -> s.getConditions() != null && !s.getConditions().isEmpty());
  }

  private void assertNothingSent(MirrorSetStatus status) throws Exception {
    Thread.sleep(500);
    assertThat(listener.received()).doesNotContain(GP.password());
    assertThat(pods("edited")).isEmpty();
    assertThat(status.toString()).doesNotContain(GP.password());
  }

  @Test
  void aPasswordGoesOnlyToTheHostsItsSecretNames() throws Exception {
    MirrorSetStatus status = pointedAtTheListener("localhost", c -> {});

    assertThat(status.getPhase()).isEqualTo("Invalid");
    assertThat(condition(status, Conditions.SPEC_VALID).getReason())
        .isEqualTo("CredentialNotForHost");
    assertThat(condition(status, Conditions.SPEC_VALID).getMessage())
        .contains(
            "greenplum.io/coordinator-hosts", "localhost", "kubectl annotate secret gp-admin");
    assertNothingSent(status);
    assertThat(listener.connections()).as("nothing connected").isZero();
  }

  @Test
  void aCaConfigMapThatDidNotOptInIsNotTrusted() throws Exception {
    client
        .resource(
            new ConfigMapBuilder()
                .withNewMetadata()
                .withName("their-ca")
                .withNamespace(NAMESPACE)
                .endMetadata()
                .withData(Map.of("ca.crt", "-----BEGIN CERTIFICATE-----\nMIIB\n"))
                .build())
        .create();
    CoordinatorTls tls = new CoordinatorTls();
    tls.setCaConfigMap(new ConfigMapKeyRef("their-ca", "ca.crt"));

    MirrorSetStatus status = pointedAtTheListener("127.0.0.1", c -> c.setTls(tls));

    assertThat(condition(status, Conditions.SPEC_VALID).getReason())
        .isEqualTo("ConfigMapNotAllowed");
    assertThat(condition(status, Conditions.SPEC_VALID).getMessage())
        .contains("kubectl label configmap their-ca greenplum.io/mirrorset-credentials=true");
    assertNothingSent(status);
    assertThat(listener.connections()).as("nothing connected").isZero();
  }

  @Test
  void sslModeDisableIsRefusedUnlessTheNetworkIsSaidToBeTrusted() throws Exception {
    MirrorSetStatus status = pointedAtTheListener("127.0.0.1", c -> c.setSslMode(SslMode.DISABLE));

    assertThat(condition(status, Conditions.SPEC_VALID).getReason())
        .isEqualTo("PlainConnectionNotAllowed");
    assertNothingSent(status);
    assertThat(listener.connections()).as("nothing connected").isZero();
  }

  @Test
  void aServerAskingForACleartextPasswordWithoutTlsIsNotSentIt() throws Exception {
    MirrorSetStatus status =
        awaitStatusOf(
            pointedAtTheListener("127.0.0.1", c -> {}),
            s -> "InsecureAuthentication".equals(reason(s, Conditions.DEGRADED)));

    assertThat(condition(status, Conditions.DEGRADED).getMessage())
        .contains("cleartext password", "the password was not sent", "scram-sha-256");
    assertThat(listener.connections()).as("the listener was reached").isPositive();
    assertNothingSent(status);
  }

  /** Issue 23 (4): a first MirrorSet naming a node without the segment-host label. */
  @Test
  void aPlacementOnAnUnlabelledNodeIsRefusedBeforeAnythingIsRead() throws Exception {
    client
        .resource(
            new NodeBuilder()
                .withNewMetadata()
                .withName("control-1")
                .addToLabels("kubernetes.io/hostname", "control-1")
                .endMetadata()
                .build())
        .create();
    MirrorSetSpec spec = TestMirrorSets.group().build();
    spec.getPlacement()
        .setHosts(
            new ArrayList<>(
                List.of(
                    new MirrorHost("sdw1", null, null),
                    new MirrorHost("sdw2", "control-1", null))));

    MirrorSetStatus status = pointedAtTheListener("127.0.0.1", c -> {}, spec);

    assertThat(condition(status, Conditions.SPEC_VALID).getReason()).isEqualTo("NodeNotAllowed");
    assertThat(condition(status, Conditions.SPEC_VALID).getMessage())
        .contains("node control-1 of segment host sdw2", "kubectl label node control-1");
    assertNothingSent(status);
    assertThat(listener.connections()).as("nothing connected").isZero();
  }

  private MirrorSetStatus awaitStatusOf(
      MirrorSetStatus first, java.util.function.Predicate<MirrorSetStatus> done) {
    return done.test(first) ? first : awaitStatus("edited", done);
  }

  private static String reason(MirrorSetStatus s, String type) {
    var c = s.getConditions() == null ? null : Conditions.find(s.getConditions(), type);
    return c == null ? null : c.getReason();
  }
}
