package io.greenplum.mirrors.api;

/**
 * Whether the moves an edit of placement, ports or dataDirectories asks for start by themselves.
 * Each is a stop of a mirror, and all but a port change a full copy of its primary: one GitOps sync
 * can start as many as there are mirrors.
 */
public enum MoveApproval {
  /**
   * status.moves lists them; they start once the annotation {@code greenplum.io/approve-moves}
   * names the MirrorSet's current metadata.generation (any later edit asks again).
   */
  Manual,
  /** They start as soon as the rule of disruption gives moves the turn. */
  Automatic;

  /**
   * The moves of this generation may start: Automatic, or the approval annotation names it.
   *
   * @param annotation the value of {@link MirrorSet#APPROVE_MOVES_ANNOTATION}, or null
   */
  public boolean approves(String annotation, Long generation) {
    return this == Automatic
        || annotation != null
            && generation != null
            && annotation.strip().equals(String.valueOf(generation));
  }
}
