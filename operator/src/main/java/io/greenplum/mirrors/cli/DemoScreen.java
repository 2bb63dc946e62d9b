package io.greenplum.mirrors.cli;

import io.fabric8.kubernetes.api.model.Condition;
import io.greenplum.mirrors.api.MirrorSetStatus;
import io.greenplum.mirrors.api.MirrorStatus;
import java.util.stream.Collectors;

/** What the demo prints: the kubectl get mirrorsets line and a gpstate -m like table. */
final class DemoScreen {
  private static final int BAR = 20;
  private String last = "";

  /** The next frame to print, or null when nothing changed since the last one. */
  String frame(MirrorSetStatus status, double seconds) {
    if (status == null || status.getPhase() == null) {
      return null;
    }
    StringBuilder table = new StringBuilder();
    table.append(
        String.format(
            "%-14s %-8s %-6s %-7s %-9s %-14s%n",
            "NAME", "DESIRED", "READY", "SYNCED", "PROGRESS", "PHASE"));
    table.append(
        String.format(
            "%-14s %-8d %-6d %-7d %-9s %-14s%n",
            "demo-mirrors",
            status.getDesired(),
            status.getReady(),
            status.getSynchronizedCount(),
            status.getProgress() + "%",
            status.getPhase()));
    table.append(
        String.format(
            "  %-7s %-6s %-5s %-22s %-19s %s%n",
            "content", "host", "port", "data directory", "state", "progress"));
    for (MirrorStatus m : status.getMirrors()) {
      int percent = m.getPercent() == null ? 0 : m.getPercent();
      int filled = percent * BAR / 100;
      table.append(
          String.format(
              "  %7d %-6s %-5s %-22s %-19s [%s%s] %3d%%%n",
              m.getContent(),
              m.getHost(),
              m.getPort(),
              m.getDataDirectory(),
              m.getState(),
              "#".repeat(filled),
              ".".repeat(BAR - filled),
              percent));
    }
    String text = table.toString();
    if (text.equals(last)) {
      return null;
    }
    last = text;
    return String.format("--- %5.1f s%n", seconds) + text;
  }

  /** Lines in a text, a last line without its newline counted too. */
  static int lines(String text) {
    int lines = (int) text.chars().filter(c -> c == '\n').count();
    return text.isEmpty() || text.endsWith("\n") ? lines : lines + 1;
  }

  /**
   * The frame cut to {@code maxLines} (a terminal's height): its first lines, then how many mirror
   * rows were left out. A frame that fits is returned as it is.
   */
  static String fit(String frame, int maxLines) {
    String[] rows = frame.split("\n", -1);
    int count = lines(frame);
    if (count <= maxLines) {
      return frame;
    }
    int kept = Math.max(1, maxLines - 1);
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < kept; i++) {
      text.append(rows[i]).append('\n');
    }
    return text.append(
            String.format(
                "  ... %d more rows (a taller terminal, or --draw append, shows them)%n",
                count - kept))
        .toString();
  }

  /**
   * The frame drawn over the one before it, as watch does: the cursor goes up over the previous
   * frame's lines, each line is cleared to its end, and what is left below is cleared.
   */
  static String inPlace(String frame, int previousLines) {
    StringBuilder text = new StringBuilder();
    if (previousLines > 0) {
      text.append("\r\033[").append(previousLines).append('A');
    }
    for (String line : frame.split("\n", -1)) {
      text.append(line).append("\033[K\n");
    }
    text.setLength(text.length() - 1);
    return text.append("\033[J").toString();
  }

  static String conditions(MirrorSetStatus status) {
    return status.getConditions().stream()
        .filter(c -> !"SpecValid".equals(c.getType()) || "False".equals(c.getStatus()))
        .map(DemoScreen::describe)
        .collect(Collectors.joining("; "));
  }

  private static String describe(Condition c) {
    return c.getType() + "=" + c.getStatus() + " (" + c.getReason() + "): " + c.getMessage();
  }
}
