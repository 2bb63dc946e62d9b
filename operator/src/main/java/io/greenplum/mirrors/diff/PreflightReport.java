package io.greenplum.mirrors.diff;

import io.greenplum.mirrors.model.GreenplumVersion;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a preflight pod found on its mirror host (the lines of scripts/preflight.sh), and what it
 * means for this cluster: each problem a sentence naming the host, the primary and the fix.
 *
 * @param postgres the first line of {@code postgres --gp-version}, or null when missing
 * @param baseBackup the first line of {@code pg_basebackup --version}, or null when missing
 * @param psql false when the image has no psql (the check itself could not run)
 * @param primaries one line per primary the host copies from
 */
public record PreflightReport(
    String postgres, String baseBackup, boolean psql, List<Primary> primaries) {
  private static final Pattern RELEASE =
      Pattern.compile("\\((Greenplum Database|Apache Cloudberry|Cloudberry Database)\\) (\\d+)");

  /**
   * One primary's answer to a replication connection.
   *
   * @param error null when it accepted the connection
   */
  public record Primary(int content, String hostPort, String error) {}

  public PreflightReport {
    primaries = List.copyOf(primaries);
  }

  /** Reads the pod's termination message; unknown lines are ignored. */
  public static PreflightReport parse(String message) {
    String postgres = null;
    String baseBackup = null;
    boolean psql = true;
    List<Primary> primaries = new ArrayList<>();
    for (String line : message == null ? new String[0] : message.split("\n")) {
      String[] f = line.strip().split(" ", 4);
      switch (f[0]) {
        case "postgres" -> postgres = rest(line, "postgres");
        case "pg_basebackup" -> baseBackup = rest(line, "pg_basebackup");
        case "psql" -> psql = false;
        case "ok" -> {
          if (f.length >= 3) {
            primaries.add(new Primary(Integer.parseInt(f[1]), f[2], null));
          }
        }
        case "refused" -> {
          if (f.length >= 3) {
            primaries.add(
                new Primary(Integer.parseInt(f[1]), f[2], f.length == 4 ? f[3] : "no answer"));
          }
        }
        default -> {}
      }
    }
    return new PreflightReport(postgres, baseBackup, psql, primaries);
  }

  private static String rest(String line, String name) {
    String value = line.strip().substring(name.length()).strip();
    return value.equals("missing") ? null : value;
  }

  /**
   * Every reason this host cannot build its mirrors, each with the fix; empty when it can.
   *
   * @param host the mirror host the pod ran on
   * @param image the image it ran
   * @param user the user the base backups connect as
   */
  public List<String> problems(GreenplumVersion cluster, String host, String image, String user) {
    List<String> problems = new ArrayList<>();
    if (postgres == null) {
      problems.add(imageLacks(image, host, "postgres", cluster));
    } else if (!sameRelease(cluster)) {
      problems.add(
          "image "
              + image
              + " on "
              + host
              + " carries "
              + postgres
              + " but the cluster runs "
              + cluster
              + ": set spec.template.image to an image of "
              + cluster.product()
              + " "
              + cluster.major());
    }
    if (baseBackup == null) {
      problems.add(imageLacks(image, host, "pg_basebackup", cluster));
    }
    if (!psql) {
      problems.add(imageLacks(image, host, "psql", cluster));
    }
    for (Primary p : primaries) {
      if (p.error() != null) {
        problems.add(refused(p, host, user));
      }
    }
    return problems;
  }

  private boolean sameRelease(GreenplumVersion cluster) {
    Matcher m = RELEASE.matcher(postgres);
    if (!m.find()) {
      return false;
    }
    boolean greenplum = m.group(1).equals("Greenplum Database");
    return greenplum == cluster.product().equals("Greenplum Database")
        && Integer.parseInt(m.group(2)) == cluster.major();
  }

  private static String imageLacks(
      String image, String host, String tool, GreenplumVersion cluster) {
    return "image "
        + image
        + " on "
        + host
        + " has no "
        + tool
        + ": set spec.template.image to a "
        + cluster
        + " image (postgres, pg_basebackup and psql on its PATH)";
  }

  private static String refused(Primary p, String host, String user) {
    BaseBackupLog log = BaseBackupLog.parse(p.error());
    String primary = "the primary of content " + p.content() + " (" + p.hostPort() + ")";
    if (log.replicationRefused()) {
      return primary
          + " refuses replication from "
          + host
          + ": add '"
          + ReplicationAccess.hbaLine(log.refusedUser(), log.refusedFrom())
          + "' to its pg_hba.conf and reload it (gpstop -u)";
    }
    return host
        + " cannot open a replication connection to "
        + primary
        + " as "
        + user
        + ": "
        + p.error();
  }
}
