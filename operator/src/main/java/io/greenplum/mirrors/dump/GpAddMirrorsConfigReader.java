package io.greenplum.mirrors.dump;

import io.greenplum.mirrors.api.ExplicitMirror;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a gpaddmirrors mirror config file (the -i input, the -o output) into Explicit placement
 * entries. The format is recognised by its first line: {@code filespaceOrder=} starts a 4.3/5 file,
 * anything else is the 6+ {@code content|address|port|datadir} format. Lines starting with "#" and
 * blank lines are ignored, as gpaddmirrors ignores them. The file names addresses only; the planner
 * finds the host of each.
 */
public final class GpAddMirrorsConfigReader {
  private static final Pattern LEGACY_LINE =
      Pattern.compile("^mirror(\\d+)=(-?\\d+):([^:]+):(\\d+):(\\d+):(\\d+):(/[^:]*)(:.*)?$");

  private GpAddMirrorsConfigReader() {}

  public static List<ExplicitMirror> read(String text) throws DumpFormatException {
    List<String> problems = new ArrayList<>();
    List<ExplicitMirror> mirrors = new ArrayList<>();
    String[] lines = text.split("\n", -1);
    Boolean legacy = null;
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i].strip();
      int number = i + 1;
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      if (legacy == null) {
        legacy = line.startsWith("filespaceOrder=");
        if (legacy) {
          if (!line.equals("filespaceOrder=")) {
            problems.add(
                "line "
                    + number
                    + ": filespaces besides pg_system ("
                    + line.substring("filespaceOrder=".length())
                    + ") are not supported yet");
          }
          continue;
        }
      }
      ExplicitMirror mirror =
          legacy ? legacyLine(number, line, problems) : line(number, line, problems);
      if (mirror != null) {
        mirrors.add(mirror);
      }
    }
    if (problems.isEmpty() && mirrors.isEmpty()) {
      problems.add("the file lists no mirror");
    }
    if (!problems.isEmpty()) {
      throw new DumpFormatException(problems);
    }
    return mirrors;
  }

  private static ExplicitMirror line(int number, String line, List<String> problems) {
    String[] parts = line.split("\\|", -1);
    if (parts.length != 4) {
      problems.add(
          "line "
              + number
              + ": expected 4 parts (content|address|port|datadir), obtained "
              + parts.length
              + (line.startsWith("mirror")
                  ? " (a 4.3/5 line: such files start with filespaceOrder=)"
                  : ""));
      return null;
    }
    return mirror(number, parts[0], parts[1], parts[2], parts[3], problems);
  }

  private static ExplicitMirror legacyLine(int number, String line, List<String> problems) {
    Matcher m = LEGACY_LINE.matcher(line);
    if (!m.matches()) {
      problems.add(
          "line "
              + number
              + ": expected mirror<n>=<content>:<address>:<port>:<mirror replication port>:"
              + "<primary replication port>:<data dir>, found '"
              + line
              + "'");
      return null;
    }
    if (m.group(8) != null) {
      problems.add(
          "line "
              + number
              + ": filespace locations after the data directory are not"
              + " supported yet");
      return null;
    }
    ExplicitMirror mirror =
        mirror(number, m.group(2), m.group(3), m.group(4), m.group(7), problems);
    if (mirror != null) {
      mirror.setReplicationPort(port(number, "mirror replication port", m.group(5), problems));
      mirror.setPrimaryReplicationPort(
          port(number, "primary replication port", m.group(6), problems));
    }
    return mirror;
  }

  private static ExplicitMirror mirror(
      int number, String content, String address, String port, String dir, List<String> problems) {
    int before = problems.size();
    Integer contentId = SegmentConfigurationReader.integer(content);
    if (contentId == null || contentId < 0) {
      problems.add(
          "line " + number + ": content '" + content + "' is not a content id (0, 1, ...)");
    }
    if (address.isBlank()) {
      problems.add("line " + number + ": the address is empty");
    }
    Integer portNumber = port(number, "port", port, problems);
    if (!dir.strip().startsWith("/")) {
      problems.add("line " + number + ": data directory '" + dir + "' is not an absolute path");
    }
    if (problems.size() > before) {
      return null;
    }
    ExplicitMirror mirror = new ExplicitMirror();
    mirror.setContent(contentId);
    mirror.setAddress(address.strip());
    mirror.setPort(portNumber);
    mirror.setDataDirectory(dir.strip());
    return mirror;
  }

  private static Integer port(int number, String what, String text, List<String> problems) {
    Integer port = SegmentConfigurationReader.integer(text);
    if (port == null || port < 1 || port > 65535) {
      problems.add("line " + number + ": " + what + " '" + text + "' is not in 1..65535");
      return null;
    }
    return port;
  }
}
