package io.greenplum.mirrors.reconciler;

import io.fabric8.kubernetes.api.model.DeleteOptions;
import io.fabric8.kubernetes.api.model.DeleteOptionsBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Preconditions;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.greenplum.mirrors.api.Annotations;
import io.greenplum.mirrors.api.MirrorSet;
import io.greenplum.mirrors.catalog.CatalogException;
import io.greenplum.mirrors.catalog.GreenplumCatalog;
import io.greenplum.mirrors.catalog.MirrorRegistration;
import io.greenplum.mirrors.diff.Action;
import io.greenplum.mirrors.diff.Moves;
import io.greenplum.mirrors.model.ContentRanges;
import io.greenplum.mirrors.model.Fingerprint;
import io.greenplum.mirrors.model.Segment;
import io.greenplum.mirrors.model.SegmentTools;
import io.greenplum.mirrors.plan.MirrorLocation;
import io.greenplum.mirrors.resources.Labels;
import io.greenplum.mirrors.resources.MirrorResources;
import io.greenplum.mirrors.resources.Names;
import io.greenplum.mirrors.resources.PreflightPod;
import io.greenplum.mirrors.status.Finding;
import java.net.HttpURLConnection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/** Carries out the diff's actions against the catalog and the Kubernetes API. */
final class ActionRunner {
  private static final Logger LOG = LoggerFactory.getLogger(ActionRunner.class);

  /** Removes every owner reference (JSON patch): the operator's objects carry none. */
  private static final String NO_OWNER =
      "[{\"op\":\"remove\",\"path\":\"/metadata/ownerReferences\"}]";

  /** FTS probes requested at most this often per MirrorSet: each one probes every segment. */
  static final long PROBE_EVERY_NANOS = 1_000_000_000L;

  private final KubernetesClient client;
  private final EventRecorder events;
  private final Map<String, Long> lastProbe = new ConcurrentHashMap<>();

  /** The budgets last written, per MirrorSet UID: a pass writes only what changed. */
  private final Map<String, Action.SetDisruptionBudgets> budgets = new ConcurrentHashMap<>();

  private final LeaderFence fence;

  ActionRunner(KubernetesClient client, EventRecorder events, LeaderFence fence) {
    this.client = client;
    this.events = events;
    this.fence = fence;
  }

  /**
   * What a pass acts on besides its actions.
   *
   * @param nodes the Kubernetes node of each segment host
   * @param tools the segment tools of the cluster's release
   * @param uids the UID of each pod and volume claim the pass saw, by name
   */
  record Target(
      MirrorSet ms,
      GreenplumCatalog catalog,
      Map<String, String> nodes,
      SegmentTools tools,
      Map<String, String> uids) {
    String namespace() {
      return ms.getMetadata().getNamespace();
    }

    String user() {
      return ms.getSpec().replicationUser();
    }
  }

  /**
   * Runs the actions in order. A catalog failure stops the pass (thrown). What the Kubernetes API
   * refuses (Pod Security admission, an invalid quantity, a quota) is returned as a finding with
   * the API's words and the pass goes on with the other actions; so are primaries whose slot could
   * not be dropped.
   */
  List<Finding> run(Target t, List<Action> actions) throws CatalogException {
    List<Finding> problems = new ArrayList<>();
    List<CreatedPod> created = new ArrayList<>();
    List<Action.GrowVolume> grown = new ArrayList<>();
    boolean budgetsWritten = true;
    try {
      for (Action action : actions) {
        fence.check();
        if (action instanceof Action.LabelRole label && !budgetsWritten) {
          // The budgets were not raised: no pod leaves the primaries' budget this pass.
          continue;
        }
        if (action instanceof Action.DropReplicationSlots drop) {
          problems.addAll(dropSlots(t, drop.primaries()));
          continue;
        }
        // JSON logs carry the content an action is for (logback.xml writes the MDC).
        try (var mdc =
            action instanceof Action.ForContent c
                ? MDC.putCloseable("content", String.valueOf(c.content()))
                : null) {
          if (action instanceof Action.CreateMirror create) {
            createMirror(t, create).ifPresent(created::add);
          } else if (action instanceof Action.GrowVolume grow) {
            grow(t, grow);
            grown.add(grow);
          } else {
            run(t, action);
          }
        } catch (ApiRefusal e) {
          problems.add(e.finding);
        } catch (KubernetesClientException e) {
          problems.add(refused(action, "", e));
          budgetsWritten &= !(action instanceof Action.SetDisruptionBudgets);
        }
      }
    } finally {
      podsCreated(t.ms(), created);
      volumesGrowing(t, grown);
    }
    return problems;
  }

  /** One VolumeGrowing event per pass, however many claims grew (1,000 claims: one event). */
  private void volumesGrowing(Target t, List<Action.GrowVolume> grown) {
    if (grown.isEmpty()) {
      return;
    }
    List<String> names = grown.stream().map(Action.GrowVolume::name).toList();
    notice(
        t,
        new Action.Notice(
            "VolumeGrowing",
            (names.size() == 1
                    ? "volume claim " + names.get(0)
                    : names.size()
                        + " volume claims ("
                        + String.join(", ", names.subList(0, Math.min(5, names.size())))
                        + (names.size() > 5 ? ", ..." : "")
                        + ")")
                + " asked to grow to "
                + grown.get(0).size()));
  }

  /** A mirror pod this pass made. */
  private record CreatedPod(int content, int dbid, String node) {}

  /**
   * One MirrorPodCreated event per pass: the pod's own line when one was made, the contents as runs
   * when a wave was (64 pods make one event, not 64).
   */
  private void podsCreated(MirrorSet ms, List<CreatedPod> created) {
    if (created.size() == 1) {
      CreatedPod pod = created.get(0);
      events.normal(
          ms,
          "MirrorPodCreated",
          "pod for the mirror of content "
              + pod.content()
              + " (dbid "
              + pod.dbid()
              + ") scheduled on node "
              + pod.node());
    } else if (created.size() > 1) {
      events.normal(
          ms,
          "MirrorPodCreated",
          created.size()
              + " mirror pods created, on "
              + created.stream().map(CreatedPod::node).distinct().count()
              + " nodes: contents "
              + ContentRanges.of(created.stream().map(CreatedPod::content).toList()));
    }
  }

  /** An API refusal already worded for the status (e.g. the volume claim of a mirror pod). */
  private static final class ApiRefusal extends RuntimeException {
    private final transient Finding finding;

    ApiRefusal(Finding finding) {
      super(finding.message());
      this.finding = finding;
    }
  }

  private static Finding refused(Action action, String what, KubernetesClientException e) {
    String reason;
    if (action instanceof Action.CreateMirror || action instanceof Action.CreatePreflight) {
      reason = what.isEmpty() ? "PodCreateFailed" : "VolumeCreateFailed";
    } else if (action instanceof Action.DeleteVolume) {
      reason = "VolumeDeleteFailed";
    } else if (action instanceof Action.GrowVolume) {
      reason = "VolumeResizeFailed";
    } else if (action instanceof Action.ReleaseOwnership
        || action instanceof Action.RecordRole
        || action instanceof Action.LabelRole
        || action instanceof Action.SetDisruptionBudgets
        || action instanceof Action.RecoverMirror
        || action instanceof Action.AnnotateVolume) {
      reason = "UpdateFailed";
    } else {
      reason = "PodDeleteFailed";
    }
    return Finding.degraded(reason, describe(action) + what + ": " + apiMessage(e));
  }

  /**
   * The API's own message (e.g. "pods ... is forbidden: violates PodSecurity ..."), with its code.
   */
  static String apiMessage(KubernetesClientException e) {
    String message =
        e.getStatus() != null && e.getStatus().getMessage() != null
            ? e.getStatus().getMessage()
            : e.getMessage();
    return "the Kubernetes API refused (" + e.getCode() + "): " + message;
  }

  private static String describe(Action action) {
    if (action instanceof Action.CreateMirror c) {
      return "content " + c.mirror().content() + " (dbid " + c.dbid() + ")";
    }
    if (action instanceof Action.CreatePreflight p) {
      return "preflight pod of host " + p.host();
    }
    if (action instanceof Action.DeletePod d) {
      return "pod " + d.pod();
    }
    if (action instanceof Action.StopMirror m) {
      return "pod " + m.pod();
    }
    if (action instanceof Action.StopActingPrimary m) {
      return "pod " + m.pod();
    }
    if (action instanceof Action.RecoverMirror r) {
      return "recovery of content " + r.content();
    }
    if (action instanceof Action.OnVolume v) {
      return "volume claim " + v.name();
    }
    return action.getClass().getSimpleName();
  }

  private void run(Target t, Action action) throws CatalogException {
    if (action instanceof Action.RegisterMirrors register) {
      register(t, register);
    } else if (action instanceof Action.DeletePod delete) {
      LOG.info("deleting pod {}: {}", delete.pod(), delete.why());
      events.warning(
          t.ms(), "MirrorPodReplaced", "pod " + delete.pod() + " is replaced: " + delete.why());
      deletePod(t, delete.pod());
    } else if (action instanceof Action.StopMirror stop) {
      deletePod(t, stop.pod());
    } else if (action instanceof Action.StopActingPrimary stop) {
      LOG.info("rebalance: stopping pod {} (dbid {} acts as primary)", stop.pod(), stop.dbid());
      deletePod(t, stop.pod());
    } else if (action instanceof Action.RequestFtsProbe) {
      requestFtsProbe(t);
    } else if (action instanceof Action.CreatePreflight preflight) {
      createIfAbsent(preflightPod(t, preflight));
    } else if (action instanceof Action.DeletePreflight preflight) {
      deletePod(t, preflight.pod());
    } else if (action instanceof Action.ReleaseOwnership release) {
      releaseOwnership(t, release);
    } else if (action instanceof Action.RecordRole role) {
      recordRole(t, role);
    } else if (action instanceof Action.LabelRole label) {
      labelRole(t, label);
    } else if (action instanceof Action.SetDisruptionBudgets set) {
      setBudgets(t, set);
    } else if (action instanceof Action.RemoveMirrorRows) {
      int removed = t.catalog().removeMirrors();
      events.normal(
          t.ms(),
          "MirrorRowsRemoved",
          "removed " + removed + " mirror rows from the catalog in one transaction");
    } else if (action instanceof Action.RecoverMirror recover) {
      recover(t, recover);
    } else if (action instanceof Action.DeleteVolume volume) {
      delete(t, "persistentvolumeclaims", volume.name());
    } else if (action instanceof Action.AnnotateVolume annotate) {
      annotate(t, annotate);
    } else if (action instanceof Action.MoveMirror move) {
      moveMirror(t, move.move());
    } else if (action instanceof Action.Notice notice) {
      notice(t, notice);
    }
  }

  private void moveMirror(Target t, Moves.Move move) throws CatalogException {
    if (t.catalog().moveMirror(move.content(), move.dbid(), move.to())) {
      events.normal(
          t.ms(),
          "MirrorRowMoved",
          "moved the catalog row of the mirror of "
              + move.describe()
              + " (dbid "
              + move.dbid()
              + ") in one transaction; its copy at the new place follows");
      LOG.info(
          "MirrorSet {}/{}: moved the catalog row of {}",
          t.namespace(),
          t.ms().getMetadata().getName(),
          move.describe());
    }
  }

  /**
   * A JSON merge patch of a volume claim: it changes what it names and leaves the rest (the
   * binder's annotations, the other requests) as it is; a null value removes a key.
   */
  private void patchClaim(Target t, String name, Map<String, Object> patch) {
    client
        .resource(
            new PersistentVolumeClaimBuilder()
                .withMetadata(
                    new ObjectMetaBuilder().withName(name).withNamespace(t.namespace()).build())
                .build())
        .patch(
            PatchContext.of(PatchType.JSON_MERGE),
            client.getKubernetesSerialization().asJson(patch));
  }

  /** A merge patch of the claim's storage request: the volume grows (the class allows it). */
  private void grow(Target t, Action.GrowVolume grow) {
    patchClaim(
        t,
        grow.name(),
        Map.of("spec", Map.of("resources", Map.of("requests", Map.of("storage", grow.size())))));
  }

  private void notice(Target t, Action.Notice notice) {
    events.normal(t.ms(), notice.reason(), notice.message());
    LOG.info(
        "MirrorSet {}/{}: {}: {}",
        t.namespace(),
        t.ms().getMetadata().getName(),
        notice.reason(),
        notice.message());
  }

  /** A merge patch of the claim's annotations (a null value removes one), then its event. */
  private void annotate(Target t, Action.AnnotateVolume annotate) {
    Map<String, Object> values = new java.util.HashMap<>(annotate.annotations());
    patchClaim(t, annotate.name(), Map.of("metadata", Map.of("annotations", values)));
    if (annotate.reason() != null) {
      notice(t, new Action.Notice(annotate.reason(), annotate.message()));
    }
  }

  private void requestFtsProbe(Target t) throws CatalogException {
    long now = System.nanoTime();
    Long last = lastProbe.get(t.ms().getMetadata().getUid());
    if (last != null && now - last < PROBE_EVERY_NANOS) {
      return;
    }
    lastProbe.put(t.ms().getMetadata().getUid(), now);
    t.catalog().requestFtsProbe();
  }

  /**
   * Incremental: the pod goes and is made again on its volume (the data directory kept). Full: the
   * volume first gets a new copy token, so that the pod made again copies anew (same dbid, same
   * catalog row, as gprecoverseg -F).
   */
  private void recover(Target t, Action.RecoverMirror recover) {
    if (recover.full()) {
      patchClaim(
          t,
          recover.volume(),
          Map.of(
              "metadata",
              Map.of(
                  "annotations",
                  Map.of(MirrorResources.COPY_TOKEN, String.valueOf(System.currentTimeMillis())))));
    }
    if (recover.pod() != null) {
      deletePod(t, recover.pod());
    }
    String mode = recover.full() ? "Full" : "Incremental";
    events.warning(
        t.ms(),
        "MirrorRecoveryStarted",
        mode
            + " recovery of the mirror of content "
            + recover.content()
            + " (dbid "
            + recover.dbid()
            + "): "
            + recover.why());
    LOG.info(
        "MirrorSet {}/{}: {} recovery of mirror content {}: {}",
        t.namespace(),
        t.ms().getMetadata().getName(),
        mode,
        recover.content(),
        recover.why());
  }

  private void register(Target t, Action.RegisterMirrors register) throws CatalogException {
    MirrorRegistration done = t.catalog().registerMirrors(register.plan());
    if (done.added()) {
      events.normal(
          t.ms(),
          "MirrorsRegistered",
          "registered "
              + done.dbidByContent().size()
              + " mirrors in one catalog transaction (dbids "
              + done.dbidByContent().values()
              + ")");
      LOG.info(
          "MirrorSet {}/{}: registered {} mirrors in one transaction",
          t.namespace(),
          t.ms().getMetadata().getName(),
          done.dbidByContent().size());
    }
  }

  /** The pod of a mirror (and its claim when missing); the pod made, or empty if it existed. */
  private Optional<CreatedPod> createMirror(Target t, Action.CreateMirror create)
      throws CatalogException {
    MirrorSet ms = t.ms();
    if (create.createSlot()) {
      t.catalog().createReplicationSlot(create.mirror().primary());
    }
    String volume = create.volume();
    if (create.volumeMissing()) {
      volume = volumeName(ms, create);
      try {
        createIfAbsent(MirrorResources.volumeClaim(ms, create.mirror(), create.dbid(), volume));
      } catch (KubernetesClientException e) {
        throw new ApiRefusal(refused(create, ": volume claim " + volume, e));
      }
    }
    String node = t.nodes().getOrDefault(create.mirror().hostname(), create.mirror().hostname());
    MirrorResources.MirrorPod pod =
        new MirrorResources.MirrorPod(
            create.mirror(),
            create.dbid(),
            node,
            volume,
            t.user(),
            t.tools(),
            create.actingPrimary(),
            create.copyToken(),
            create.rewind());
    if (create.rewind() && !create.volumeMissing() && !create.actingPrimary()) {
      checkpointBeforeRewind(t, create);
    }
    if (!createIfAbsent(MirrorResources.pod(ms, pod))) {
      return Optional.empty();
    }
    LOG.info(
        "MirrorSet {}/{}: created the pod of mirror content {} (dbid {}) on node {}",
        t.namespace(),
        ms.getMetadata().getName(),
        create.mirror().content(),
        create.dbid(),
        node);
    return Optional.of(new CreatedPod(create.mirror().content(), create.dbid(), node));
  }

  /**
   * The name of a mirror's new volume claim: {@code <ms>-m<content>-d<dbid>}; after a move, with a
   * fingerprint of the new place and of the claim it moved from, so that it is the same name in
   * every pass until made, and differs from every claim of its earlier places.
   */
  private static String volumeName(MirrorSet ms, Action.CreateMirror create) {
    String name = ms.getMetadata().getName();
    int content = create.mirror().content();
    return create.movedFrom() == null
        ? Names.volume(name, content, create.dbid())
        : Names.movedVolume(
            name,
            content,
            create.dbid(),
            Fingerprint.of(MirrorLocation.of(create.mirror()).key() + "|" + create.movedFrom()));
  }

  /**
   * Writes the MirrorSet's two PodDisruptionBudgets when they differ from what this process last
   * wrote (so not a write per pass): a merge patch of the spec, which also turns a budget of an
   * earlier release (maxUnavailable 1, which allows no eviction of pods without a controller) into
   * this one; made when missing.
   */
  private void setBudgets(Target t, Action.SetDisruptionBudgets set) {
    String uid = t.ms().getMetadata().getUid();
    if (set.equals(budgets.get(uid))) {
      return;
    }
    for (PodDisruptionBudget budget :
        MirrorResources.disruptionBudgets(
            t.ms(), set.mirrorsMinAvailable(), set.primariesMinAvailable())) {
      writeBudget(budget);
    }
    if (uid != null) {
      budgets.put(uid, set);
    }
  }

  private void writeBudget(PodDisruptionBudget budget) {
    @SuppressWarnings("unchecked")
    Map<String, Object> spec =
        new java.util.HashMap<>(
            client.getKubernetesSerialization().convertValue(budget.getSpec(), Map.class));
    spec.put("maxUnavailable", null);
    PodDisruptionBudget named =
        new PodDisruptionBudgetBuilder().withMetadata(budget.getMetadata()).build();
    try {
      client
          .resource(named)
          .patch(
              PatchContext.of(PatchType.JSON_MERGE),
              client.getKubernetesSerialization().asJson(Map.of("spec", spec)));
    } catch (KubernetesClientException e) {
      if (e.getCode() != HttpURLConnection.HTTP_NOT_FOUND) {
        throw e;
      }
      createIfAbsent(budget);
    }
  }

  /** Deletes the MirrorSet's PodDisruptionBudgets (its mirrors are gone); absent is fine. */
  void deleteDisruptionBudget(MirrorSet ms) {
    fence.check();
    String name = ms.getMetadata().getName();
    for (String budget : List.of(Names.budget(name), Names.primariesBudget(name))) {
      client
          .policy()
          .v1()
          .podDisruptionBudget()
          .inNamespace(ms.getMetadata().getNamespace())
          .withName(budget)
          .delete();
    }
    budgets.remove(ms.getMetadata().getUid());
  }

  private HasMetadata preflightPod(Target t, Action.CreatePreflight preflight) {
    String node = t.nodes().getOrDefault(preflight.host(), preflight.host());
    return PreflightPod.build(
        t.ms(), preflight.host(), node, t.user(), preflight.primaries(), preflight.checks());
  }

  /** A merge patch of the pod's role annotation, without reading the pod first. */
  private void recordRole(Target t, Action.RecordRole role) {
    if (patchPod(t, role.pod(), "annotations", Annotations.ROLE, role.role())) {
      LOG.info("pod {}: catalog role {} recorded", role.pod(), role.role());
    }
  }

  /** A merge patch of the pod's role label (its disruption budget), without reading it first. */
  private void labelRole(Target t, Action.LabelRole label) {
    if (patchPod(t, label.pod(), "labels", Labels.ROLE, label.role())) {
      LOG.info("pod {}: labelled {}={}", label.pod(), Labels.ROLE, label.role());
    }
  }

  /**
   * Sets one label or annotation of a pod by a merge patch; false when the pod went meanwhile (the
   * next one is made with what its pass decides).
   */
  private boolean patchPod(Target t, String pod, String field, String key, String value) {
    try {
      client
          .resource(
              new PodBuilder()
                  .withMetadata(
                      new ObjectMetaBuilder().withName(pod).withNamespace(t.namespace()).build())
                  .build())
          .patch(
              PatchContext.of(PatchType.JSON_MERGE),
              client
                  .getKubernetesSerialization()
                  .asJson(Map.of("metadata", Map.of(field, Map.of(key, value)))));
      return true;
    } catch (KubernetesClientException e) {
      if (e.getCode() != HttpURLConnection.HTTP_NOT_FOUND) {
        throw e;
      }
      return false;
    }
  }

  /**
   * The directory on the volume may have run as a primary and be rewound against the content's
   * primary: the operator CHECKPOINTs that primary first, as gprecoverseg does as the admin. A
   * primary that does not answer is left to the pod, which rewinds only onto a primary it finds
   * running and checkpointed.
   */
  private void checkpointBeforeRewind(Target t, Action.CreateMirror create) {
    try {
      t.catalog().checkpoint(create.mirror().primary());
    } catch (CatalogException e) {
      LOG.debug(
          "no CHECKPOINT on the primary of content {} before its mirror's pod: {}",
          create.mirror().content(),
          e.getMessage());
    }
  }

  private void releaseOwnership(Target t, Action.ReleaseOwnership release) {
    // With an object (just its name) in hand the client patches without reading it first.
    ObjectMeta named =
        new ObjectMetaBuilder().withName(release.name()).withNamespace(t.namespace()).build();
    HasMetadata object =
        release.kind().equals("Pod")
            ? new PodBuilder().withMetadata(named).build()
            : new PersistentVolumeClaimBuilder().withMetadata(named).build();
    try {
      client.resource(object).patch(PatchContext.of(PatchType.JSON), NO_OWNER);
      LOG.info("{} {}: owner reference removed", release.kind(), release.name());
    } catch (KubernetesClientException e) {
      // Gone, or its owner reference already removed (an earlier pass): nothing left to do.
      if (e.getCode() != HttpURLConnection.HTTP_NOT_FOUND && e.getCode() != 422) {
        throw e;
      }
    }
  }

  private List<Finding> dropSlots(Target t, List<Segment> primaries) {
    List<Finding> failed = new ArrayList<>();
    for (Segment primary : primaries) {
      try {
        t.catalog().dropReplicationSlot(primary);
      } catch (CatalogException e) {
        failed.add(
            Finding.degraded(
                "SlotDropFailed",
                e.getMessage()
                    + ". Drop it by hand: PGOPTIONS='"
                    + t.tools().utilityOptions()
                    + "' psql -h "
                    + primary.address()
                    + " -p "
                    + primary.port()
                    + " -d template1 -c \"SELECT pg_drop_replication_slot('"
                    + SegmentTools.REPLICATION_SLOT
                    + "')\", or let the operator reach the primary"));
      }
    }
    return failed;
  }

  private void deletePod(Target t, String name) {
    delete(t, "pods", name);
  }

  /**
   * Deletes the pod or claim the pass saw, with its UID as a precondition: when the informer's view
   * is stale and the name now belongs to a newer object, the API refuses (409) and nothing goes.
   */
  private void delete(Target t, String resource, String name) {
    String uid = t.uids().get(name);
    DeleteOptions options =
        new DeleteOptionsBuilder()
            .withPropagationPolicy("Background")
            .withPreconditions(uid == null ? null : new Preconditions(null, uid))
            .build();
    String path = "/api/v1/namespaces/" + t.namespace() + "/" + resource + "/" + name;
    try {
      client.raw(path, "DELETE", options);
    } catch (KubernetesClientException e) {
      if (e.getCode() == HttpURLConnection.HTTP_CONFLICT) {
        LOG.warn("{} {} is a newer object than the one this pass saw: not deleted", resource, name);
      } else if (e.getCode() != HttpURLConnection.HTTP_NOT_FOUND) {
        throw e;
      }
    }
  }

  /** Creates the pod or claim; false when it exists already (created by an earlier pass). */
  private boolean createIfAbsent(HasMetadata resource) {
    try {
      client.resource(resource).create();
      return true;
    } catch (KubernetesClientException e) {
      if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
        throw e;
      }
      return false;
    }
  }
}
