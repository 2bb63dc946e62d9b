package io.greenplum.mirrors.diff;

/**
 * What the operator needs to know of a mirror pod, read off the Kubernetes object by the reconciler
 * so that the diff and the status stay free of the Kubernetes client.
 *
 * @param dbid the dbid label the pod was built for (its --target-gp-dbid)
 * @param baseBackup the init container's state
 * @param reason why a container waits or ended (e.g. CrashLoopBackOff, Error), or null
 * @param initMessage the init container's last decision (its termination message: "copied: ...",
 *     "kept: ...", "promoted: ...", "failed: ..."), or null
 * @param ownerReferenced the pod names a MirrorSet as its owner (made by an operator release before
 *     deletionPolicy): the reference is removed so that no garbage collection takes it
 * @param waiting why the pod does not run yet, in the kubelet's or the scheduler's words (e.g.
 *     "ImagePullBackOff: Back-off pulling image ..."), or null
 * @param templateHash the hash of the template the pod was built from (its annotation), or null
 * @param location the {@link io.greenplum.mirrors.plan.MirrorLocation#key()} of the place the pod
 *     runs the mirror at (its annotation), or null on a pod made before moves existed
 * @param role the catalog role the pod's annotation records for its dbid ("primary", "mirror"), or
 *     null on a pod made before it was recorded
 * @param roleLabel the pod's {@code greenplum.io/role} label, which places it in one of the
 *     MirrorSet's disruption budgets ({@link EvictionBudget}), or null
 */
public record PodView(
    String name,
    int content,
    int dbid,
    String phase,
    Step baseBackup,
    boolean mirrorRunning,
    boolean mirrorReady,
    String reason,
    boolean deleting,
    String initMessage,
    boolean ownerReferenced,
    String waiting,
    String templateHash,
    String location,
    String role,
    String roleLabel) {

  /** A pod without a recorded template (made by hand, or by a release before rolling updates). */
  public PodView(
      String name,
      int content,
      int dbid,
      String phase,
      Step baseBackup,
      boolean mirrorRunning,
      boolean mirrorReady,
      String reason,
      boolean deleting,
      String initMessage,
      boolean ownerReferenced,
      String waiting) {
    this(
        name,
        content,
        dbid,
        phase,
        baseBackup,
        mirrorRunning,
        mirrorReady,
        reason,
        deleting,
        initMessage,
        ownerReferenced,
        waiting,
        null,
        null,
        null,
        "mirror");
  }

  /** The same pod with the role label {@code label}. */
  public PodView withRoleLabel(String label) {
    return new PodView(
        name,
        content,
        dbid,
        phase,
        baseBackup,
        mirrorRunning,
        mirrorReady,
        reason,
        deleting,
        initMessage,
        ownerReferenced,
        waiting,
        templateHash,
        location,
        role,
        label);
  }

  /** Where a container stands. */
  public enum Step {
    WAITING,
    RUNNING,
    SUCCEEDED,
    FAILED
  }

  /** The base backup has not finished yet: the pod counts against maxParallel. */
  public boolean isCopying() {
    return !deleting
        && baseBackup != Step.SUCCEEDED
        && !"Failed".equals(phase)
        && !isPromoted()
        && !isWaiting();
  }

  /**
   * The pod holds one of maxParallel's copy slots: its copy runs or is about to (the pod is made
   * and nothing keeps it from starting). A pod stuck before its init container (an image that does
   * not pull, a claim not bound, a node that does not take it) or whose copy failed holds none, so
   * that stuck copies never keep the other contents' pods from being made.
   */
  public boolean holdsCopySlot() {
    return isCopying() && waiting == null && baseBackup != Step.FAILED;
  }

  /**
   * The scheduler does not place the pod: its node is cordoned (drained) or full. Its mirror waits
   * for the node, as the node's other pods do.
   */
  public boolean waitsForItsNode() {
    return !deleting
        && "Pending".equals(phase)
        && waiting != null
        && waiting.startsWith("Unschedulable");
  }

  /** The mirror process runs. */
  public boolean isRunning() {
    return !deleting && mirrorRunning;
  }

  /** The pod is gone for good (evicted, node lost): it must be recreated. */
  public boolean isFailed() {
    return "Failed".equals(phase);
  }

  /**
   * The init container found a directory that ran as a primary while the catalog did not say so
   * when the pod was made: it is neither copied, wiped nor started (it needs a rewind).
   */
  public boolean isPromoted() {
    return initMessage != null && initMessage.startsWith("promoted:");
  }

  /**
   * The init container's last run found a fact its next step needs missing and touched nothing (the
   * primary does not answer before a wipe, a promoted source has no checkpoint yet); the kubelet
   * runs it again. Not while it runs again.
   */
  public boolean isWaiting() {
    return initMessage != null && initMessage.startsWith("waiting:") && baseBackup != Step.RUNNING;
  }

  /**
   * Why the init container did not let the directory start, in its words ("promoted:", "waiting:"
   * or "failed:" decisions), or null when it did or runs.
   */
  public String notStarted() {
    if (mirrorRunning || baseBackup == Step.RUNNING || initMessage == null) {
      return null;
    }
    for (String kind : new String[] {"promoted:", "waiting:", "failed:"}) {
      if (initMessage.startsWith(kind)) {
        return initMessage.substring(kind.length()).strip();
      }
    }
    return null;
  }

  /** The init container started the directory as the acting primary (the catalog said so then). */
  public boolean startedAsPrimary() {
    return initMessage != null
        && initMessage.startsWith("kept:")
        && initMessage.contains("acts as primary");
  }
}
