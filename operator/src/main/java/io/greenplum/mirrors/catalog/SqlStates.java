package io.greenplum.mirrors.catalog;

import io.greenplum.mirrors.catalog.CatalogException.Reason;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import org.postgresql.util.PSQLException;

/** Classifies driver and server errors by SQLSTATE, keeping the server's message. */
final class SqlStates {
  private SqlStates() {}

  /**
   * The connection cannot be used any more (lost, timed out, the server shutting down or the
   * statement timeout cancelling mid-protocol): the next call opens another.
   */
  static boolean isConnectionLost(SQLException e) {
    String state = e.getSQLState() == null ? "" : e.getSQLState();
    return state.startsWith("08") || state.startsWith("57P") || e instanceof SQLTimeoutException;
  }

  /**
   * The exception for a failed call.
   *
   * @param doing what was being done, e.g. "read gp_segment_configuration"
   */
  static CatalogException classify(SQLException e, String doing, CoordinatorSettings at) {
    return classify(e, doing, at.host() + ":" + at.port());
  }

  /** As {@link #classify(SQLException, String, CoordinatorSettings)}, for any instance. */
  static CatalogException classify(SQLException e, String doing, String hostPort) {
    String state = e.getSQLState() == null ? "" : e.getSQLState();
    String server = firstLine(e.getMessage()) + detail(e);
    Reason reason;
    String hint = "";
    if (withheld(e)) {
      reason = Reason.InsecureAuthentication;
    } else if (state.startsWith("08") || e instanceof SQLTimeoutException) {
      reason = Reason.CoordinatorUnreachable;
      hint = "; retrying";
    } else if (state.equals("57P01") || state.equals("57P02") || state.equals("57P03")) {
      reason = Reason.CoordinatorRestarting;
      hint = "; retrying";
    } else if (state.equals("57014")) {
      reason = Reason.StatementTimeout;
      hint = "; the coordinator is slow or blocked, retrying";
    } else if (state.startsWith("28")) {
      reason = Reason.AuthenticationFailed;
      hint =
          "; check the user, the password in the referenced Secret, and the coordinator's"
              + " pg_hba.conf";
    } else if (state.equals("42501")) {
      reason = Reason.PermissionDenied;
      hint = "; the operator's user must be a superuser, as for gpaddmirrors";
    } else if (state.equals("42P01") || state.equals("42703") || state.equals("42883")) {
      reason = Reason.CatalogShape;
      hint = "; is this a Greenplum coordinator of a supported release?";
    } else {
      reason = Reason.QueryFailed;
    }
    return new CatalogException(
        reason, "could not " + doing + " on " + hostPort + ": " + server + hint, e);
  }

  /** The driver gave up because GuardedPassword would not send the password. */
  private static boolean withheld(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof GuardedPassword.Refused) {
        return true;
      }
    }
    return false;
  }

  /** The server's DETAIL, which says why (e.g. "FTS detected one or more segments are down"). */
  private static String detail(SQLException e) {
    if (e instanceof PSQLException p
        && p.getServerErrorMessage() != null
        && p.getServerErrorMessage().getDetail() != null) {
      return " (" + firstLine(p.getServerErrorMessage().getDetail()) + ")";
    }
    return "";
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "no message";
    }
    int end = message.indexOf('\n');
    return (end < 0 ? message : message.substring(0, end)).strip();
  }
}
