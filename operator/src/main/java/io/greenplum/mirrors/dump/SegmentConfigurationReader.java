package io.greenplum.mirrors.dump;

import io.greenplum.mirrors.model.ClusterShape;
import io.greenplum.mirrors.model.Role;
import io.greenplum.mirrors.model.Segment;
import io.greenplum.mirrors.model.SegmentConfiguration;
import io.greenplum.mirrors.model.SegmentMode;
import io.greenplum.mirrors.model.SegmentStatus;
import io.greenplum.mirrors.model.VersionFamily;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Reads {@code SELECT * FROM gp_segment_configuration} as a DBA pastes it, and optionally
 * pg_filespace_entry (4.3/5) for the data directories. Columns are found by name, so extra columns
 * (Cloudberry's warehouseid, 4.3's san_mounts) and any column order are fine.
 */
public final class SegmentConfigurationReader {
  /** The pg_system filespace of Greenplum 4.3/5: where data directories live. */
  public static final int PG_SYSTEM_FILESPACE = 3052;

  private static final String HEADER_EXAMPLE =
      "dbid | content | role | preferred_role | mode | status | port | hostname | address | datadir";
  private static final List<String> REQUIRED = Segment.CATALOG_COLUMNS;

  private SegmentConfigurationReader() {}

  /** Reads a gp_segment_configuration dump; every problem is reported at once. */
  public static SegmentConfiguration read(String text) throws DumpFormatException {
    TextTable table = TextTableParser.parse(text, HEADER_EXAMPLE);
    VersionFamily family = familyOf(table);
    List<String> problems = new ArrayList<>();
    List<String> missing = REQUIRED.stream().filter(c -> table.indexOf(c) < 0).toList();
    if (!missing.isEmpty()) {
      problems.add(
          "the header lacks column(s) "
              + String.join(", ", missing)
              + ": expected the output of SELECT * FROM gp_segment_configuration");
      throw new DumpFormatException(problems);
    }
    List<Segment> segments = new ArrayList<>();
    Map<Integer, Integer> lineOfDbid = new HashMap<>();
    for (TextTable.Row row : table.rows()) {
      Segment segment = new RowReader(table, row, family, problems).segment();
      if (segment != null) {
        segments.add(segment);
        lineOfDbid.put(segment.dbid(), row.line());
      }
    }
    if (problems.isEmpty()) {
      problems.addAll(ClusterShape.problems(segments, dbid -> "line " + lineOfDbid.get(dbid)));
    }
    if (!problems.isEmpty()) {
      throw new DumpFormatException(problems);
    }
    return new SegmentConfiguration(family, segments);
  }

  /**
   * Reads {@code SELECT * FROM pg_filespace_entry}: the pg_system location of each dbid. Rows of
   * other filespaces are an error, because gpmirrors does not plan them yet.
   */
  public static Map<Integer, String> readFilespaces(String text) throws DumpFormatException {
    TextTable table = TextTableParser.parse(text, "fsefsoid | fsedbid | fselocation");
    List<String> problems = new ArrayList<>();
    int oid = table.indexOf("fsefsoid");
    int dbid = table.indexOf("fsedbid");
    int location = table.indexOf("fselocation");
    if (oid < 0 || dbid < 0 || location < 0) {
      throw new DumpFormatException(
          List.of(
              "the header must name fsefsoid, fsedbid and fselocation: expected the output of"
                  + " SELECT * FROM pg_filespace_entry"));
    }
    Map<Integer, String> byDbid = new HashMap<>();
    for (TextTable.Row row : table.rows()) {
      Integer fsOid = integer(row.cells().get(oid));
      Integer fsDbid = integer(row.cells().get(dbid));
      String path = row.cells().get(location);
      if (fsOid == null || fsDbid == null || !path.startsWith("/")) {
        problems.add(
            "line "
                + row.line()
                + ": expected a filespace oid, a dbid and an absolute location, found "
                + row.cells());
      } else if (fsOid != PG_SYSTEM_FILESPACE) {
        problems.add(
            "line "
                + row.line()
                + ": filespace "
                + fsOid
                + " is not pg_system ("
                + PG_SYSTEM_FILESPACE
                + "); clusters with additional filespaces are not supported yet");
      } else if (byDbid.putIfAbsent(fsDbid, path) != null) {
        problems.add("line " + row.line() + ": dbid " + fsDbid + " is listed twice");
      }
    }
    if (!problems.isEmpty()) {
      throw new DumpFormatException(problems);
    }
    return byDbid;
  }

  private static VersionFamily familyOf(TextTable table) throws DumpFormatException {
    if (table.indexOf("datadir") >= 0) {
      return VersionFamily.GP6_PLUS;
    }
    if (table.indexOf("replication_port") >= 0) {
      return VersionFamily.GP4_GP5;
    }
    throw new DumpFormatException(
        List.of(
            "the header names neither datadir (Greenplum 6+) nor replication_port (4.3/5):"
                + " expected the output of SELECT * FROM gp_segment_configuration, found columns "
                + String.join(", ", table.columns())));
  }

  static Integer integer(String text) {
    try {
      return Integer.valueOf(text.strip());
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /** Turns one row into a Segment, adding a problem per bad cell. */
  private static final class RowReader {
    private final TextTable table;
    private final TextTable.Row row;
    private final VersionFamily family;
    private final List<String> problems;
    private final int before;

    RowReader(TextTable table, TextTable.Row row, VersionFamily family, List<String> problems) {
      this.table = table;
      this.row = row;
      this.family = family;
      this.problems = problems;
      this.before = problems.size();
    }

    Segment segment() {
      Integer dbid = number("dbid", 1, Short.MAX_VALUE);
      Integer content = number("content", -1, Short.MAX_VALUE);
      Role role = code("role", Role.fromCode(cell("role")), "p or m");
      Role preferred = code("preferred_role", Role.fromCode(cell("preferred_role")), "p or m");
      SegmentMode mode = mode();
      SegmentStatus status = code("status", SegmentStatus.fromCode(cell("status")), "u or d");
      Integer port = number("port", 1, 65535);
      String hostname = text("hostname");
      String address = text("address");
      String datadir = table.indexOf("datadir") >= 0 ? dataDirectory() : null;
      Integer replicationPort = replicationPort();
      if (problems.size() > before) {
        return null;
      }
      return new Segment(
          dbid,
          content,
          role,
          preferred,
          mode,
          status,
          port,
          hostname,
          address,
          datadir,
          replicationPort);
    }

    private String cell(String column) {
      return row.cells().get(table.indexOf(column));
    }

    private void problem(String column, String expected) {
      problems.add(
          "line "
              + row.line()
              + ": "
              + column
              + " '"
              + cell(column)
              + "' is not valid: expected "
              + expected);
    }

    private Integer number(String column, int min, int max) {
      Integer value = integer(cell(column));
      if (value == null || value < min || value > max) {
        problem(column, "a whole number in " + min + ".." + max);
        return null;
      }
      return value;
    }

    private <T> T code(String column, T value, String expected) {
      if (value == null) {
        problem(column, expected);
      }
      return value;
    }

    private SegmentMode mode() {
      SegmentMode mode = SegmentMode.fromCode(cell("mode"));
      if (mode == null || !SegmentMode.validFor(family).contains(mode)) {
        String valid =
            SegmentMode.validFor(family).stream()
                .map(m -> String.valueOf(m.code()))
                .collect(Collectors.joining(", "));
        problem("mode", "one of " + valid + " (Greenplum " + family.label() + ")");
        return null;
      }
      return mode;
    }

    private String text(String column) {
      String value = cell(column);
      if (value.isEmpty() || value.chars().anyMatch(c -> Character.isWhitespace(c) || c < 0x20)) {
        problem(column, "a host name (no blanks or control characters)");
      }
      return value;
    }

    private String dataDirectory() {
      String value = emptyToNull(cell("datadir"));
      if (value != null
          && (!value.startsWith("/") || value.chars().anyMatch(Character::isISOControl))) {
        problem("datadir", "an absolute path without control characters");
      }
      return value;
    }

    private Integer replicationPort() {
      if (table.indexOf("replication_port") < 0 || cell("replication_port").isEmpty()) {
        return null;
      }
      return number("replication_port", 1, 65535);
    }

    private static String emptyToNull(String value) {
      return value.isEmpty() ? null : value;
    }
  }
}
