package io.greenplum.mirrors.diff;

/**
 * A mirror's volume claim, as the diff needs it.
 *
 * @param dbid the dbid of the mirror whose data directory it holds (its label)
 * @param ownerReferenced it names a MirrorSet as its owner (made before deletionPolicy existed)
 */
public record VolumeView(
    String name, int content, int dbid, boolean deleting, boolean ownerReferenced) {}
