package io.greenplum.mirrors.reconciler;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.greenplum.mirrors.api.MirrorSet;
import io.greenplum.mirrors.api.MirrorSetStatus;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Writes a MirrorSet's status whole, as one JSON patch ({@code add /status}, which replaces it):
 * never a diff against the copy a pass started from, which fails, or lands on the wrong array
 * element, when the status changed meanwhile (an operator restarted while its predecessor's last
 * write was in flight). The one way the operator writes status, on every API server: the mock
 * server of the tests and the demo has no server-side apply, so production runs what they run.
 *
 * <p>It also remembers what it wrote until the informer has it: a pass triggered right after a
 * write (by the pod it just deleted) must not start from the status before that write, or it would
 * decide again what the last pass decided (a recovery started twice, an event told twice). The
 * informer may lag by several writes (1,000 mirrors: a large status, written often), so every
 * resourceVersion a write of this operator superseded is remembered until the informer shows a
 * version that none did.
 */
final class StatusWriter {
  private final KubernetesClient client;
  private final Map<String, Written> written = new ConcurrentHashMap<>();

  /**
   * The last status this operator wrote, the resourceVersion that write made, and the ones it knows
   * to be older than that write: the one each write started from, and the one each earlier write
   * made.
   */
  private record Written(Set<String> superseded, MirrorSetStatus status, String made) {}

  StatusWriter(KubernetesClient client) {
    this.client = client;
  }

  /**
   * The MirrorSet's status as last written: this operator's write if the informer lags. A version
   * that this operator neither made nor wrote over (another client's edit, made between two of its
   * writes or after them) cannot be placed: the status is then read from the API server, which has
   * every write.
   */
  MirrorSetStatus latest(MirrorSet ms) {
    String uid = ms.getMetadata().getUid();
    String seen = ms.getMetadata().getResourceVersion();
    Written last = uid == null ? null : written.get(uid);
    if (last == null || seen == null) {
      return ms.getStatus();
    }
    if (seen.equals(last.made())) {
      written.remove(uid);
      return ms.getStatus();
    }
    if (last.superseded().contains(seen)) {
      return last.status();
    }
    MirrorSet current = client.resource(named(ms)).get();
    if (current == null) {
      return last.status();
    }
    if (seen.equals(version(current))) {
      written.remove(uid);
    }
    return current.getStatus();
  }

  private static MirrorSet named(MirrorSet ms) {
    MirrorSet target = new MirrorSet();
    target.setMetadata(
        new ObjectMetaBuilder()
            .withName(ms.getMetadata().getName())
            .withNamespace(ms.getMetadata().getNamespace())
            .build());
    return target;
  }

  void replace(MirrorSet ms, MirrorSetStatus status) {
    String patch =
        client
            .getKubernetesSerialization()
            .asJson(List.of(Map.of("op", "add", "path", "/status", "value", status)));
    // Only the name matters (a full copy would carry a resourceVersion, and none is wanted); with
    // an object in hand the client sends the patch without reading the MirrorSet first.
    MirrorSet after =
        client
            .resource(named(ms))
            .subresource("status")
            .patch(PatchContext.of(PatchType.JSON), patch);
    String uid = ms.getMetadata().getUid();
    if (uid == null || ms.getMetadata().getResourceVersion() == null) {
      return;
    }
    Set<String> superseded = new HashSet<>();
    Written previous = written.get(uid);
    if (previous != null) {
      superseded.addAll(previous.superseded());
      if (previous.made() != null) {
        superseded.add(previous.made());
      }
    }
    superseded.add(ms.getMetadata().getResourceVersion());
    written.put(uid, new Written(superseded, status, version(after)));
  }

  private static String version(MirrorSet after) {
    return after == null || after.getMetadata() == null
        ? null
        : after.getMetadata().getResourceVersion();
  }
}
