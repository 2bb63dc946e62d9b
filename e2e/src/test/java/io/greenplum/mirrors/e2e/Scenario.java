package io.greenplum.mirrors.e2e;

import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.greenplum.mirrors.api.MirrorSet;
import io.greenplum.mirrors.api.MirrorSetSpec;
import io.greenplum.mirrors.api.MirrorSetStatus;
import io.greenplum.mirrors.api.SecretKeyRef;
import io.greenplum.mirrors.catalog.JdbcGreenplumCatalog;
import io.greenplum.mirrors.model.SegmentConfiguration;
import io.greenplum.mirrors.reconciler.OperatorRuntime;
import io.greenplum.mirrors.resources.Labels;
import io.greenplum.mirrors.simulation.SimulatedEnvironment;
import io.greenplum.mirrors.simulation.SimulationSpeed;
import java.time.Duration;
import java.util.List;
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
    env = SimulatedEnvironment.start(layout, List.of(nodes), SimulationSpeed.fast(), operator);
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

  protected MirrorSetStatus awaitPhase(String name, String phase) {
    return awaitStatus(name, s -> phase.equals(s.getPhase()));
  }

  protected JdbcGreenplumCatalog catalog() {
    return new JdbcGreenplumCatalog(env.cluster().settings());
  }

  protected SegmentConfiguration catalogNow() throws Exception {
    return catalog().segmentConfiguration();
  }

  protected List<Pod> pods(String name) {
    return env.client()
        .pods()
        .inNamespace(NAMESPACE)
        .withLabel(Labels.MIRROR_SET, name)
        .list()
        .getItems();
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
