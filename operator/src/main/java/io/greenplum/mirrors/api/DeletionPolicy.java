package io.greenplum.mirrors.api;

/** What happens to the mirrors when the MirrorSet is deleted. */
public enum DeletionPolicy {
  /** Mirror pods, volumes and catalog rows stay; only the MirrorSet goes (and is adopted again). */
  Retain,
  /**
   * Mirrors are stopped, marked down by FTS, removed from the catalog in one transaction, their
   * slots dropped on the primaries and their volumes deleted.
   */
  RemoveMirrors
}
