package io.greenplum.mirrors.reconciler;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.greenplum.mirrors.api.MirrorSet;
import io.greenplum.mirrors.api.MirrorSetStatus;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Writes a MirrorSet's status whole, as one JSON patch ({@code add /status}, which replaces it):
 * never a diff against the copy a pass started from, which fails, or lands on the wrong array
 * element, when the status changed meanwhile (an operator restarted while its predecessor's last
 * write was in flight). Used where server-side apply is not: while a MirrorSet is being deleted,
 * and against API servers without it (the mock server of the tests and the demo).
 *
 * <p>It also remembers what it wrote until the informer has it: a pass triggered right after a
 * write (by the pod it just deleted) must not start from the status before that write, or it would
 * decide again what the last pass decided (a recovery started twice).
 */
final class StatusWriter {
  private final KubernetesClient client;
  private final Map<String, Written> written = new ConcurrentHashMap<>();

  /** A status written over the MirrorSet whose resourceVersion was {@code before}. */
  private record Written(String before, MirrorSetStatus status) {}

  StatusWriter(KubernetesClient client) {
    this.client = client;
  }

  /** The MirrorSet's status as last written: this operator's write if the informer lags. */
  MirrorSetStatus latest(MirrorSet ms) {
    Written last = written.get(ms.getMetadata().getUid());
    if (last != null && last.before().equals(ms.getMetadata().getResourceVersion())) {
      return last.status();
    }
    written.remove(ms.getMetadata().getUid());
    return ms.getStatus();
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
    if (ms.getMetadata().getUid() != null && ms.getMetadata().getResourceVersion() != null) {
      written.put(
          ms.getMetadata().getUid(), new Written(ms.getMetadata().getResourceVersion(), status));
    }
  }
}
