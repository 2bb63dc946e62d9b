package io.greenplum.mirrors.reconciler;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.greenplum.mirrors.api.CoordinatorSpec;
import io.greenplum.mirrors.api.MirrorSet;
import io.greenplum.mirrors.api.MirrorSetSpec;
import io.greenplum.mirrors.api.SecretKeyRef;

/** MirrorSet objects for operator tests. */
final class TestMirrorSetResources {
  private TestMirrorSetResources() {}

  static MirrorSet mirrorSet(String name, MirrorSetSpec spec, CoordinatorSpec coordinator) {
    coordinator.setPasswordSecret(new SecretKeyRef("gp-admin", "password"));
    spec.setCoordinator(coordinator);
    MirrorSet ms = new MirrorSet();
    ms.setMetadata(
        new ObjectMetaBuilder().withName(name).withNamespace(TestKubernetes.NAMESPACE).build());
    ms.setSpec(spec);
    return ms;
  }
}
