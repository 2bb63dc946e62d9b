package io.greenplum.mirrors.cli;

import io.greenplum.mirrors.model.SegmentConfiguration;
import io.greenplum.mirrors.plan.MirrorPlan;
import io.greenplum.mirrors.plan.PlannedMirror;
import java.util.ArrayList;
import java.util.List;

/** The plan as a table a DBA recognises from gpaddmirrors' "Mirror n of m" listing. */
final class PlanTable {
  private PlanTable() {}

  static String render(SegmentConfiguration cluster, MirrorPlan plan) {
    boolean replication = plan.mirrors().stream().anyMatch(m -> m.replicationPort() != null);
    List<String[]> rows = new ArrayList<>();
    rows.add(
        replication
            ? new String[] {
              "content",
              "dbid",
              "primary",
              "mirror",
              "mirror repl",
              "primary repl",
              "data directory"
            }
            : new String[] {"content", "dbid", "primary", "mirror", "data directory"});
    for (PlannedMirror m : plan.mirrors()) {
      String primary = m.primary().hostname() + ":" + m.primary().port();
      rows.add(
          replication
              ? new String[] {
                String.valueOf(m.content()),
                String.valueOf(m.dbid()),
                primary,
                m.hostPort(),
                String.valueOf(m.replicationPort()),
                String.valueOf(m.primaryReplicationPort()),
                m.dataDirectory()
              }
              : new String[] {
                String.valueOf(m.content()),
                String.valueOf(m.dbid()),
                primary,
                m.hostPort(),
                m.dataDirectory()
              });
    }
    StringBuilder out = new StringBuilder();
    out.append("Greenplum ")
        .append(cluster.family().label())
        .append(" cluster: ")
        .append(cluster.primaries().size())
        .append(" primaries on ")
        .append(cluster.primaryHosts().size())
        .append(" host(s); strategy ")
        .append(plan.strategy())
        .append("; ")
        .append(plan.mirrors().size())
        .append(" mirrors planned\n\n");
    int[] widths = new int[rows.get(0).length];
    for (String[] row : rows) {
      for (int i = 0; i < row.length; i++) {
        widths[i] = Math.max(widths[i], row[i].length());
      }
    }
    for (String[] row : rows) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < row.length; i++) {
        String cell = row[i];
        boolean numeric = i < 2 || (replication && (i == 4 || i == 5));
        String pad = " ".repeat(widths[i] - cell.length());
        line.append(numeric ? pad + cell : cell + (i == row.length - 1 ? "" : pad));
        if (i < row.length - 1) {
          line.append("  ");
        }
      }
      out.append(line.toString().stripTrailing()).append('\n');
    }
    return out.toString();
  }
}
