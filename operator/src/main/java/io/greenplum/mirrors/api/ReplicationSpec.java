package io.greenplum.mirrors.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/**
 * The role the mirror pods copy and stream as, instead of the coordinator user without a password
 * (which needs a {@code trust} replication entry for it in every primary's pg_hba.conf).
 */
public class ReplicationSpec {
  @Required
  @Size(min = 1, max = 63)
  @JsonPropertyDescription(
      "Role with the REPLICATION attribute (need not be a superuser) that pg_basebackup and the"
          + " mirrors' walreceiver connect as. A rebalance's pg_rewind connects as it too: grant it"
          + " EXECUTE on pg_ls_dir, pg_stat_file, pg_read_binary_file or use a superuser.")
  private String user;

  @Required
  @JsonPropertyDescription(
      "Secret key holding the role's password. The Secret must carry the label"
          + " greenplum.io/mirrorset-credentials: \"true\" and name spec.coordinator.host in its"
          + " annotation greenplum.io/coordinator-hosts. The init container receives it in an"
          + " environment variable and writes a 0600 password file next to the data directory.")
  private SecretKeyRef passwordSecret;

  public String getUser() {
    return user;
  }

  public void setUser(String user) {
    this.user = user;
  }

  public SecretKeyRef getPasswordSecret() {
    return passwordSecret;
  }

  public void setPasswordSecret(SecretKeyRef passwordSecret) {
    this.passwordSecret = passwordSecret;
  }
}
