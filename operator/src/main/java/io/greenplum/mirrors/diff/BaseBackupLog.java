package io.greenplum.mirrors.diff;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a mirror pod's base backup log says: the last "N/M kB (P%)" progress line (as gpstate -e
 * reads it during recovery) and whether the primary's pg_hba.conf refused the replication
 * connection.
 *
 * @param percent the last progress percentage, or null before the first one
 * @param refusedFrom the host pg_hba.conf has no replication entry for, or null
 * @param refusedUser the user of that refused connection, or null
 * @param wrongPasswordUser the user whose password the primary did not accept, or null
 */
public record BaseBackupLog(
    Integer percent, String refusedFrom, String refusedUser, String wrongPasswordUser) {
  private static final Pattern PROGRESS = Pattern.compile("(\\d+)/(\\d+) kB \\((\\d+)%\\)");
  private static final Pattern NO_HBA_ENTRY =
      Pattern.compile(
          "no pg_hba\\.conf entry for replication connection from host \"([^\"]+)\", user"
              + " \"([^\"]+)\"");

  private static final Pattern WRONG_PASSWORD =
      Pattern.compile("password authentication failed for user \"([^\"]+)\"");

  public static BaseBackupLog parse(String log) {
    if (log == null) {
      return new BaseBackupLog(null, null, null, null);
    }
    Integer percent = null;
    Matcher progress = PROGRESS.matcher(log);
    while (progress.find()) {
      percent = Integer.parseInt(progress.group(3));
    }
    Matcher refused = NO_HBA_ENTRY.matcher(log);
    Matcher wrong = WRONG_PASSWORD.matcher(log);
    String wrongUser = wrong.find() ? wrong.group(1) : null;
    return refused.find()
        ? new BaseBackupLog(percent, refused.group(1), refused.group(2), wrongUser)
        : new BaseBackupLog(percent, null, null, wrongUser);
  }

  public boolean passwordRefused() {
    return wrongPasswordUser != null;
  }

  public boolean replicationRefused() {
    return refusedFrom != null;
  }
}
