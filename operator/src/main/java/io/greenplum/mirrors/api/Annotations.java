package io.greenplum.mirrors.api;

/**
 * Annotations the operator keeps on the pods and volume claims of its mirrors: what a restarted
 * operator reads back to go on with a move where it stopped, and what a volume was made with.
 */
public final class Annotations {
  private Annotations() {}

  /**
   * On a mirror pod and volume claim: the key of the place (host, address, port, data directory) it
   * was made for (plan.MirrorLocation#key).
   */
  public static final String LOCATION = "greenplum.io/location";

  /**
   * On the volume claim of a mirror being moved, set before its pod is stopped: the key of where it
   * goes; removed when the move is done.
   */
  public static final String MOVING_TO = "greenplum.io/moving-to";

  /**
   * On the volume claim of a mirror that moved away, kept by deletionPolicy Retain: when it was
   * retired. It is never mounted again (status.staleVolumes lists it).
   */
  public static final String RETIRED = "greenplum.io/retired";

  /**
   * On a mirror's volume claim: the storageClassName the MirrorSet gave when the claim was made (""
   * for the cluster's default), which a later spec may not change.
   */
  public static final String STORAGE_CLASS = "greenplum.io/storage-class";

  /**
   * On a mirror's volume claim: the copy its data directory completely holds ("dbid=7", or "dbid=7
   * copy=TOKEN" after a full recovery), recorded when the pod's init container reported "copied:"
   * or "kept:" for it, removed when it reported that the directory cannot be used as it is. A pod
   * made again on a claim whose recorded copy is the one it would copy does not copy: it is made
   * outside maxParallel's budget (a restart, not a base backup).
   */
  public static final String COMPLETE_COPY = "greenplum.io/complete-copy";

  /**
   * On a mirror's volume claim: the size of the last copy made on it ("29169 kB"), as
   * pg_basebackup's last progress line gave it and the init container reported it ("copied: dbid=7
   * (29169 kB)"). Recorded with {@link #COMPLETE_COPY}; status.moves shows it beside each move that
   * copies: about what that move would copy again.
   */
  public static final String COPY_SIZE = "greenplum.io/copy-size";

  /**
   * On a mirror pod: this dbid's role in the catalog as the operator last read it ("primary" or
   * "mirror"). Made with the pod and kept current by every pass that reads the catalog; the pod's
   * init container reads it through a downward-API file at each start, so that a start after a node
   * reboot weighs the catalog's role now, not the one the pod was made with.
   */
  public static final String ROLE = "greenplum.io/catalog-role";

  /** The value of {@link #ROLE} for a dbid that acts as primary, or not. */
  public static String role(boolean actingPrimary) {
    return actingPrimary ? "primary" : "mirror";
  }
}
