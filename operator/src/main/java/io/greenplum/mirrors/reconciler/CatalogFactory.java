package io.greenplum.mirrors.reconciler;

import io.greenplum.mirrors.catalog.CoordinatorSettings;
import io.greenplum.mirrors.catalog.GreenplumCatalog;
import io.greenplum.mirrors.catalog.JdbcGreenplumCatalog;

/** Opens the catalog of the coordinator a MirrorSet names. */
@FunctionalInterface
public interface CatalogFactory {
  GreenplumCatalog open(CoordinatorSettings settings);

  /** The real thing: JDBC to the coordinator. */
  static CatalogFactory jdbc() {
    return JdbcGreenplumCatalog::new;
  }
}
