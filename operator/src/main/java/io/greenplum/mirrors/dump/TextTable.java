package io.greenplum.mirrors.dump;

import java.util.List;

/**
 * A table as psql (aligned or unaligned) or a CSV file shows it: column names and rows, each row
 * with the line it came from.
 */
public record TextTable(List<String> columns, List<Row> rows) {

  /** One data line. */
  public record Row(int line, List<String> cells) {}

  /** The position of a column, or -1. Column names are kept in lower case. */
  public int indexOf(String column) {
    return columns.indexOf(column);
  }
}
