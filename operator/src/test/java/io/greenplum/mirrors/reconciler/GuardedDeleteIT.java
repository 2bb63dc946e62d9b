package io.greenplum.mirrors.reconciler;

import static io.greenplum.mirrors.reconciler.TestKubernetes.NAMESPACE;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.greenplum.mirrors.api.CoordinatorSpec;
import io.greenplum.mirrors.api.MirrorSetSpec;
import io.greenplum.mirrors.diff.Action;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Deletions carry the UID the pass saw as a precondition, so that a stale view never deletes a
 * newer object of the same name; the API's refusal (409) is taken as "not ours any more", not an
 * error.
 */
@EnableKubernetesMockClient(crud = true)
class GuardedDeleteIT {
  KubernetesClient client;
  KubernetesMockServer server;

  @Test
  void aPodIsDeletedOnlyWithTheUidThePassSaw() throws Exception {
    Pod pod =
        client
            .resource(
                new PodBuilder()
                    .withNewMetadata()
                    .withName("m-0")
                    .withNamespace(NAMESPACE)
                    .endMetadata()
                    .build())
            .create();
    String uid = pod.getMetadata().getUid();
    assertThat(uid).isNotBlank();
    TestKubernetes.drainRequests(server);

    runner().run(target(Map.of("m-0", uid)), List.of(new Action.DeletePod(0, "m-0", "test")));

    RecordedRequest delete = lastDelete();
    assertThat(delete.getPath()).isEqualTo("/api/v1/namespaces/" + NAMESPACE + "/pods/m-0");
    assertThat(delete.getBody().readUtf8()).contains("\"preconditions\":{\"uid\":\"" + uid + "\"}");
    assertThat(client.pods().inNamespace(NAMESPACE).withName("m-0").get()).isNull();
  }

  @Test
  void aRefusedPreconditionLeavesTheNewerPodAndIsNoError() throws Exception {
    server
        .expect()
        .delete()
        .withPath("/api/v1/namespaces/" + NAMESPACE + "/pods/m-1")
        .andReturn(
            409,
            new StatusBuilder()
                .withCode(409)
                .withReason("Conflict")
                .withMessage(
                    "Precondition failed: UID in precondition: old, UID in object meta: new")
                .build())
        .always();
    TestKubernetes.drainRequests(server);

    runner().run(target(Map.of("m-1", "old")), List.of(new Action.StopMirror(1, "m-1")));

    assertThat(lastDelete().getBody().readUtf8()).contains("\"uid\":\"old\"");
  }

  private ActionRunner runner() {
    return new ActionRunner(client, new EventRecorder(client), LeaderFence.none());
  }

  private ActionRunner.Target target(Map<String, String> uids) {
    CoordinatorSpec coordinator = new CoordinatorSpec();
    coordinator.setHost("mdw");
    return new ActionRunner.Target(
        TestMirrorSetResources.mirrorSet("guarded", new MirrorSetSpec(), coordinator),
        null,
        Map.of(),
        null,
        uids);
  }

  private RecordedRequest lastDelete() throws InterruptedException {
    RecordedRequest found = null;
    RecordedRequest request;
    while ((request = server.takeRequest(10, TimeUnit.MILLISECONDS)) != null) {
      if (request.getMethod().equals("DELETE")) {
        found = request;
      }
    }
    assertThat(found).as("a DELETE request").isNotNull();
    return found;
  }
}
