package io.greenplum.mirrors.plan;

import io.greenplum.mirrors.model.VersionFamily;

/** Writes a plan as the mirror config file gpaddmirrors -o writes and gpaddmirrors -i reads. */
public final class GpAddMirrorsConfig {
  private GpAddMirrorsConfig() {}

  /**
   * The file's text.
   *
   * <ul>
   *   <li>4.3/5: {@code filespaceOrder=} then {@code mirror<i>=<content>:<address>:<port>:<mirror
   *       replication port>:<primary replication port>:<data dir>}
   *   <li>6+: {@code <content>|<address>|<port>|<data dir>}
   * </ul>
   *
   * @throws IllegalArgumentException when the 4.3/5 format is asked of a plan without replication
   *     ports
   */
  public static String write(MirrorPlan plan, VersionFamily format) {
    StringBuilder out = new StringBuilder();
    if (format == VersionFamily.GP4_GP5) {
      out.append("filespaceOrder=\n");
      int i = 0;
      for (PlannedMirror m : plan.mirrors()) {
        if (m.replicationPort() == null || m.primaryReplicationPort() == null) {
          throw new IllegalArgumentException(
              "the 4.3/5 format needs replication ports, which a Greenplum "
                  + plan.family().label()
                  + " plan does not have");
        }
        out.append("mirror")
            .append(i++)
            .append('=')
            .append(m.content())
            .append(':')
            .append(m.address())
            .append(':')
            .append(m.port())
            .append(':')
            .append(m.replicationPort())
            .append(':')
            .append(m.primaryReplicationPort())
            .append(':')
            .append(m.dataDirectory())
            .append('\n');
      }
    } else {
      for (PlannedMirror m : plan.mirrors()) {
        out.append(m.content())
            .append('|')
            .append(m.address())
            .append('|')
            .append(m.port())
            .append('|')
            .append(m.dataDirectory())
            .append('\n');
      }
    }
    return out.toString();
  }
}
