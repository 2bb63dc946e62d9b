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
import io.greenplum.mirrors.resources.Labels;
import io.greenplum.mirrors.simulation.SimulatedEnvironment;
import io.greenplum.mirrors.simulation.SimulationSpeed;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;

/** A scenario: a simulated cluster, the real operator, and the steps a user would take. */
abstract class Scenario {
  static final String NAMESPACE = SimulatedEnvironment.NAMESPACE;
  SimulatedEnvironment env;

  void start(SegmentConfiguration layout, String... nodes) throws Exception {
    env = SimulatedEnvironment.start(layout, List.of(nodes), SimulationSpeed.fast());
  }

  @AfterEach
  void stop() throws Exception {
    if (env != null) {
      env.close();
    }
  }

  void apply(String name, MirrorSetSpec spec) {
    var coordinator = env.cluster().coordinatorSpec();
    coordinator.setPasswordSecret(new SecretKeyRef("gp-admin", "password"));
    spec.setCoordinator(coordinator);
    MirrorSet ms = new MirrorSet();
    ms.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(NAMESPACE).build());
    ms.setSpec(spec);
    env.client().resource(ms).create();
  }

  MirrorSetStatus status(String name) {
    MirrorSet ms =
        env.client().resources(MirrorSet.class).inNamespace(NAMESPACE).withName(name).get();
    return ms == null ? null : ms.getStatus();
  }

  MirrorSetStatus awaitStatus(String name, Predicate<MirrorSetStatus> condition) {
    return await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(100))
        .until(() -> status(name), s -> s != null && condition.test(s));
  }

  MirrorSetStatus awaitPhase(String name, String phase) {
    return awaitStatus(name, s -> phase.equals(s.getPhase()));
  }

  JdbcGreenplumCatalog catalog() {
    return new JdbcGreenplumCatalog(env.cluster().settings());
  }

  SegmentConfiguration catalogNow() throws Exception {
    return catalog().segmentConfiguration();
  }

  List<Pod> pods(String name) {
    return env.client()
        .pods()
        .inNamespace(NAMESPACE)
        .withLabel(Labels.MIRROR_SET, name)
        .list()
        .getItems();
  }

  List<PersistentVolumeClaim> volumes(String name) {
    return env.client()
        .persistentVolumeClaims()
        .inNamespace(NAMESPACE)
        .withLabel(Labels.MIRROR_SET, name)
        .list()
        .getItems();
  }
}
