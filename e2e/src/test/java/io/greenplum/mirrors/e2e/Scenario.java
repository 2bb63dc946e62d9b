package io.greenplum.mirrors.e2e;

import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.greenplum.mirrors.api.MirrorSet;
import io.greenplum.mirrors.api.MirrorSetSpec;
import io.greenplum.mirrors.api.MirrorSetStatus;
import io.greenplum.mirrors.api.SecretKeyRef;
import io.greenplum.mirrors.catalog.JdbcGreenplumCatalog;
import io.greenplum.mirrors.model.SegmentConfiguration;
import io.greenplum.mirrors.model.SegmentMode;
import io.greenplum.mirrors.model.SegmentStatus;
import io.greenplum.mirrors.model.SegmentTools;
import io.greenplum.mirrors.reconciler.OperatorRuntime;
import io.greenplum.mirrors.resources.Labels;
import io.greenplum.mirrors.simulation.SimulatedEnvironment;
import io.greenplum.mirrors.simulation.SimulationSpeed;
import java.net.HttpURLConnection;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;

/** A scenario: a simulated cluster, the real operator, and the steps a user would take. */
public abstract class Scenario {
  protected static final String NAMESPACE = SimulatedEnvironment.NAMESPACE;
  protected SimulatedEnvironment env;

  protected void start(SegmentConfiguration layout, String... nodes) throws Exception {
    start(UnaryOperator.identity(), layout, nodes);
  }

  /** As {@link #start(SegmentConfiguration, String...)}, with the operator's options adjusted. */
  protected void start(
      UnaryOperator<OperatorRuntime.Options> operator, SegmentConfiguration layout, String... nodes)
      throws Exception {
    start(operator, SimulationSpeed.fast(), SegmentTools.GREENPLUM_7, layout, nodes);
  }

  /** The most general start: operator options, speed and Greenplum release of the cluster. */
  protected void start(
      UnaryOperator<OperatorRuntime.Options> operator,
      SimulationSpeed speed,
      SegmentTools release,
      SegmentConfiguration layout,
      String... nodes)
      throws Exception {
    env = SimulatedEnvironment.start(layout, List.of(nodes), speed, operator, release);
  }

  @AfterEach
  void stop() throws Exception {
    if (env != null) {
      env.close();
    }
  }

  protected void apply(String name, MirrorSetSpec spec) {
    var coordinator = env.cluster().coordinatorSpec();
    coordinator.setPasswordSecret(new SecretKeyRef("gp-admin", "password"));
    spec.setCoordinator(coordinator);
    MirrorSet ms = new MirrorSet();
    ms.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(NAMESPACE).build());
    ms.setSpec(spec);
    env.client().resource(ms).create();
  }

  protected MirrorSetStatus status(String name) {
    MirrorSet ms =
        env.client().resources(MirrorSet.class).inNamespace(NAMESPACE).withName(name).get();
    return ms == null ? null : ms.getStatus();
  }

  protected MirrorSetStatus awaitStatus(String name, Predicate<MirrorSetStatus> condition) {
    return await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(100))
        .until(() -> status(name), s -> s != null && condition.test(s));
  }

  /** The status in one line, for a failure message: phase, moves, rebalance, each row. */
  protected static String describe(MirrorSetStatus s) {
    if (s == null) {
      return "none";
    }
    List<String> rows = new java.util.ArrayList<>();
    for (io.greenplum.mirrors.api.MirrorStatus m : s.getMirrors()) {
      rows.add(m.getContent() + " " + m.getState() + " " + m.getMessage());
    }
    return s.getPhase()
        + ", moves "
        + s.getMoves()
        + ", rebalance "
        + (s.getRebalance() == null
            ? null
            : s.getRebalance().getStage() + " " + s.getRebalance().getMessage())
        + ", rows "
        + rows;
  }

  protected MirrorSetStatus awaitPhase(String name, String phase) {
    return awaitStatus(name, s -> phase.equals(s.getPhase()));
  }

  protected JdbcGreenplumCatalog catalog() {
    return new JdbcGreenplumCatalog(env.cluster().settings());
  }

  /**
   * The Secret gp-replication (key password, labelled for the operator's use) holding {@code
   * password}, made or replaced: what spec.replication.passwordSecret names in these scenarios.
   */
  protected void replicationSecret(String password) {
    env.client()
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName("gp-replication")
                .withNamespace(NAMESPACE)
                .addToLabels(MirrorSet.CREDENTIALS_LABEL, "true")
                .addToAnnotations(MirrorSet.COORDINATOR_HOSTS_ANNOTATION, "127.0.0.1")
                .endMetadata()
                .withStringData(java.util.Map.of("password", password))
                .build())
        .createOr(r -> r.update());
  }

  /** Until every segment instance of the catalog is s/u (all pairs in sync), within 90 s. */
  protected void awaitAllPairsInSync() {
    await()
        .atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofMillis(200))
        .until(
            () ->
                catalogNow().segments().stream()
                    .filter(s -> s.content() >= 0)
                    .allMatch(
                        s ->
                            s.mode() == SegmentMode.SYNCHRONIZED
                                && s.status() == SegmentStatus.UP));
  }

  protected SegmentConfiguration catalogNow() throws Exception {
    return catalog().segmentConfiguration();
  }

  /** The MirrorSet's mirror pods. */
  protected List<Pod> pods(String name) {
    return env.client()
        .pods()
        .inNamespace(NAMESPACE)
        .withLabel(Labels.MIRROR_SET, name)
        .withLabel(Labels.COMPONENT, Labels.MIRROR)
        .list()
        .getItems();
  }

  /** The MirrorSet's preflight pods. */
  protected List<Pod> preflightPods(String name) {
    return env.client()
        .pods()
        .inNamespace(NAMESPACE)
        .withLabel(Labels.MIRROR_SET, name)
        .withLabel(Labels.COMPONENT, Labels.PREFLIGHT)
        .list()
        .getItems();
  }

  protected MirrorSet mirrorSet(String name) {
    return env.client().resources(MirrorSet.class).inNamespace(NAMESPACE).withName(name).get();
  }

  /** Changes the spec, as kubectl edit would (again when the operator changed it meanwhile). */
  protected void edit(String name, Consumer<MirrorSetSpec> change) {
    editMirrorSet(
        name,
        ms -> {
          change.accept(ms.getSpec());
          return ms;
        });
  }

  /**
   * Changes the MirrorSet as a person would. The fabric8 edit sends the resourceVersion it read, so
   * a status write of the operator in between is a 409 to try again after (kubectl retries too).
   */
  protected void editMirrorSet(String name, UnaryOperator<MirrorSet> change) {
    await()
        .atMost(Duration.ofSeconds(10))
        .ignoreExceptionsMatching(
            e ->
                e instanceof KubernetesClientException k
                    && k.getCode() == HttpURLConnection.HTTP_CONFLICT)
        .until(
            () ->
                env.client()
                        .resources(MirrorSet.class)
                        .inNamespace(NAMESPACE)
                        .withName(name)
                        .edit(change)
                    != null);
  }

  /** Deletes the MirrorSet and waits until it is gone (its finalizer removed). */
  protected void deleteAndAwaitGone(String name, Duration within) {
    env.client().resources(MirrorSet.class).inNamespace(NAMESPACE).withName(name).delete();
    await().atMost(within).pollInterval(Duration.ofMillis(50)).until(() -> mirrorSet(name) == null);
  }

  /** The messages of the Events with this reason, in the order they were recorded. */
  protected List<String> events(String reason) {
    return env.client().v1().events().inNamespace(NAMESPACE).list().getItems().stream()
        .filter(e -> reason.equals(e.getReason()))
        .sorted(java.util.Comparator.comparing(e -> e.getFirstTimestamp()))
        .map(io.fabric8.kubernetes.api.model.Event::getMessage)
        .toList();
  }

  /**
   * The contents the events of {@code reason} tell of, in order, one entry per mention: "content N
   * (dbid ..." for an event of one mirror, "contents 0-3, 7" for an event of a whole pass.
   */
  protected List<Integer> contentsTold(String reason) {
    return events(reason).stream()
        .flatMap(m -> io.greenplum.mirrors.model.ContentRanges.named(m).stream())
        .toList();
  }

  /** Asks for a rebalance, as kubectl annotate would (annotation greenplum.io/rebalance). */
  protected void requestRebalance(String name, String token) {
    editMirrorSet(
        name,
        ms -> {
          ms.getMetadata().setAnnotations(java.util.Map.of(MirrorSet.REBALANCE_ANNOTATION, token));
          return ms;
        });
  }

  /** Approves the moves of {@code generation} (moveApproval Manual), as kubectl annotate would. */
  protected void approveMoves(String name, long generation) {
    editMirrorSet(
        name,
        ms -> {
          java.util.Map<String, String> annotations =
              new java.util.HashMap<>(
                  ms.getMetadata().getAnnotations() == null
                      ? java.util.Map.of()
                      : ms.getMetadata().getAnnotations());
          annotations.put(MirrorSet.APPROVE_MOVES_ANNOTATION, String.valueOf(generation));
          ms.getMetadata().setAnnotations(annotations);
          return ms;
        });
  }

  /** Every instance in its preferred role, every pair s/u. */
  protected void assertPreferredRolesAndInSync() throws Exception {
    for (io.greenplum.mirrors.model.Segment s : catalogNow().segments()) {
      org.assertj.core.api.Assertions.assertThat(s.role())
          .as("dbid %d in its preferred role", s.dbid())
          .isEqualTo(s.preferredRole());
      if (s.content() >= 0) {
        org.assertj.core.api.Assertions.assertThat(s.mode())
            .isEqualTo(io.greenplum.mirrors.model.SegmentMode.SYNCHRONIZED);
        org.assertj.core.api.Assertions.assertThat(s.status())
            .isEqualTo(io.greenplum.mirrors.model.SegmentStatus.UP);
      }
    }
  }

  /** The mirror pod of {@code content}, or null. */
  protected Pod pod(String name, int content) {
    return env.client()
        .pods()
        .inNamespace(NAMESPACE)
        .withName(io.greenplum.mirrors.resources.Names.mirror(name, content))
        .get();
  }

  /** What the pod's init container decided last (its termination message). */
  protected static String initMessage(Pod pod) {
    return pod.getStatus()
        .getInitContainerStatuses()
        .get(0)
        .getState()
        .getTerminated()
        .getMessage();
  }

  protected List<PersistentVolumeClaim> volumes(String name) {
    return env.client()
        .persistentVolumeClaims()
        .inNamespace(NAMESPACE)
        .withLabel(Labels.MIRROR_SET, name)
        .list()
        .getItems();
  }
}
