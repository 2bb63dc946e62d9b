package io.greenplum.mirrors.diff;

/**
 * A mirror's volume claim, as the diff needs it.
 *
 * @param dbid the dbid of the mirror whose data directory it holds (its label)
 * @param ownerReferenced it names a MirrorSet as its owner (made before deletionPolicy existed)
 * @param copyToken set by a full recovery: a pod built with another token copies again; or null
 */
public record VolumeView(
    String name,
    int content,
    int dbid,
    boolean deleting,
    boolean ownerReferenced,
    String copyToken) {}
