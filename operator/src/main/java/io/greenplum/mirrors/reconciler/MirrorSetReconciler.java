package io.greenplum.mirrors.reconciler;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.greenplum.mirrors.api.DeletionPolicy;
import io.greenplum.mirrors.api.MirrorSet;
import io.greenplum.mirrors.api.MirrorSetSpec;
import io.greenplum.mirrors.api.MirrorSetStatus;
import io.greenplum.mirrors.catalog.CatalogException;
import io.greenplum.mirrors.diff.Action;
import io.greenplum.mirrors.diff.ClusterClaim;
import io.greenplum.mirrors.diff.FtsTimer;
import io.greenplum.mirrors.diff.MirrorRemoval;
import io.greenplum.mirrors.diff.MirrorSetDiff;
import io.greenplum.mirrors.diff.Moves;
import io.greenplum.mirrors.diff.Observation;
import io.greenplum.mirrors.diff.Rebalance;
import io.greenplum.mirrors.diff.Transitions;
import io.greenplum.mirrors.diff.Volumes;
import io.greenplum.mirrors.model.Segment;
import io.greenplum.mirrors.plan.ExistingMirrors;
import io.greenplum.mirrors.resources.Labels;
import io.greenplum.mirrors.status.DeletionStatus;
import io.greenplum.mirrors.status.Finding;
import io.greenplum.mirrors.status.Findings;
import io.greenplum.mirrors.status.StatusBuilder;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes a cluster's mirrors match its MirrorSet. Each pass reads like DESIGN.md's lifecycle:
 * observe catalog and pods -> validate and plan -> diff -> act -> status. It never waits for
 * Greenplum: it comes back after a delay while anything is under way. Every MirrorSet carries the
 * finalizer {@value #FINALIZER}; on deletion its {@code deletionPolicy} decides: Retain leaves the
 * mirrors running, RemoveMirrors removes them safely, one step per pass.
 */
@ControllerConfiguration(name = "mirrorset", finalizerName = MirrorSetReconciler.FINALIZER)
public class MirrorSetReconciler implements Reconciler<MirrorSet>, Cleaner<MirrorSet> {
  private static final Logger LOG = LoggerFactory.getLogger(MirrorSetReconciler.class);
  public static final String FINALIZER = "greenplum.io/mirrors";
  static final Duration BUSY = Duration.ofSeconds(5);
  static final Duration IDLE = Duration.ofSeconds(30);

  private final Observer observer;
  private final StatusWriter statuses;
  private final ActionRunner runner;
  private final Clock clock;
  private final Duration busy;
  private final Duration idle;
  private final OperatorMetrics metrics;
  private final EventRecorder events;
  private final LeaderFence fence;
  private final ObjectMapper json = new ObjectMapper();

  MirrorSetReconciler(
      KubernetesClient client,
      CatalogFactory catalogs,
      Clock clock,
      Duration busy,
      Duration idle,
      OperatorMetrics metrics,
      EventRecorder events,
      LeaderFence fence) {
    this.statuses = new StatusWriter(client);
    this.observer = new Observer(new ClusterObserver(client), catalogs, clock, idle, metrics);
    this.runner = new ActionRunner(client, events, fence);
    this.fence = fence;
    this.clock = clock;
    this.busy = busy;
    this.idle = idle;
    this.metrics = metrics;
    this.events = events;
  }

  /**
   * Pods and volume claims belong to the MirrorSet their label names (they carry no owner
   * reference), so that a MirrorSet deleted with Retain and applied again finds them.
   */
  @Override
  public List<EventSource<?, MirrorSet>> prepareEventSources(
      EventSourceContext<MirrorSet> context) {
    return List.of(
        new InformerEventSource<>(
            InformerEventSourceConfiguration.from(Pod.class, MirrorSet.class)
                .withLabelSelector(Labels.SELECTOR)
                .withSecondaryToPrimaryMapper(MirrorSetReconciler::byLabel)
                .build(),
            context),
        new InformerEventSource<>(
            InformerEventSourceConfiguration.from(PersistentVolumeClaim.class, MirrorSet.class)
                .withLabelSelector(Labels.SELECTOR)
                .withSecondaryToPrimaryMapper(MirrorSetReconciler::byLabel)
                .build(),
            context));
  }

  private static Set<ResourceID> byLabel(HasMetadata object) {
    String name = object.getMetadata().getLabels().get(Labels.MIRROR_SET);
    return name == null
        ? Set.of()
        : Set.of(new ResourceID(name, object.getMetadata().getNamespace()));
  }

  /** Stops the node informer; the operator is stopping. */
  void close() {
    observer.close();
  }

  @Override
  public UpdateControl<MirrorSet> reconcile(MirrorSet ms, Context<MirrorSet> context)
      throws Exception {
    Timer.Sample timing = metrics.startReconcile();
    String phase = "Error";
    try {
      UpdateControl<MirrorSet> result;
      try {
        result = pass(ms, context);
      } catch (LeaderFence.LeadershipLost e) {
        LOG.warn("MirrorSet {}: pass stopped: {}", ms.getMetadata().getName(), e.getMessage());
        return UpdateControl.noUpdate();
      }
      // The phase this pass arrived at: the patched status, else the unchanged one.
      MirrorSet after = result.getResource().orElse(ms);
      phase = after.getStatus() == null ? "" : after.getStatus().getPhase();
      return result;
    } finally {
      metrics.endReconcile(timing, phase);
    }
  }

  private UpdateControl<MirrorSet> pass(MirrorSet ms, Context<MirrorSet> context) {
    // Never decided from a status older than this operator's last write (the informer lags).
    ms.setStatus(statuses.latest(ms));
    Observer.Look look = observer.look(ms, context);
    try {
      return pass(ms, look);
    } finally {
      if (look.catalog() != null) {
        look.catalog().close();
      }
    }
  }

  private UpdateControl<MirrorSet> pass(MirrorSet ms, Observer.Look look) {
    List<Finding> findings = new ArrayList<>(look.findings());
    Observation seen = look.seen();
    if (seen == null) {
      return finish(ms, null, findings, look.retrySoon() ? busy : idle);
    }
    ClusterClaim.Decision claim = claimDecision(ms, look.claim());
    if (claim.refusal() != null) {
      // Another MirrorSet manages this cluster: nothing this one would do is done.
      findings.add(Finding.degraded(CLUSTER_CLAIMED, claim.refusal()));
      return finish(ms, null, findings, idle);
    }
    Map<String, String> nodes = ClusterObserver.nodesOfHosts(ms);
    findings.addAll(
        Findings.ofSpec(ms, seen.plan(), nodes, observer::nodeExists, observer::nodeAllowed));
    // An invalid spec holds back what it asks for, never the care of the registered mirrors.
    boolean held =
        findings.stream().anyMatch(Finding::specInvalid) || !Volumes.refusals(seen).isEmpty();
    // Decided once on this observation: the findings, the actions and the status share them.
    Moves.Step wouldMove = Moves.decide(seen);
    // Suspend and deletion wait for what is in flight, finishing it and beginning nothing new.
    List<String> inFlight =
        stopping(ms) == null ? List.of() : Transitions.inFlight(seen, wouldMove);
    boolean finishing = !inFlight.isEmpty();
    Moves.Step moves =
        held ? Moves.Step.none() : finishing ? Transitions.finishing(wouldMove) : wouldMove;
    if (finishing) {
      findings.add(0, waiting(ms, inFlight));
    }
    findings.addAll(Findings.ofCluster(seen, ms.getSpec(), moves));
    if (held) {
      findings.add(Findings.held(seen, wouldMove));
    }
    boolean act = !suspended(ms.getSpec()) || finishing;
    Rebalance.Step rebalance =
        !act ? null : finishing ? Transitions.finishing(seen) : Rebalance.decide(seen);
    List<Action> actions =
        act ? MirrorSetDiff.diff(seen, rebalance, moves, held || finishing) : List.of();
    try {
      claim(ms, look, claim, actions);
      findings.addAll(runner.run(look.target(ms, nodes), actions));
    } catch (CatalogException e) {
      findings.add(observer.catalogFinding(e));
    }
    Duration next = FtsTimer.nextLook(seen).filter(d -> d.compareTo(busy) < 0).orElse(busy);
    Map<Integer, String> recoveries = new java.util.TreeMap<>();
    actions.stream()
        .filter(a -> a instanceof Action.RecoverMirror)
        .map(a -> (Action.RecoverMirror) a)
        .forEach(r -> recoveries.put(r.content(), r.full() ? "Full" : "Incremental"));
    return finish(ms, input(ms, seen, findings, recoveries, rebalance, moves), next);
  }

  private UpdateControl<MirrorSet> finish(
      MirrorSet ms, Observation seen, List<Finding> findings, Duration after) {
    return finish(ms, input(ms, seen, findings, Map.of(), null, null), after);
  }

  private UpdateControl<MirrorSet> finish(MirrorSet ms, StatusBuilder.Input in, Duration after) {
    MirrorSetStatus status = StatusBuilder.build(in);
    metrics.mirrors(ms, status);
    fence.check();
    events.transitions(ms, ms.getStatus(), status);
    // An invalid spec waits for a person, but mirrors it still looks after are watched closely.
    boolean settled =
        "Synchronized".equals(status.getPhase())
            || ("Invalid".equals(status.getPhase())
                && (in.seen() == null
                    || in.seen().cluster().mirrors().isEmpty()
                    || Objects.equals(status.getSynchronizedCount(), status.getDesired())));
    Duration next = settled ? idle : after;
    if (unchanged(status, ms.getStatus())) {
      // Nothing moved, and what is wrong waits for a person: look again at the idle pace.
      return UpdateControl.<MirrorSet>noUpdate()
          .rescheduleAfter(waitsForAPerson(in.findings()) ? idle : next);
    }
    String uid = ms.getMetadata().getUid();
    Long last = uid == null ? null : lastWrite.get(uid);
    Duration every = progressEvery(status.getMirrors().size());
    if (last != null
        && System.nanoTime() - last < every.toNanos()
        && shape(status).equals(shape(ms.getStatus()))) {
      // Only copy progress moved (percent, bytes behind): written at most once a second, every
      // 10 s beyond 100 mirrors, so that 1,000 copying mirrors do not rewrite a large status at
      // every pass. A change of state, condition or count is written at once.
      return UpdateControl.<MirrorSet>noUpdate()
          .rescheduleAfter(next.compareTo(every) < 0 ? next : every);
    }
    if (uid != null) {
      lastWrite.put(uid, System.nanoTime());
    }
    ms.setStatus(status);
    statuses.replace(ms, status);
    return UpdateControl.<MirrorSet>noUpdate().rescheduleAfter(next);
  }

  /**
   * Anything a pass did not expect (an API error while reading, a bug): the status says so, as
   * Degraded with reason ReconcileError and the error's message, instead of keeping its last word;
   * JOSDK retries with back-off, without end, and the MirrorSet is looked at again within idle.
   */
  @Override
  public ErrorStatusUpdateControl<MirrorSet> updateErrorStatus(
      MirrorSet ms, Context<MirrorSet> context, Exception e) {
    if (e instanceof LeaderFence.LeadershipLost) {
      return ErrorStatusUpdateControl.noStatusUpdate();
    }
    KubernetesClientException api = apiError(e);
    String message =
        api != null
            ? ActionRunner.apiMessage(api)
            : e.getClass().getSimpleName() + ": " + e.getMessage();
    if (fence.isClosing()) {
      LOG.info("MirrorSet {}: pass cut short by shutdown: {}", ms.getMetadata().getName(), message);
      return ErrorStatusUpdateControl.noStatusUpdate();
    }
    if (api != null) {
      // The API server's own words say it all; a stack trace at every retry would bury them.
      LOG.error("MirrorSet {}: pass failed: {}", ms.getMetadata().getName(), message);
    } else {
      LOG.error("MirrorSet {}: pass failed: {}", ms.getMetadata().getName(), message, e);
    }
    try {
      ms.setStatus(statuses.latest(ms));
      MirrorSetStatus status =
          StatusBuilder.build(
              input(
                  ms,
                  null,
                  List.of(Finding.degraded("ReconcileError", "the last pass failed: " + message)),
                  Map.of(),
                  null,
                  null));
      if (unchanged(status, ms.getStatus())) {
        return ErrorStatusUpdateControl.<MirrorSet>noStatusUpdate().rescheduleAfter(idle);
      }
      fence.check();
      ms.setStatus(status);
      statuses.replace(ms, status);
    } catch (RuntimeException failed) {
      LOG.warn(
          "MirrorSet {}: the error could not be written to the status: {}",
          ms.getMetadata().getName(),
          failed.getMessage());
    }
    // Besides JOSDK's retries (without end, PassTriggers.retry): looked at again within idle.
    return ErrorStatusUpdateControl.<MirrorSet>noStatusUpdate().rescheduleAfter(idle);
  }

  /** The Kubernetes API error a failed pass ran into (JOSDK wraps it), or null. */
  static KubernetesClientException apiError(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof KubernetesClientException k) {
        return k;
      }
    }
    return null;
  }

  @Override
  public DeleteControl cleanup(MirrorSet ms, Context<MirrorSet> context) throws Exception {
    // JOSDK removes the finalizer with a JSON patch from its copy of the MirrorSet to this one: the
    // status a step sets on this object (statuses.latest, newer than that copy) would ride along
    // as "remove /status/..." ops against a status the server has already replaced, and fail at
    // every retry (RemoveMirrorsScenarioTest, 16 mirrors). The finalizer patch sees the status as
    // it came.
    MirrorSetStatus asGiven = ms.getStatus();
    try {
      return ms.getSpec().getDeletionPolicy() == DeletionPolicy.RemoveMirrors
          ? removeMirrors(ms, context)
          : retain(ms, context);
    } catch (LeaderFence.LeadershipLost e) {
      LOG.warn(
          "MirrorSet {}: deletion step stopped: {}", ms.getMetadata().getName(), e.getMessage());
      return DeleteControl.noFinalizerRemoval();
    } finally {
      ms.setStatus(asGiven);
    }
  }

  /**
   * deletionPolicy Retain: the pods and claims lose their owner reference and stay; first, what is
   * in flight is finished (a pass as usual that begins nothing new), when the catalog can be read.
   */
  private DeleteControl retain(MirrorSet ms, Context<MirrorSet> context) throws Exception {
    ms.setStatus(statuses.latest(ms));
    Observer.Look look = observer.look(ms, context);
    try {
      Observation seen = look.seen();
      if (seen != null && !Transitions.inFlight(seen, Moves.decide(seen)).isEmpty()) {
        pass(ms, look);
        return DeleteControl.noFinalizerRemoval().rescheduleAfter(busy);
      }
    } finally {
      if (look.catalog() != null) {
        look.catalog().close();
      }
    }
    Observer.Owned objects = Observer.owned(ms, context);
    List<Action> release =
        new ArrayList<>(MirrorSetDiff.releaseOwnership(objects.pods(), objects.volumes()));
    objects.preflight().forEach(p -> release.add(new Action.DeletePreflight(p.name())));
    runner.run(new ActionRunner.Target(ms, null, Map.of(), null, objects.uids()), release);
    events.normal(
        ms,
        "MirrorsRetained",
        "the MirrorSet is deleted with deletionPolicy Retain: "
            + objects.pods().size()
            + " mirror pods and "
            + objects.volumes().size()
            + " volumes keep running and the catalog is untouched; applying the MirrorSet again"
            + " adopts them");
    return DeleteControl.defaultDelete();
  }

  /** One step of deletionPolicy RemoveMirrors per pass; the finalizer goes once all are done. */
  private DeleteControl removeMirrors(MirrorSet ms, Context<MirrorSet> context) throws Exception {
    ms.setStatus(statuses.latest(ms));
    Observer.Look look = observer.look(ms, context);
    try {
      return removeMirrors(ms, look);
    } finally {
      if (look.catalog() != null) {
        look.catalog().close();
      }
    }
  }

  private DeleteControl removeMirrors(MirrorSet ms, Observer.Look look) {
    List<Finding> findings = new ArrayList<>(look.findings());
    Observation seen = look.seen();
    MirrorRemoval.Stage reached = MirrorRemoval.Stage.StopMirrors;
    String message = "waiting until the catalog can be read";
    String othersClaim = seen == null ? null : claimDecision(ms, look.claim()).refusal();
    if (seen != null && suspended(ms.getSpec())) {
      message = "suspended";
      findings.add(
          Finding.degraded(
              "Suspended",
              "the MirrorSet is suspended: set suspend: false to remove the mirrors, or"
                  + " deletionPolicy: Retain to keep them"));
    } else if (othersClaim != null) {
      // Another MirrorSet manages this cluster: none of its mirrors is removed by this one.
      events.normal(
          ms,
          "MirrorsNotRemoved",
          othersClaim.split(":")[0] + ": nothing of that cluster is removed by this deletion");
      return DeleteControl.defaultDelete();
    } else if (seen != null && !Transitions.withoutPrimary(seen).isEmpty()) {
      // Removing a mirror that is, or is about to be again, its content's only primary: never.
      pass(ms, look);
      return DeleteControl.noFinalizerRemoval().rescheduleAfter(busy);
    } else if (seen != null) {
      try {
        MirrorRemoval.Step step =
            MirrorRemoval.next(
                seen, DeletionStatus.progress(ms.getStatus()), look.catalog().ftsGracePeriod());
        if (step.stage() == MirrorRemoval.Stage.Done) {
          runner.deleteDisruptionBudget(ms);
          events.normal(
              ms,
              "MirrorsRemoved",
              "the mirrors are removed: catalog rows, replication slots and volumes");
          return DeleteControl.defaultDelete();
        }
        message = step.message();
        reached = step.stage();
        if (step.refusal() != null) {
          findings.add(Finding.degraded(step.refusal(), step.message()));
        } else {
          List<Finding> problems =
              runner.run(look.target(ms, ClusterObserver.nodesOfHosts(ms)), step.actions());
          findings.addAll(problems);
          if (problems.isEmpty() && step.stage().afterSuccess() != step.stage()) {
            reached = step.stage().afterSuccess();
            message = step.stage() + " done; next: " + reached;
          }
        }
      } catch (CatalogException e) {
        findings.add(observer.catalogFinding(e));
      }
    }
    MirrorSetStatus status =
        DeletionStatus.build(input(ms, seen, findings, Map.of(), null, null), reached, message);
    if (!unchanged(status, ms.getStatus())) {
      fence.check();
      statuses.replace(ms, status);
    }
    return DeleteControl.noFinalizerRemoval()
        .rescheduleAfter(seen == null && !look.retrySoon() ? idle : busy);
  }

  private StatusBuilder.Input input(
      MirrorSet ms,
      Observation seen,
      List<Finding> findings,
      Map<Integer, String> recoveries,
      Rebalance.Step rebalance,
      Moves.Step moves) {
    Map<String, String> nodes = ClusterObserver.nodesOfHosts(ms);
    return new StatusBuilder.Input(
        ms.getMetadata().getGeneration() == null ? 0 : ms.getMetadata().getGeneration(),
        suspended(ms.getSpec())
            && findings.stream().noneMatch(f -> SUSPEND_WAITS.equals(f.reason())),
        seen == null ? null : seen.version().release(),
        seen,
        findings,
        host -> nodes.getOrDefault(host, host),
        ms.getStatus(),
        clock.instant(),
        recoveries,
        rebalance,
        moves);
  }

  /**
   * Degraded only for reasons that nothing but a person changes (the catalog or pg_hba.conf to
   * repair, an API refusal to lift): polling every few seconds would change nothing.
   */
  static final Set<String> PERSON_ONLY =
      Set.of(
          "PartialMirroring",
          "Conflict",
          "PodCreateFailed",
          "VolumeCreateFailed",
          "VolumeNotBound",
          "VolumeExpansionNotAllowed",
          "ReplicationNotAllowed",
          "ReplicationAuthFailed",
          "PreflightFailed",
          "CatalogShape");

  private static boolean waitsForAPerson(List<Finding> findings) {
    List<Finding> degraded = findings.stream().filter(f -> !f.specInvalid()).toList();
    return !degraded.isEmpty() && degraded.stream().allMatch(f -> PERSON_ONLY.contains(f.reason()));
  }

  private boolean unchanged(MirrorSetStatus status, MirrorSetStatus before) {
    return json.valueToTree(status).equals(json.valueToTree(before));
  }

  /** Progress alone is written at most this often (states, conditions and counts at once). */
  static final Duration PROGRESS_EVERY = Duration.ofSeconds(1);

  /** Beyond this many mirrors, progress alone is written at most every {@link #LARGE_EVERY}. */
  static final int LARGE = 100;

  static final Duration LARGE_EVERY = Duration.ofSeconds(10);

  /** How often a status whose only change is copy progress may be written. */
  static Duration progressEvery(int mirrors) {
    return mirrors > LARGE ? LARGE_EVERY : PROGRESS_EVERY;
  }

  /** When the status of each MirrorSet (by uid) was last written by this process. */
  private final Map<String, Long> lastWrite = new java.util.concurrent.ConcurrentHashMap<>();

  /** The status without what copy progress changes: overall progress, percent, bytes, since. */
  private com.fasterxml.jackson.databind.JsonNode shape(MirrorSetStatus status) {
    com.fasterxml.jackson.databind.node.ObjectNode tree = json.valueToTree(status);
    if (tree == null || tree.isNull()) {
      return tree;
    }
    tree.remove("progress");
    tree.path("mirrors")
        .forEach(
            row ->
                ((com.fasterxml.jackson.databind.node.ObjectNode) row)
                    .remove(
                        List.of("percent", "bytesBehind", "replayLagSeconds", "copyEta", "since")));
    return tree;
  }

  static final String CLUSTER_CLAIMED = "ClusterClaimed";

  /**
   * One owner per cluster: the cluster is claimed for {@code ms} (a history row) when no other
   * MirrorSet has claimed it, or when that one is gone (or {@code greenplum.io/adopt} names its
   * uid), before the first thing it does: before {@code actions} run, or while it has mirror pods
   * or claims to look after. A MirrorSet that does nothing (invalid, blocked, adopting mirrors it
   * does not run) writes nothing; nothing at all is written to a partially mirrored cluster.
   */
  private void claim(
      MirrorSet ms, Observer.Look look, ClusterClaim.Decision decision, List<Action> actions)
      throws CatalogException {
    Observation seen = look.seen();
    boolean acting = !actions.isEmpty() || !seen.pods().isEmpty() || !seen.volumes().isEmpty();
    if (decision.write() == null
        || !acting
        || seen.plan().existing().state() == ExistingMirrors.State.PARTIAL) {
      return;
    }
    Segment coordinator = seen.cluster().primariesByContent().get(-1);
    fence.check();
    look.catalog().recordHistory(coordinator == null ? 1 : coordinator.dbid(), decision.write());
    ClusterClaim current = look.claim();
    events.normal(
        ms,
        "MirrorsClaimed",
        "this MirrorSet manages the mirrors of the cluster of coordinator "
            + ms.getSpec().getCoordinator().getHost()
            + (current == null ? "" : ", taken over from MirrorSet " + current.describe()));
  }

  private ClusterClaim.Decision claimDecision(MirrorSet ms, ClusterClaim current) {
    ClusterClaim self =
        new ClusterClaim(
            ms.getMetadata().getNamespace(), ms.getMetadata().getName(), ms.getMetadata().getUid());
    ClusterClaim.Owner owner =
        current == null || current.uid().equals(self.uid()) ? null : observer.owner(current);
    String adopt =
        ms.getMetadata().getAnnotations() == null
            ? null
            : ms.getMetadata().getAnnotations().get(MirrorSet.ADOPT_ANNOTATION);
    return ClusterClaim.decide(current, self, owner, adopt);
  }

  static final String SUSPEND_WAITS = "SuspendWaits";
  static final String DELETION_WAITS = "DeletionWaits";

  /**
   * Why the operator is about to stop acting on {@code ms}, if it is: "deletion", or "suspend"
   * until the status says Suspended (from then on a pod deleted by hand stays deleted). Null when
   * the operator goes on as usual.
   */
  private static String stopping(MirrorSet ms) {
    if (ms.isMarkedForDeletion()) {
      return "deletion";
    }
    boolean taken = ms.getStatus() != null && "Suspended".equals(ms.getStatus().getPhase());
    return suspended(ms.getSpec()) && !taken ? "suspend" : null;
  }

  /**
   * The condition (and the Warning event) of a suspend or deletion waiting for {@code inFlight}.
   */
  private static Finding waiting(MirrorSet ms, List<String> inFlight) {
    boolean deleting = ms.isMarkedForDeletion();
    return Finding.degraded(
        deleting ? DELETION_WAITS : SUSPEND_WAITS,
        (deleting ? "the deletion" : "suspend")
            + " waits for what is in flight, which would otherwise leave a content without its"
            + " mirror or its primary; it is finished and nothing new is begun: "
            + String.join("; ", inFlight));
  }

  private static boolean suspended(MirrorSetSpec spec) {
    return Boolean.TRUE.equals(spec.getSuspend());
  }
}
