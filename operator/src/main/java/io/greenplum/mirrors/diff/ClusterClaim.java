package io.greenplum.mirrors.diff;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which MirrorSet manages a cluster's mirrors: one owner per cluster, recorded in the cluster
 * itself, so that it holds across namespaces, operator installations and the coordinator's names.
 * The claim is a gp_configuration_history row on the coordinator's dbid, the newest one wins:
 * "gpmirrors: mirrors managed by MirrorSet NAMESPACE/NAME uid UID".
 */
public record ClusterClaim(String namespace, String name, String uid) {
  /** How every claim row begins. */
  public static final String PREFIX = "gpmirrors: mirrors managed by MirrorSet ";

  private static final Pattern ROW =
      Pattern.compile(Pattern.quote(PREFIX) + "([^/ ]+)/([^ ]+) uid ([^ ]+).*");

  /** The claim a history row records, or null when it is not one. */
  public static ClusterClaim parse(String desc) {
    if (desc == null) {
      return null;
    }
    Matcher m = ROW.matcher(desc);
    return m.matches() ? new ClusterClaim(m.group(1), m.group(2), m.group(3)) : null;
  }

  /** "greenplum/mirrors (uid 1f2e...)". */
  public String describe() {
    return namespace + "/" + name + " (uid " + uid + ")";
  }

  /** The history row that records this claim ({@code from}: the owner it takes over, or null). */
  public String row(ClusterClaim from) {
    return PREFIX
        + namespace
        + "/"
        + name
        + " uid "
        + uid
        + (from == null ? "" : " (adopted from " + from.describe() + ")");
  }

  /** What the operator knows of the MirrorSet a claim names, when it is not the one at hand. */
  public enum Owner {
    /** It exists, with the claim's uid. */
    PRESENT,
    /** It is gone (or another object has its name), and left no mirror pods nor volume claims. */
    GONE,
    /** It is gone, but its mirror pods or claims (a Retain deletion) still run under its name. */
    GONE_LEAVING_MIRRORS,
    /** It cannot be looked up (another namespace out of this operator's reach, an API error). */
    UNKNOWN
  }

  /**
   * This pass's answer.
   *
   * @param write the claim row to write before anything else is done, or null
   * @param refusal why this MirrorSet must do nothing, or null
   */
  public record Decision(String write, String refusal) {}

  /**
   * Whether {@code self} may act on the cluster whose newest claim is {@code current}.
   *
   * @param owner what is known of the claim's MirrorSet (ignored when the claim is self's or none)
   * @param adopt the greenplum.io/adopt annotation's value (the uid of a claim to take over), or
   *     null
   */
  public static Decision decide(
      ClusterClaim current, ClusterClaim self, Owner owner, String adopt) {
    if (current == null) {
      return new Decision(self.row(null), null);
    }
    if (current.uid().equals(self.uid())) {
      return new Decision(null, null);
    }
    boolean sameName =
        current.namespace().equals(self.namespace()) && current.name().equals(self.name());
    if (current.uid().equals(adopt)
        || owner == Owner.GONE
        || (owner == Owner.GONE_LEAVING_MIRRORS && sameName)) {
      return new Decision(self.row(current), null);
    }
    String who = "the cluster's mirrors are managed by MirrorSet " + current.describe();
    String refusal =
        switch (owner) {
          case PRESENT ->
              who
                  + ": one cluster has one MirrorSet. This one does nothing; delete it, or delete"
                  + " that one (deletionPolicy: Retain keeps the mirrors) and this one takes over";
          case GONE_LEAVING_MIRRORS ->
              who
                  + ", which is gone but whose mirror pods and volume claims still run: apply it"
                  + " again under its own name to adopt them, or delete them first";
          default ->
              who
                  + ", which this operator cannot look up (a namespace it does not reach, another"
                  + " Kubernetes cluster): if that MirrorSet is gone and its pods are stopped, set"
                  + " the annotation greenplum.io/adopt: \""
                  + current.uid()
                  + "\" on this one to take over";
        };
    return new Decision(null, refusal);
  }
}
