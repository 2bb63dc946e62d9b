package io.greenplum.mirrors.reconciler;

import static io.greenplum.mirrors.reconciler.TestKubernetes.NAMESPACE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.greenplum.mirrors.TestClusters;
import io.greenplum.mirrors.TestMirrorSets;
import io.greenplum.mirrors.api.MirrorSetStatus;
import io.greenplum.mirrors.emulation.EmbeddedGreenplum;
import io.greenplum.mirrors.status.Conditions;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What the Kubernetes API refuses while the operator acts reaches the status as Degraded with the
 * API's own words, and the pass goes on with the other mirrors: Pod Security admission refusing a
 * hostNetwork pod, a quota refusing a volume claim, a claim that never binds.
 */
@EnableKubernetesMockClient(crud = true)
class ApiRefusalsIT extends OperatorTestBase {
  @RegisterExtension static final EmbeddedGreenplum GP = EmbeddedGreenplum.gp7();

  @Override
  EmbeddedGreenplum gp() {
    return GP;
  }

  @Test
  void podSecurityAdmissionRefusingTheHostNetworkPodIsReported() throws Exception {
    GP.load(TestClusters.gp7(2, 2));
    refuse(
        "pods",
        "pods \"refused-preflight-sdw1\" is forbidden: violates PodSecurity \"baseline:latest\":"
            + " host namespaces (hostNetwork=true)");
    startOperator("sdw1", "sdw2");
    apply("refused", TestMirrorSets.group().build());

    MirrorSetStatus status =
        awaitStatus("refused", conditionIs("Degraded", "True", "PodCreateFailed"));
    Condition degraded = condition(status, Conditions.DEGRADED);
    assertThat(degraded.getMessage())
        .contains("preflight pod of host sdw1")
        .contains("preflight pod of host sdw2")
        .contains("the Kubernetes API refused (403)")
        .contains("violates PodSecurity");
    assertThat(status.getPhase()).isEqualTo("Degraded");
    assertThat(GP.catalog().segmentConfiguration().mirrors()).isEmpty();
  }

  @Test
  void aQuotaRefusingTheVolumeClaimIsReportedAndNoPodIsMade() throws Exception {
    GP.load(TestClusters.gp7(2, 2));
    refuse(
        "persistentvolumeclaims",
        "persistentvolumeclaims \"quota-m0-d6\" is forbidden: exceeded quota: storage,"
            + " requested: requests.storage=100Gi, used: requests.storage=0, limited:"
            + " requests.storage=10Gi");
    startOperator("sdw1", "sdw2");
    apply("quota", TestMirrorSets.group().build());

    MirrorSetStatus status =
        awaitStatus("quota", conditionIs("Degraded", "True", "VolumeCreateFailed"));
    assertThat(condition(status, Conditions.DEGRADED).getMessage())
        .contains("content 0")
        .contains("content 3")
        .contains("exceeded quota");
    assertThat(TestKubernetes.mirrorPods(client)).isEmpty();
  }

  @Test
  void aClaimThatDoesNotBindIsReported() throws Exception {
    GP.load(TestClusters.gp7(2, 2));
    startOperator("sdw1", "sdw2");
    apply("unbound", TestMirrorSets.group().build());
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> !TestKubernetes.mirrorPods(client).isEmpty());
    var pod = TestKubernetes.mirrorPods(client).get(0);
    pod.setStatus(
        new PodStatusBuilder()
            .withPhase("Pending")
            .withConditions(
                new PodConditionBuilder()
                    .withType("PodScheduled")
                    .withStatus("False")
                    .withReason("Unschedulable")
                    .withMessage(
                        "0/2 nodes are available: pod has unbound immediate"
                            + " PersistentVolumeClaims. preemption: 0/2 nodes are available")
                    .build())
            .build());
    client.pods().inNamespace(NAMESPACE).resource(pod).updateStatus();

    MirrorSetStatus status =
        awaitStatus("unbound", conditionIs("Degraded", "True", "VolumeNotBound"));
    assertThat(condition(status, Conditions.DEGRADED).getMessage())
        .contains("pod " + pod.getMetadata().getName())
        .contains("storageClassName");
  }

  @Test
  void aNameTooLongForItsPodNamesIsRefusedAtValidation() throws Exception {
    GP.load(TestClusters.gp7(2, 2));
    startOperator("sdw1", "sdw2");
    String name = "a-mirrorset-name-so-long-that-its-pods-would-overflow";
    apply(name, TestMirrorSets.group().build());

    MirrorSetStatus status = awaitStatus(name, s -> "Invalid".equals(s.getPhase()));
    assertThat(condition(status, Conditions.SPEC_VALID).getReason()).isEqualTo("NameTooLong");
    assertThat(condition(status, Conditions.SPEC_VALID).getMessage())
        .contains("at most 40")
        .contains("63");
    assertThat(client.pods().inNamespace(NAMESPACE).list().getItems()).isEmpty();
    assertThat(GP.emulation().history()).isEmpty();
  }

  @Test
  void anUnexpectedErrorReachesTheStatusAsReconcileError() throws Exception {
    GP.load(TestClusters.gp7(2, 2));
    TestKubernetes.prepare(client, GP.password(), "sdw1", "sdw2");
    operator =
        OperatorRuntime.start(
            client,
            OperatorRuntime.Options.defaults()
                .withIntervals(Duration.ofMillis(200), Duration.ofMillis(200))
                .withCatalogs(
                    settings -> {
                      throw new IllegalStateException("a bug nobody foresaw");
                    }));
    apply("unexpected", TestMirrorSets.group().build());

    MirrorSetStatus status =
        awaitStatus("unexpected", conditionIs("Degraded", "True", "ReconcileError"));
    assertThat(condition(status, Conditions.DEGRADED).getMessage())
        .contains("IllegalStateException: a bug nobody foresaw")
        .doesNotContain(GP.password());
    assertThat(status.getPhase()).isEqualTo("Degraded");
  }

  /** Every create of {@code resource} in the namespace is refused with 403 and this message. */
  private void refuse(String resource, String message) {
    Status refusal =
        new StatusBuilder()
            .withStatus("Failure")
            .withCode(403)
            .withReason("Forbidden")
            .withMessage(message)
            .build();
    server
        .expect()
        .post()
        .withPath("/api/v1/namespaces/" + NAMESPACE + "/" + resource)
        .andReturn(403, refusal)
        .always();
  }
}
