package io.greenplum.mirrors.dump;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads what a DBA pastes: psql aligned output (with or without the query line, the separator and
 * the "(N rows)" footer, with or without leading spaces or borders), psql unaligned output ("|"
 * separated, header included) and CSV with a header. Lines starting with "#" are comments.
 */
public final class TextTableParser {
  private static final Pattern FOOTER = Pattern.compile("^\\((\\d+) rows?\\)$");
  private static final Pattern SEPARATOR = Pattern.compile("^[-+|= ]*-[-+|= ]*$");

  /** psql prompts and the query a DBA typed, e.g. "postgres=# select * from ...;". */
  private static final Pattern QUERY_OR_PROMPT =
      Pattern.compile("(?i)^(\\w[\\w.-]*[=\\-(]?[#>]\\s*)?((select|table|with)\\b.*|\\\\\\S.*)?$");

  private enum State {
    BEFORE_HEADER,
    AFTER_HEADER,
    ROWS,
    AFTER_FOOTER,
    /** No header where one belongs: not a table; one problem says what it looks like instead. */
    NOT_A_TABLE
  }

  /** A line of a Greenplum utility's log, e.g. "20261124:02:53:57:027729 gpstate:vm:gpadmin-". */
  private static final Pattern UTILITY_LOG =
      Pattern.compile("^\\d{8}:\\d{2}:\\d{2}:\\d{2}:\\d+ (\\w+):");

  private static final Pattern EXPANDED = Pattern.compile("^-\\[ RECORD \\d+ \\]");

  /** What {@link #looksLike} says of a line of no kind it knows. */
  private static final String NO_KNOWN_KIND = "this is not a table";

  private static final Pattern ADD_MIRRORS_FILE =
      Pattern.compile("^(filespaceOrder=|mirror\\d+=|\\d+\\|[^|]+\\|\\d+\\|)");

  private final List<String> problems = new ArrayList<>();
  private final List<TextTable.Row> rows = new ArrayList<>();
  private List<String> columns = List.of();
  private char delimiter;
  private boolean bordered;
  private State state = State.BEFORE_HEADER;

  private TextTableParser() {}

  /**
   * Parses one table.
   *
   * @param expectedHeader an example header for messages, e.g. "dbid | content | role | ..."
   */
  public static TextTable parse(String text, String expectedHeader) throws DumpFormatException {
    TextTableParser parser = new TextTableParser();
    String[] lines = text.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      parser.accept(i + 1, lines[i].strip(), expectedHeader);
    }
    if (parser.state == State.BEFORE_HEADER && parser.problems.isEmpty()) {
      parser.problems.add("no table found: expected a header line like '" + expectedHeader + "'");
    }
    if (!parser.problems.isEmpty()) {
      throw new DumpFormatException(parser.problems);
    }
    return new TextTable(parser.columns, List.copyOf(parser.rows));
  }

  private void accept(int line, String text, String expectedHeader) {
    if (text.isEmpty() || text.startsWith("#")) {
      return;
    }
    switch (state) {
      case BEFORE_HEADER -> header(line, text, expectedHeader);
      case AFTER_HEADER -> {
        state = State.ROWS;
        if (delimiter != '|' || !SEPARATOR.matcher(text).matches()) {
          row(line, text);
        }
      }
      case ROWS -> row(line, text);
      case NOT_A_TABLE -> {}
      case AFTER_FOOTER -> {
        if (!QUERY_OR_PROMPT.matcher(text).matches()) {
          problems.add("line " + line + ": unexpected text after the row count: '" + text + "'");
        }
      }
      default -> throw new IllegalStateException(state.name());
    }
  }

  private void header(int line, String text, String expectedHeader) {
    if (QUERY_OR_PROMPT.matcher(text).matches() || SEPARATOR.matcher(text).matches()) {
      return;
    }
    String kind = looksLike(text);
    boolean other = !kind.equals(NO_KNOWN_KIND);
    if (!other && text.indexOf('|') >= 0) {
      delimiter = '|';
      bordered = text.startsWith("|") && text.endsWith("|") && text.length() > 1;
    } else if (!other && text.indexOf(',') >= 0) {
      delimiter = ',';
    } else {
      problems.add(
          "line "
              + line
              + ": "
              + kind
              + "; expected psql output with a header line like '"
              + expectedHeader
              + "', found '"
              + text
              + "'");
      state = State.NOT_A_TABLE;
      return;
    }
    List<String> names = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (String cell : split(text)) {
      String name = cell.toLowerCase(Locale.ROOT);
      if (name.isEmpty() || !seen.add(name)) {
        problems.add(
            "line " + line + ": column names must be non-empty and distinct, found '" + text + "'");
        break;
      }
      names.add(name);
    }
    columns = List.copyOf(names);
    state = State.AFTER_HEADER;
  }

  /** What a line that is not a table's header looks like, as far as it can be told. */
  private static String looksLike(String text) {
    Matcher log = UTILITY_LOG.matcher(text);
    if (log.find()) {
      return "this is the log of the Greenplum utility "
          + log.group(1)
          + ", not a table (run the query in psql instead)";
    }
    if (EXPANDED.matcher(text).find()) {
      return "this is psql's expanded output (\\x): run the query with \\x off";
    }
    if (ADD_MIRRORS_FILE.matcher(text).find()) {
      return "this looks like a gpaddmirrors configuration file (give it to --mirrors-file)";
    }
    return NO_KNOWN_KIND;
  }

  private void row(int line, String text) {
    if (bordered && SEPARATOR.matcher(text).matches()) {
      return;
    }
    Matcher footer = FOOTER.matcher(text);
    if (footer.matches()) {
      int said = Integer.parseInt(footer.group(1));
      if (said != rows.size()) {
        problems.add(
            "line "
                + line
                + ": psql says ("
                + said
                + " rows) but "
                + rows.size()
                + " rows were read: is a line missing or cut?");
      }
      state = State.AFTER_FOOTER;
      return;
    }
    List<String> cells = split(text);
    if (cells.size() != columns.size()) {
      problems.add(
          "line "
              + line
              + ": expected "
              + columns.size()
              + " fields separated by '"
              + delimiter
              + "' ("
              + String.join(", ", columns)
              + "), found "
              + cells.size());
      return;
    }
    rows.add(new TextTable.Row(line, cells));
  }

  private List<String> split(String text) {
    if (delimiter == ',') {
      return splitCsv(text);
    }
    String body = bordered ? text.substring(1, text.length() - 1) : text;
    List<String> cells = new ArrayList<>();
    for (String cell : body.split("\\|", -1)) {
      cells.add(cell.strip());
    }
    return cells;
  }

  private static List<String> splitCsv(String text) {
    List<String> cells = new ArrayList<>();
    StringBuilder cell = new StringBuilder();
    boolean quoted = false;
    int i = 0;
    while (i < text.length()) {
      char c = text.charAt(i++);
      if (quoted && c == '"' && i < text.length() && text.charAt(i) == '"') {
        cell.append('"');
        i++;
      } else if (c == '"') {
        quoted = !quoted;
      } else if (c == ',' && !quoted) {
        cells.add(cell.toString().strip());
        cell.setLength(0);
      } else {
        cell.append(c);
      }
    }
    cells.add(cell.toString().strip());
    return cells;
  }
}
