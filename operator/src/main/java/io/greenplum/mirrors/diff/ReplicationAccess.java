package io.greenplum.mirrors.diff;

/** What a primary's pg_hba.conf needs so that a mirror host may copy from it. */
public final class ReplicationAccess {
  private ReplicationAccess() {}

  /**
   * The pg_hba.conf line that lets {@code user} open replication connections from {@code address}
   * (fixtures/gp7-real/pg_hba.replication-entries.txt shows gpaddmirrors' own).
   */
  public static String hbaLine(String user, String address) {
    return hbaLine(user, address, "trust");
  }

  /**
   * The same line with an authentication method: scram-sha-256 when the mirrors connect with a
   * password (spec.replication).
   */
  public static String hbaLine(String user, String address, String method) {
    String mask = address.contains(":") ? "/128" : "/32";
    return "host replication " + user + " " + address + mask + " " + method;
  }
}
