package io.greenplum.mirrors.reconciler;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.greenplum.mirrors.api.MirrorSet;
import io.greenplum.mirrors.api.MirrorSetStatus;
import java.util.List;
import java.util.Map;

/**
 * Writes a MirrorSet's status whole, as one JSON patch ({@code add /status}, which replaces it):
 * never a diff against the copy a pass started from, which fails, or lands on the wrong array
 * element, when the status changed meanwhile (an operator restarted while its predecessor's last
 * write was in flight). Used where server-side apply is not: while a MirrorSet is being deleted,
 * and against API servers without it (the mock server of the tests and the demo).
 */
final class StatusWriter {
  private final KubernetesClient client;

  StatusWriter(KubernetesClient client) {
    this.client = client;
  }

  void replace(MirrorSet ms, MirrorSetStatus status) {
    String patch =
        client
            .getKubernetesSerialization()
            .asJson(List.of(Map.of("op", "add", "path", "/status", "value", status)));
    // Only the name matters (a full copy would carry a resourceVersion, and none is wanted); with
    // an object in hand the client sends the patch without reading the MirrorSet first.
    MirrorSet target = new MirrorSet();
    target.setMetadata(
        new ObjectMetaBuilder()
            .withName(ms.getMetadata().getName())
            .withNamespace(ms.getMetadata().getNamespace())
            .build());
    client.resource(target).subresource("status").patch(PatchContext.of(PatchType.JSON), patch);
  }
}
