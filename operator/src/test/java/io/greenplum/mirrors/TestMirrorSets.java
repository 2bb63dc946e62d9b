package io.greenplum.mirrors;

import io.greenplum.mirrors.api.CoordinatorSpec;
import io.greenplum.mirrors.api.ExplicitMirror;
import io.greenplum.mirrors.api.MirrorHost;
import io.greenplum.mirrors.api.MirrorPodTemplate;
import io.greenplum.mirrors.api.MirrorSetSpec;
import io.greenplum.mirrors.api.PlacementStrategy;
import io.greenplum.mirrors.api.SecretKeyRef;
import io.greenplum.mirrors.api.StorageSpec;
import java.util.ArrayList;
import java.util.List;

/** A fluent builder of MirrorSet specs for tests. */
public final class TestMirrorSets {
  private final MirrorSetSpec spec = new MirrorSetSpec();

  private TestMirrorSets(PlacementStrategy strategy) {
    CoordinatorSpec coordinator = new CoordinatorSpec();
    coordinator.setHost("mdw");
    coordinator.setPasswordSecret(new SecretKeyRef("gp-admin", "password"));
    spec.setCoordinator(coordinator);
    spec.getPlacement().setStrategy(strategy);
    spec.setDataDirectories(new ArrayList<>(List.of("/data/mirror")));
    MirrorPodTemplate template = new MirrorPodTemplate();
    template.setImage("greenplum:7");
    spec.setTemplate(template);
    StorageSpec storage = new StorageSpec();
    storage.setSize("10Gi");
    spec.setStorage(storage);
  }

  public static TestMirrorSets group() {
    return new TestMirrorSets(PlacementStrategy.Group);
  }

  public static TestMirrorSets spread() {
    return new TestMirrorSets(PlacementStrategy.Spread);
  }

  public static TestMirrorSets explicit(List<ExplicitMirror> mirrors) {
    TestMirrorSets builder = new TestMirrorSets(PlacementStrategy.Explicit);
    builder.spec.getPlacement().setMirrors(new ArrayList<>(mirrors));
    builder.spec.setDataDirectories(new ArrayList<>());
    return builder;
  }

  public TestMirrorSets allowSameHost() {
    spec.getPlacement().setAllowSameHost(true);
    return this;
  }

  public TestMirrorSets dataDirectories(String... locations) {
    spec.setDataDirectories(new ArrayList<>(List.of(locations)));
    return this;
  }

  public TestMirrorSets offset(int offset) {
    spec.getPorts().setOffset(offset);
    return this;
  }

  public TestMirrorSets mirrorBase(Integer base) {
    spec.getPorts().setMirrorBase(base);
    return this;
  }

  public TestMirrorSets replicationBases(Integer mirrorReplication, Integer primaryReplication) {
    spec.getPorts().setMirrorReplicationBase(mirrorReplication);
    spec.getPorts().setReplicationBase(primaryReplication);
    return this;
  }

  public TestMirrorSets hosts(String... names) {
    List<MirrorHost> hosts = new ArrayList<>();
    for (String name : names) {
      hosts.add(new MirrorHost(name, null, null));
    }
    spec.getPlacement().setHosts(hosts);
    return this;
  }

  /** moveApproval Automatic: moves start without the approval annotation. */
  public TestMirrorSets automaticMoves() {
    spec.setMoveApproval(io.greenplum.mirrors.api.MoveApproval.Automatic);
    return this;
  }

  public TestMirrorSets maxParallel(int maxParallel) {
    spec.setMaxParallel(maxParallel);
    return this;
  }

  public MirrorSetSpec build() {
    return spec;
  }
}
