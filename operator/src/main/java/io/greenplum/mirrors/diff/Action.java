package io.greenplum.mirrors.diff;

import io.greenplum.mirrors.plan.MirrorPlan;
import io.greenplum.mirrors.plan.PlannedMirror;

/** One thing the reconciler does to make the cluster match the MirrorSet. */
public sealed interface Action {

  /** Register a mirror for every content, in one catalog transaction. */
  record RegisterMirrors(MirrorPlan plan) implements Action {}

  /** Create the volume claim (if missing) and the pod of a registered mirror. */
  record CreateMirror(PlannedMirror mirror, int dbid, boolean volumeMissing) implements Action {}

  /** Delete a pod that cannot become the mirror (failed, or built for another dbid). */
  record DeletePod(int content, String pod, String why) implements Action {}

  /** Ask FTS to probe now: a mirror streams but the catalog does not say in sync yet. */
  record RequestFtsProbe() implements Action {}
}
