package io.greenplum.mirrors.catalog;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Why pg_rewind would refuse a directory, from one row of {@link
 * JdbcGreenplumCatalog#REWIND_RIGHTS}, in the words a DBA acts on
 * (operator-day2-on-real-cluster.txt sections 6 and 9: "target server needs to use either data
 * checksums or wal_log_hints = on", "permission denied for function pg_read_binary_file",
 * "permission denied to create temporary tables in database template1").
 */
final class RewindRights {
  private static final String[] FUNCTIONS = {
    "pg_ls_dir(text, boolean, boolean)",
    "pg_stat_file(text, boolean)",
    "pg_read_binary_file(text)",
    "pg_read_binary_file(text, bigint, bigint, boolean)"
  };

  private RewindRights() {}

  static String noRole(String user) {
    return "the role " + user + " that the rewind connects as does not exist on the primaries";
  }

  /** The refusal, or null when the rewind can work. */
  static String refusal(ResultSet rs, String user, boolean greenplum6) throws SQLException {
    List<String> missing = new ArrayList<>();
    if (!"on".equals(rs.getString(1)) && !"on".equals(rs.getString(2))) {
      missing.add(
          "the cluster has neither data checksums nor wal_log_hints = on: pg_rewind refuses"
              + " it (set wal_log_hints = on on every segment and restart, or recover with"
              + " recovery.mode Full)");
    }
    if (!rs.getBoolean(3) && greenplum6) {
      missing.add(
          user
              + " is not a superuser: Greenplum 6's pg_rewind reads its source as a superuser"
              + " only");
    } else if (!rs.getBoolean(3)) {
      List<String> functions = new ArrayList<>();
      for (int i = 0; i < FUNCTIONS.length; i++) {
        if (!rs.getBoolean(4 + i)) {
          functions.add(FUNCTIONS[i]);
        }
      }
      if (!functions.isEmpty()) {
        missing.add(
            user
                + " is not a superuser and lacks EXECUTE on "
                + String.join(", ", functions)
                + " in template1 (GRANT EXECUTE ON FUNCTION pg_catalog.<function> TO "
                + user
                + ", run in template1: grants in postgres do not count)");
      }
      if (!rs.getBoolean(8)) {
        missing.add(
            user
                + " lacks TEMPORARY on template1 (GRANT TEMPORARY ON DATABASE template1 TO "
                + user
                + ")");
      }
    }
    return missing.isEmpty() ? null : String.join("; ", missing);
  }
}
