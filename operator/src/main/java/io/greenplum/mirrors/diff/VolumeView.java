package io.greenplum.mirrors.diff;

import io.greenplum.mirrors.plan.MirrorLocation;

/**
 * A mirror's volume claim, as the diff needs it.
 *
 * @param dbid the dbid of the mirror whose data directory it holds (its label)
 * @param ownerReferenced it names a MirrorSet as its owner (made before deletionPolicy existed)
 * @param copyToken set by a full recovery: a pod built with another token copies again; or null
 * @param location the {@link MirrorLocation#key()} of the place it was made for; null on a claim
 *     made before moves existed (it holds the mirror where the catalog has it)
 * @param movingTo set while the mirror is moved away from this claim's place: the target's key
 * @param retired the mirror moved away and the claim is kept (deletionPolicy Retain): never mounted
 *     again
 * @param size the storage it requests (spec.resources.requests.storage), or null
 * @param storageClass the claim's storageClassName (the default class filled in by the API), or
 *     null
 * @param askedClass the storageClassName the MirrorSet gave when the claim was made ("" for the
 *     cluster's default), or null on a claim made before it was recorded
 * @param completeCopy the copy the claim's data directory completely holds, as the init container
 *     last reported it ({@link CompleteCopies}: "dbid=7" or "dbid=7 copy=TOKEN"), or null when no
 *     complete copy was reported
 * @param copiedKb the size in kB of the last copy made on it, as its init container reported it
 *     ({@link io.greenplum.mirrors.api.Annotations#COPY_SIZE}), or null
 */
public record VolumeView(
    String name,
    int content,
    int dbid,
    boolean deleting,
    boolean ownerReferenced,
    String copyToken,
    String location,
    String movingTo,
    boolean retired,
    String size,
    String storageClass,
    String askedClass,
    String completeCopy,
    Long copiedKb) {

  /** A claim of a mirror that has never moved. */
  public VolumeView(
      String name,
      int content,
      int dbid,
      boolean deleting,
      boolean ownerReferenced,
      String copyToken) {
    this(
        name,
        content,
        dbid,
        deleting,
        ownerReferenced,
        copyToken,
        null,
        null,
        false,
        null,
        null,
        null,
        null,
        null);
  }

  /** It can hold the data directory of a mirror at {@code place}. */
  public boolean holds(MirrorLocation place) {
    return holds(place.key());
  }

  /**
   * It can hold the data directory of a mirror at the place with this {@link MirrorLocation#key()}
   * (null: a pod made before places were recorded, which runs wherever its claim is): the place it
   * was made for, or the place it is moving to when only the port changes (the directory stays).
   */
  public boolean holds(String placeKey) {
    return !deleting
        && !retired
        && (location == null
            || placeKey == null
            || location.equals(placeKey)
            || movingTo != null && movingTo.equals(placeKey) && keepsDirectory());
  }

  /** It is moving to another port of the same host and directory: reused, nothing copied. */
  public boolean keepsDirectory() {
    MirrorLocation from = movingTo == null ? null : MirrorLocation.parse(location);
    return from != null && from.onlyPortDiffers(MirrorLocation.parse(movingTo));
  }
}
