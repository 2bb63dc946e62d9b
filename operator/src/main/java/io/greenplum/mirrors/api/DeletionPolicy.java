package io.greenplum.mirrors.api;

/** What happens to the mirrors when the MirrorSet is deleted. */
public enum DeletionPolicy {
  /** Mirrors, their catalog rows and volumes stay; only the MirrorSet goes. */
  Retain,
  /** Mirrors are stopped, marked down by FTS, then removed from the catalog in one transaction. */
  RemoveMirrors
}
