package io.greenplum.mirrors.simulation;

import io.greenplum.mirrors.catalog.CatalogException;
import io.greenplum.mirrors.catalog.GreenplumCatalog;
import io.greenplum.mirrors.catalog.MirrorRegistration;
import io.greenplum.mirrors.model.GreenplumVersion;
import io.greenplum.mirrors.model.ReplicationRow;
import io.greenplum.mirrors.model.Segment;
import io.greenplum.mirrors.model.SegmentConfiguration;
import io.greenplum.mirrors.plan.MirrorLocation;
import io.greenplum.mirrors.plan.MirrorPlan;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.function.BooleanSupplier;

/**
 * SIMULATION. The real catalog, except while the simulated coordinator is unreachable: then every
 * call fails as a refused connection does (transient, SQLSTATE class 08). Every call is counted.
 */
final class InterruptibleCatalog implements GreenplumCatalog {
  private final GreenplumCatalog catalog;
  private final BooleanSupplier reachable;
  private final CatalogCalls calls;

  InterruptibleCatalog(GreenplumCatalog catalog, BooleanSupplier reachable, CatalogCalls calls) {
    this.catalog = catalog;
    this.reachable = reachable;
    this.calls = calls;
  }

  private void check() throws CatalogException {
    calls.called();
    if (!reachable.getAsBoolean()) {
      throw new CatalogException(
          CatalogException.Reason.CoordinatorUnreachable,
          "could not connect to the coordinator: Connection refused (simulated outage); retrying");
    }
  }

  @Override
  public void close() {
    calls.passEnded();
    catalog.close();
  }

  @Override
  public GreenplumVersion version() throws CatalogException {
    check();
    return catalog.version();
  }

  @Override
  public SegmentConfiguration segmentConfiguration() throws CatalogException {
    check();
    return catalog.segmentConfiguration();
  }

  @Override
  public List<ReplicationRow> replication() throws CatalogException {
    check();
    return catalog.replication();
  }

  @Override
  public MirrorRegistration registerMirrors(MirrorPlan plan) throws CatalogException {
    check();
    return catalog.registerMirrors(plan);
  }

  @Override
  public int removeMirrors() throws CatalogException {
    check();
    return catalog.removeMirrors();
  }

  @Override
  public boolean moveMirror(int content, int dbid, MirrorLocation to) throws CatalogException {
    check();
    return catalog.moveMirror(content, dbid, to);
  }

  @Override
  public void requestFtsProbe() throws CatalogException {
    check();
    catalog.requestFtsProbe();
  }

  @Override
  public Duration ftsGracePeriod() throws CatalogException {
    check();
    return catalog.ftsGracePeriod();
  }

  @Override
  public Set<Integer> registeredByOperator() throws CatalogException {
    check();
    return catalog.registeredByOperator();
  }

  @Override
  public boolean createReplicationSlot(Segment primary) throws CatalogException {
    check();
    return catalog.createReplicationSlot(primary);
  }

  @Override
  public String rewindRefusal(Segment instance, String user) throws CatalogException {
    check();
    return catalog.rewindRefusal(instance, user);
  }

  @Override
  public void checkpoint(Segment primary) throws CatalogException {
    check();
    catalog.checkpoint(primary);
  }

  @Override
  public boolean dropReplicationSlot(Segment primary) throws CatalogException {
    check();
    return catalog.dropReplicationSlot(primary);
  }

  @Override
  public List<String> userTablespaces() throws CatalogException {
    check();
    return catalog.userTablespaces();
  }

  @Override
  public String latestHistory(String prefix) throws CatalogException {
    check();
    return catalog.latestHistory(prefix);
  }

  @Override
  public void recordHistory(int dbid, String desc) throws CatalogException {
    check();
    catalog.recordHistory(dbid, desc);
  }
}
