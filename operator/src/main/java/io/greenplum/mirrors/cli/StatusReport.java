package io.greenplum.mirrors.cli;

import io.fabric8.kubernetes.api.model.Condition;
import io.greenplum.mirrors.api.MirrorSet;
import io.greenplum.mirrors.api.MirrorSetStatus;
import io.greenplum.mirrors.api.MirrorStatus;
import io.greenplum.mirrors.status.Conditions;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What {@code gpmirrors status} prints for MirrorSets, from their status alone: pure. The layouts
 * follow the utilities a DBA knows (fixtures/gp7-real/gpstate-*.txt): the default a summary and one
 * row per content; {@code -e} only what needs attention, grouped as gpstate -e groups it; {@code
 * -m} the mirror list with Passive / Acting as Primary / Failed as gpstate -m says it; {@code -s}
 * one block per pair.
 */
final class StatusReport {
  /** Which view. */
  enum View {
    SUMMARY,
    ERRORS,
    DETAIL,
    MIRRORS
  }

  private StatusReport() {}

  /** Every pair of every MirrorSet is in sync (the exit status 0 of the command). */
  static boolean allSynchronized(List<MirrorSet> sets) {
    return !sets.isEmpty() && sets.stream().allMatch(ms -> inSync(ms.getStatus()));
  }

  /** Every pair of the status is in sync and in its preferred roles. */
  static boolean inSync(MirrorSetStatus s) {
    return s != null
        && s.getDesired() != null
        && s.getDesired() > 0
        && s.getDesired().equals(s.getSynchronizedCount())
        && s.getMirrors() != null
        && s.getMirrors().stream()
            .allMatch(m -> "m".equals(m.getRole()) && "s".equals(m.getMode()));
  }

  static String render(List<MirrorSet> sets, View view) {
    StringBuilder out = new StringBuilder();
    for (MirrorSet ms : sets) {
      if (out.length() > 0) {
        out.append('\n');
      }
      out.append(header(ms));
      MirrorSetStatus s = ms.getStatus();
      if (s == null || s.getMirrors() == null) {
        out.append("  no status yet: the operator has not looked at this MirrorSet\n");
        continue;
      }
      switch (view) {
        case SUMMARY -> summary(s, out);
        case ERRORS -> errors(s, out);
        case DETAIL -> detail(s, out);
        case MIRRORS -> mirrors(s, out);
        default -> throw new IllegalStateException(view.name());
      }
    }
    return out.toString();
  }

  private static String header(MirrorSet ms) {
    MirrorSetStatus s = ms.getStatus();
    String phase = s == null || s.getPhase() == null ? "Unknown" : s.getPhase();
    StringBuilder h =
        new StringBuilder("MirrorSet ")
            .append(ms.getMetadata().getNamespace())
            .append('/')
            .append(ms.getMetadata().getName())
            .append(": ")
            .append(phase);
    if (s != null && s.getGreenplumVersion() != null) {
      h.append(" (Greenplum ").append(s.getGreenplumVersion()).append(')');
    }
    h.append('\n');
    Condition degraded = s == null ? null : Conditions.find(s.getConditions(), Conditions.DEGRADED);
    Condition valid = s == null ? null : Conditions.find(s.getConditions(), Conditions.SPEC_VALID);
    if (valid != null && "False".equals(valid.getStatus())) {
      h.append("  invalid: ").append(valid.getReason()).append(": ").append(valid.getMessage());
      h.append('\n');
    }
    if (degraded != null && "True".equals(degraded.getStatus())) {
      h.append("  degraded: ")
          .append(degraded.getReason())
          .append(": ")
          .append(degraded.getMessage())
          .append('\n');
    }
    return h.toString();
  }

  private static void summary(MirrorSetStatus s, StringBuilder out) {
    List<MirrorStatus> rows = s.getMirrors();
    out.append(
        String.format(
            Locale.ROOT,
            "  mirrors %d, synchronized %d, down %d, roles switched %d, copying %d, recovering %d,"
                + " stalled %d%n",
            rows.size(),
            count(rows, "Synchronized"),
            (int) rows.stream().filter(m -> "d".equals(m.getStatus())).count(),
            count(rows, "ActingAsPrimary"),
            count(rows, "CopyingFromPrimary") + count(rows, "Registered"),
            count(rows, "Recovering"),
            count(rows, "Stalled")));
    List<String[]> table = new ArrayList<>();
    table.add(
        new String[] {
          "CONTENT", "PRIMARY", "MIRROR", "ROLE", "MODE", "STATUS", "STATE", "BEHIND", "LAG",
          "COPY", "SINCE"
        });
    for (MirrorStatus m : rows) {
      table.add(
          new String[] {
            String.valueOf(m.getContent()),
            or(m.getPrimary()),
            m.getHost() + ":" + m.getPort(),
            or(m.getRole()),
            or(m.getMode()),
            or(m.getStatus()),
            or(m.getState()),
            m.getBytesBehind() == null ? "-" : bytes(m.getBytesBehind()),
            m.getReplayLagSeconds() == null ? "-" : m.getReplayLagSeconds() + "s",
            m.getPercent() == null ? "-" : m.getPercent() + "%",
            or(m.getSince())
          });
    }
    out.append(columns(table, "  "));
  }

  /** gpstate -e: roles switched, unsynchronized pairs, downed segments; nothing else. */
  private static void errors(MirrorSetStatus s, StringBuilder out) {
    List<String[]> switched = new ArrayList<>();
    List<String[]> unsynced = new ArrayList<>();
    List<String[]> down = new ArrayList<>();
    for (MirrorStatus m : s.getMirrors()) {
      String mirror = m.getHost() + ":" + m.getPort();
      boolean acting = "p".equals(m.getRole());
      String[] pair =
          pair(acting ? mirror : or(m.getPrimary()), acting ? or(m.getPrimary()) : mirror);
      if (acting) {
        switched.add(pair);
      }
      if (!"s".equals(m.getMode()) && m.getDbid() != null) {
        unsynced.add(pair);
      }
      if ("d".equals(m.getStatus())) {
        down.add(downed(mirror, m.getMessage()));
      }
      if ("d".equals(m.getPrimaryStatus())) {
        down.add(
            downed(
                or(m.getPrimary()),
                "the preferred primary of content "
                    + m.getContent()
                    + " (not this MirrorSet's): recover it with gprecoverseg -a on the"
                    + " coordinator host"));
      }
    }
    if (switched.isEmpty() && unsynced.isEmpty() && down.isEmpty()) {
      out.append("  All segments are running normally\n");
      return;
    }
    group(out, "Segments with Primary and Mirror Roles Switched", PAIR_HEADER, switched);
    group(out, "Unsynchronized Segment Pairs", PAIR_HEADER, unsynced);
    group(
        out,
        "Downed Segments",
        new String[] {"Segment", "Port", "Config status", "What happens"},
        down);
  }

  private static final String[] PAIR_HEADER = {"Current Primary", "Port", "Mirror", "Port"};

  private static String[] pair(String currentPrimary, String mirror) {
    return new String[] {host(currentPrimary), port(currentPrimary), host(mirror), port(mirror)};
  }

  private static String[] downed(String instance, String what) {
    return new String[] {host(instance), port(instance), "Down", what == null ? "" : what};
  }

  private static void group(StringBuilder out, String title, String[] header, List<String[]> rows) {
    if (rows.isEmpty()) {
      return;
    }
    out.append(title).append('\n');
    List<String[]> table = new ArrayList<>();
    table.add(header);
    table.addAll(rows);
    out.append(columns(table, "   "));
  }

  /** gpstate -m: the mirror list. */
  private static void mirrors(MirrorSetStatus s, StringBuilder out) {
    List<String[]> table = new ArrayList<>();
    table.add(new String[] {"Mirror", "Datadir", "Port", "Status", "Data Status"});
    int acting = 0;
    int actingUnsynced = 0;
    for (MirrorStatus m : s.getMirrors()) {
      String status =
          "p".equals(m.getRole())
              ? "Acting as Primary"
              : "d".equals(m.getStatus()) ? "Failed" : m.getDbid() == null ? "Planned" : "Passive";
      if ("p".equals(m.getRole())) {
        acting++;
        if (!"s".equals(m.getMode())) {
          actingUnsynced++;
        }
      }
      table.add(
          new String[] {
            or(m.getHost()),
            or(m.getDataDirectory()),
            String.valueOf(m.getPort()),
            status,
            "s".equals(m.getMode()) ? "Synchronized" : m.getDbid() == null ? "-" : "Not In Sync"
          });
    }
    out.append(columns(table, "  "));
    if (acting > 0) {
      out.append("  ")
          .append(acting)
          .append(" segment(s) configured as mirror(s) are acting as primaries\n");
    }
    if (actingUnsynced > 0) {
      out.append("  ")
          .append(actingUnsynced)
          .append(" mirror segment(s) acting as primaries are not synchronized\n");
    }
  }

  /** One block per pair, as gpstate -s lists each instance. */
  private static void detail(MirrorSetStatus s, StringBuilder out) {
    for (MirrorStatus m : s.getMirrors()) {
      out.append("  Content ").append(m.getContent()).append('\n');
      line(out, "Primary", or(m.getPrimary()) + " (status " + or(m.getPrimaryStatus()) + ")");
      line(
          out,
          "Mirror",
          m.getHost()
              + ":"
              + m.getPort()
              + " dbid "
              + or(m.getDbid() == null ? null : "" + m.getDbid()));
      line(out, "Datadir", or(m.getDataDirectory()));
      line(out, "Node / pod", or(m.getNode()) + " / " + or(m.getPod()));
      line(
          out,
          "Current role",
          "p".equals(m.getRole()) ? "Primary (acting)" : m.getRole() == null ? "-" : "Mirror");
      line(out, "Mode / status", or(m.getMode()) + " / " + or(m.getStatus()));
      line(out, "State", or(m.getState()) + " since " + or(m.getSince()));
      if (m.getBytesBehind() != null) {
        line(out, "Bytes behind", bytes(m.getBytesBehind()) + " (sent, not yet replayed)");
      }
      if (m.getReplayLagSeconds() != null) {
        line(out, "Replay lag", m.getReplayLagSeconds() + " s");
      }
      if (m.getNotInSyncSince() != null) {
        line(out, "Not in sync since", m.getNotInSyncSince());
      }
      if (m.getPercent() != null) {
        line(
            out,
            "Copy and catch-up",
            m.getPercent()
                + "%"
                + (m.getCopyEta() == null ? "" : ", copy ends about " + m.getCopyEta()));
      }
      if (m.getRecovery() != null) {
        line(out, "Recovery", m.getRecovery() + " since " + or(m.getRecoverySince()));
      }
      if (m.getMessage() != null && !m.getMessage().isEmpty()) {
        line(out, "Message", m.getMessage());
      }
    }
  }

  private static void line(StringBuilder out, String key, String value) {
    out.append(String.format(Locale.ROOT, "     %-18s = %s%n", key, value));
  }

  private static int count(List<MirrorStatus> rows, String state) {
    return (int) rows.stream().filter(m -> state.equals(m.getState())).count();
  }

  private static String or(String value) {
    return value == null || value.isEmpty() ? "-" : value;
  }

  private static String host(String hostPort) {
    int colon = hostPort.lastIndexOf(':');
    return colon < 0 ? hostPort : hostPort.substring(0, colon);
  }

  private static String port(String hostPort) {
    int colon = hostPort.lastIndexOf(':');
    return colon < 0 ? "-" : hostPort.substring(colon + 1);
  }

  /** Bytes as a DBA reads them: "0 B", "12.0 MiB". */
  static String bytes(long b) {
    if (b < 1024) {
      return b + " B";
    }
    String[] units = {"KiB", "MiB", "GiB", "TiB"};
    double v = b;
    int u = -1;
    while (v >= 1024 && u < units.length - 1) {
      v /= 1024;
      u++;
    }
    return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
  }

  /** Left-aligned columns, two spaces apart; the last column is not padded. */
  static String columns(List<String[]> rows, String indent) {
    int n = rows.get(0).length;
    int[] width = new int[n];
    for (String[] r : rows) {
      for (int i = 0; i < n; i++) {
        width[i] = Math.max(width[i], r[i].length());
      }
    }
    StringBuilder out = new StringBuilder();
    for (String[] r : rows) {
      StringBuilder line = new StringBuilder(indent);
      for (int i = 0; i < n; i++) {
        line.append(i == n - 1 ? r[i] : String.format(Locale.ROOT, "%-" + width[i] + "s   ", r[i]));
      }
      out.append(line.toString().stripTrailing()).append('\n');
    }
    return out.toString();
  }
}
