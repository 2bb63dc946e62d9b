package io.greenplum.mirrors.reconciler;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.greenplum.mirrors.api.MirrorSet;
import io.greenplum.mirrors.api.MirrorSetStatus;
import io.greenplum.mirrors.api.MirrorStatus;
import io.greenplum.mirrors.api.RebalanceStatus;
import io.greenplum.mirrors.model.ContentRanges;
import io.greenplum.mirrors.status.Conditions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kubernetes Events on a MirrorSet for what its users should see: mirrors registered, pods created
 * or replaced, a mirror synchronised or down, the spec invalid. Best effort: an Event that cannot
 * be written never fails a reconcile.
 */
final class EventRecorder {
  private static final Logger LOG = LoggerFactory.getLogger(EventRecorder.class);

  private final KubernetesClient client;

  EventRecorder(KubernetesClient client) {
    this.client = client;
  }

  void normal(MirrorSet ms, String reason, String message) {
    record(ms, "Normal", reason, message);
  }

  void warning(MirrorSet ms, String reason, String message) {
    record(ms, "Warning", reason, message);
  }

  /** Events for what changed between two statuses: invalid spec, mirrors synchronised or down. */
  void transitions(MirrorSet ms, MirrorSetStatus before, MirrorSetStatus after) {
    if ("Invalid".equals(after.getPhase())
        && !Objects.equals(before == null ? null : before.getPhase(), "Invalid")) {
      after.getConditions().stream()
          .filter(c -> "SpecValid".equals(c.getType()))
          .findFirst()
          .ifPresent(c -> warning(ms, "SpecInvalid", c.getReason() + ": " + c.getMessage()));
    }
    waits(ms, before, after);
    rebalance(ms, before == null ? null : before.getRebalance(), after.getRebalance());
    Map<Integer, MirrorStatus> was = new HashMap<>();
    if (before != null) {
      before.getMirrors().forEach(m -> was.put(m.getContent(), m));
    }
    List<MirrorStatus> synced = new ArrayList<>();
    for (MirrorStatus m : after.getMirrors()) {
      MirrorStatus earlier = was.get(m.getContent());
      if (earlier != null && Objects.equals(earlier.getState(), m.getState())) {
        continue;
      }
      if ("Synchronized".equals(m.getState()) && earlier != null && earlier.getRecovery() != null) {
        normal(
            ms,
            "MirrorRecovered",
            "mirror of content "
                + m.getContent()
                + " (dbid "
                + m.getDbid()
                + ") is in sync again after its "
                + earlier.getRecovery()
                + " recovery (since "
                + earlier.getRecoverySince()
                + ")");
      } else if ("Synchronized".equals(m.getState())) {
        synced.add(m);
      } else if ("Down".equals(m.getState())) {
        warning(ms, "MirrorDown", "mirror of content " + m.getContent() + ": " + m.getMessage());
      } else if ("Stalled".equals(m.getState())) {
        warning(ms, "MirrorStalled", "mirror of content " + m.getContent() + ": " + m.getMessage());
      }
    }
    synchronizedEvent(ms, synced);
  }

  /** A Warning when suspend or deletion begins to wait for a transition in flight. */
  private void waits(MirrorSet ms, MirrorSetStatus before, MirrorSetStatus after) {
    Condition now = degraded(after);
    if (now == null
        || !(MirrorSetReconciler.SUSPEND_WAITS.equals(now.getReason())
            || MirrorSetReconciler.DELETION_WAITS.equals(now.getReason()))) {
      return;
    }
    Condition earlier = degraded(before);
    if (earlier == null || !now.getReason().equals(earlier.getReason())) {
      warning(ms, now.getReason(), now.getMessage());
    }
  }

  private static Condition degraded(MirrorSetStatus status) {
    return status == null || status.getConditions() == null
        ? null
        : status.getConditions().stream()
            .filter(c -> Conditions.DEGRADED.equals(c.getType()) && "True".equals(c.getStatus()))
            .findFirst()
            .orElse(null);
  }

  /**
   * One MirrorSynchronized event per status change: a mirror's own line when one came in sync, the
   * contents as runs when several did (1,000 mirrors make tens of events, not 1,000).
   */
  private void synchronizedEvent(MirrorSet ms, List<MirrorStatus> synced) {
    if (synced.size() == 1) {
      MirrorStatus m = synced.get(0);
      normal(
          ms,
          "MirrorSynchronized",
          "mirror of content "
              + m.getContent()
              + " (dbid "
              + m.getDbid()
              + ") on "
              + m.getHost()
              + ":"
              + m.getPort()
              + " is in sync with its primary");
    } else if (synced.size() > 1) {
      normal(
          ms,
          "MirrorSynchronized",
          synced.size()
              + " mirrors are in sync with their primaries: contents "
              + ContentRanges.of(synced.stream().map(MirrorStatus::getContent).toList()));
    }
  }

  /** One Event per rebalance stage reached (RebalancePromoting, ..., RebalanceFailed). */
  private void rebalance(MirrorSet ms, RebalanceStatus before, RebalanceStatus after) {
    if (after == null
        || (before != null
            && Objects.equals(before.getStage(), after.getStage())
            && Objects.equals(before.getContent(), after.getContent())
            && Objects.equals(before.getRequested(), after.getRequested()))) {
      return;
    }
    String message =
        (after.getContent() == null ? "" : "content " + after.getContent() + ": ")
            + after.getMessage();
    if ("Failed".equals(after.getStage())) {
      warning(ms, "RebalanceFailed", message);
    } else {
      normal(ms, "Rebalance" + after.getStage(), message);
    }
  }

  /** Event notes are at most 1 KiB in events.k8s.io/v1; a longer message is cut to that. */
  static final int MESSAGE_LIMIT = 1024;

  static String fit(String message) {
    return message.length() <= MESSAGE_LIMIT
        ? message
        : message.substring(0, MESSAGE_LIMIT - 4) + " ...";
  }

  private void record(MirrorSet ms, String type, String reason, String message) {
    String now = Instant.now().toString();
    try {
      client
          .v1()
          .events()
          .inNamespace(ms.getMetadata().getNamespace())
          .resource(
              new EventBuilder()
                  .withNewMetadata()
                  .withName(
                      ms.getMetadata().getName()
                          + "."
                          + UUID.randomUUID().toString().substring(0, 13))
                  .withNamespace(ms.getMetadata().getNamespace())
                  .endMetadata()
                  .withNewInvolvedObject()
                  .withApiVersion(MirrorSet.API_VERSION)
                  .withKind(MirrorSet.KIND)
                  .withName(ms.getMetadata().getName())
                  .withNamespace(ms.getMetadata().getNamespace())
                  .withUid(ms.getMetadata().getUid())
                  .endInvolvedObject()
                  .withType(type)
                  .withReason(reason)
                  .withMessage(fit(message))
                  .withFirstTimestamp(now)
                  .withLastTimestamp(now)
                  .withCount(1)
                  .withNewSource()
                  .withComponent("gpmirrors")
                  .endSource()
                  .build())
          .create();
    } catch (KubernetesClientException e) {
      LOG.debug(
          "event {} on {} not recorded: {}", reason, ms.getMetadata().getName(), e.getMessage());
    }
  }
}
