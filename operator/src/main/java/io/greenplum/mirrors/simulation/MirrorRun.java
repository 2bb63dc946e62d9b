package io.greenplum.mirrors.simulation;

import io.fabric8.kubernetes.api.model.Pod;
import io.greenplum.mirrors.resources.Labels;
import java.nio.file.Path;

/** SIMULATION. Where one pod stands in the simulated kubelet. */
final class MirrorRun {
  /** The pod's stage. */
  enum Step {
    NEW,
    INIT,
    FAILED,
    CRASHING,
    CATCHUP,
    WAL_MISSING,
    STREAMING,
    ACTING_PRIMARY,
    EVICTED,
    DONE
  }

  final int content;
  final int dbid;
  final String name;
  final String uid;
  Step step = Step.NEW;
  int ticks;
  PodProcess process;
  Path volume;
  String node;
  Path dataDirectory;
  boolean actingPrimary;
  boolean mirrorStarted;
  boolean walMissing;

  /** The scheduler placed the pod on its node (it stays placed, whatever the node's cordon). */
  boolean bound;

  /** The pod's status says it waits for a cordoned node. */
  boolean unschedulable;

  MirrorRun(Pod pod) {
    String label = pod.getMetadata().getLabels().get(Labels.CONTENT);
    this.content = label == null ? -1 : Integer.parseInt(label);
    String dbid = pod.getMetadata().getLabels().get(Labels.DBID);
    this.dbid = dbid == null ? -1 : Integer.parseInt(dbid);
    this.name = pod.getMetadata().getName();
    this.uid = pod.getMetadata().getUid();
  }

  /** The pod's own scratch directory (its /tmp, its termination log). */
  Path workDir(Path root) {
    return root.resolve("pods").resolve(uid);
  }
}
