package io.greenplum.mirrors.reconciler;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.greenplum.mirrors.api.MirrorSet;
import io.greenplum.mirrors.api.MirrorSetSpec;
import io.greenplum.mirrors.api.MirrorSetStatus;
import io.greenplum.mirrors.catalog.CatalogException;
import io.greenplum.mirrors.catalog.CoordinatorSettings;
import io.greenplum.mirrors.catalog.GreenplumCatalog;
import io.greenplum.mirrors.diff.Action;
import io.greenplum.mirrors.diff.MirrorSetDiff;
import io.greenplum.mirrors.diff.Observation;
import io.greenplum.mirrors.diff.PodView;
import io.greenplum.mirrors.model.GreenplumVersion;
import io.greenplum.mirrors.model.ReplicationRow;
import io.greenplum.mirrors.model.SegmentConfiguration;
import io.greenplum.mirrors.plan.MirrorPlanner;
import io.greenplum.mirrors.plan.PlanResult;
import io.greenplum.mirrors.resources.Labels;
import io.greenplum.mirrors.status.Finding;
import io.greenplum.mirrors.status.Findings;
import io.greenplum.mirrors.status.StatusBuilder;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Makes a cluster's mirrors match its MirrorSet. Each pass reads like DESIGN.md's lifecycle:
 * password -> observe catalog and pods -> validate and plan -> diff -> act -> status. It never
 * waits for Greenplum: it comes back after a delay while anything is under way.
 */
@ControllerConfiguration(name = "mirrorset")
public class MirrorSetReconciler implements Reconciler<MirrorSet> {
  static final Duration BUSY = Duration.ofSeconds(5);
  static final Duration IDLE = Duration.ofSeconds(30);

  private final CatalogFactory catalogs;
  private final ClusterObserver observer;
  private final ActionRunner runner;
  private final Clock clock;
  private final Duration busy;
  private final Duration idle;
  private final OperatorMetrics metrics;
  private final EventRecorder events;
  private final ObjectMapper json = new ObjectMapper();

  MirrorSetReconciler(
      KubernetesClient client,
      CatalogFactory catalogs,
      Clock clock,
      Duration busy,
      Duration idle,
      OperatorMetrics metrics,
      EventRecorder events) {
    this.catalogs = catalogs;
    this.observer = new ClusterObserver(client);
    this.runner = new ActionRunner(client, events);
    this.clock = clock;
    this.busy = busy;
    this.idle = idle;
    this.metrics = metrics;
    this.events = events;
  }

  @Override
  public List<EventSource<?, MirrorSet>> prepareEventSources(
      EventSourceContext<MirrorSet> context) {
    return List.of(
        new InformerEventSource<>(
            InformerEventSourceConfiguration.from(Pod.class, MirrorSet.class)
                .withLabelSelector(Labels.SELECTOR)
                .build(),
            context),
        new InformerEventSource<>(
            InformerEventSourceConfiguration.from(PersistentVolumeClaim.class, MirrorSet.class)
                .withLabelSelector(Labels.SELECTOR)
                .build(),
            context));
  }

  @Override
  public UpdateControl<MirrorSet> reconcile(MirrorSet ms, Context<MirrorSet> context)
      throws Exception {
    Timer.Sample timing = metrics.startReconcile();
    String phase = "Error";
    try {
      UpdateControl<MirrorSet> result = pass(ms, context);
      // The phase this pass arrived at: the patched status, else the unchanged one.
      MirrorSet after = result.getResource().orElse(ms);
      phase = after.getStatus() == null ? "" : after.getStatus().getPhase();
      return result;
    } finally {
      metrics.endReconcile(timing, phase);
    }
  }

  private UpdateControl<MirrorSet> pass(MirrorSet ms, Context<MirrorSet> context) throws Exception {
    MirrorSetSpec spec = ms.getSpec();
    List<Finding> findings = new ArrayList<>();
    Optional<String> password = observer.password(ms);
    if (password.isEmpty()) {
      findings.add(
          Finding.invalid(
              "SecretNotFound",
              "Secret "
                  + spec.getCoordinator().getPasswordSecret().getName()
                  + " with key "
                  + spec.getCoordinator().getPasswordSecret().getKey()
                  + " does not exist in namespace "
                  + ms.getMetadata().getNamespace()));
      return finish(ms, null, null, findings, idle);
    }
    GreenplumCatalog catalog =
        catalogs.open(CoordinatorSettings.of(spec.getCoordinator(), password.get()));
    GreenplumVersion version;
    SegmentConfiguration cluster;
    List<ReplicationRow> replication;
    try {
      version = catalog.version();
      cluster = catalog.segmentConfiguration();
      replication = catalog.replication();
    } catch (CatalogException e) {
      findings.add(catalogFinding(e));
      return finish(ms, null, null, findings, e.isTransient() ? busy : idle);
    }
    PlanResult plan = MirrorPlanner.plan(cluster, spec);
    Map<String, String> nodes = ClusterObserver.nodesOfHosts(ms);
    findings.addAll(Findings.ofSpec(ms, plan, nodes, observer::nodeExists));
    Map<Integer, PodView> pods =
        ClusterObserver.pods(context.getSecondaryResources(Pod.class), ms.getMetadata().getName());
    Observation seen =
        new Observation(
            plan,
            cluster,
            replication,
            pods,
            ClusterObserver.volumes(
                context.getSecondaryResources(PersistentVolumeClaim.class),
                ms.getMetadata().getName()),
            observer.baseBackups(ms.getMetadata().getNamespace(), pods),
            spec.getMaxParallel() == null ? 4 : spec.getMaxParallel());
    findings.addAll(Findings.ofCluster(seen, spec));
    boolean act = findings.stream().noneMatch(Finding::specInvalid) && !suspended(spec);
    List<Action> actions = act ? MirrorSetDiff.diff(seen) : List.of();
    try {
      runner.run(ms, actions, catalog, nodes);
    } catch (CatalogException e) {
      findings.add(catalogFinding(e));
    }
    return finish(ms, version, seen, findings, busy);
  }

  private UpdateControl<MirrorSet> finish(
      MirrorSet ms,
      GreenplumVersion version,
      Observation seen,
      List<Finding> findings,
      Duration after) {
    Map<String, String> nodes = ClusterObserver.nodesOfHosts(ms);
    MirrorSetStatus status =
        StatusBuilder.build(
            new StatusBuilder.Input(
                ms.getMetadata().getGeneration() == null ? 0 : ms.getMetadata().getGeneration(),
                suspended(ms.getSpec()),
                version == null ? null : version.release(),
                seen,
                findings,
                host -> nodes.getOrDefault(host, host),
                ms.getStatus(),
                clock.instant()));
    metrics.mirrors(ms, status);
    events.transitions(ms, ms.getStatus(), status);
    boolean settled =
        "Synchronized".equals(status.getPhase()) || "Invalid".equals(status.getPhase());
    Duration next = settled ? idle : after;
    if (json.valueToTree(status).equals(json.valueToTree(ms.getStatus()))) {
      return UpdateControl.<MirrorSet>noUpdate().rescheduleAfter(next);
    }
    ms.setStatus(status);
    return UpdateControl.patchStatus(ms).rescheduleAfter(next);
  }

  private static boolean suspended(MirrorSetSpec spec) {
    return Boolean.TRUE.equals(spec.getSuspend());
  }

  private Finding catalogFinding(CatalogException e) {
    metrics.catalogError(e.reason().name());
    return switch (e.reason()) {
      case NotGreenplum, UnsupportedVersion -> Finding.invalid(e.reason().name(), e.getMessage());
      default -> Finding.degraded(e.reason().name(), e.getMessage());
    };
  }
}
