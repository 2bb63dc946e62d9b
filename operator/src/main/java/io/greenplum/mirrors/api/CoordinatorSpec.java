package io.greenplum.mirrors.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/** How the operator reaches the Greenplum coordinator over JDBC. */
public class CoordinatorSpec {
  @Required
  @JsonPropertyDescription("Host name or address of the Greenplum coordinator.")
  @Size(max = Formats.MAX_HOST)
  @Pattern(Formats.HOST)
  private String host;

  @Min(1)
  @Max(65535)
  @Default("5432")
  @JsonPropertyDescription("Coordinator port.")
  private Integer port = 5432;

  @Default("postgres")
  @JsonPropertyDescription("Database to connect to; any database works, the catalog is shared.")
  private String database = "postgres";

  @Default("gpadmin")
  @JsonPropertyDescription("Superuser the operator connects as (gp_add_segment needs one).")
  private String user = "gpadmin";

  @Required
  @JsonPropertyDescription(
      "Secret key holding the user's password. The Secret needs the label"
          + " greenplum.io/mirrorset-credentials: \"true\" and names, in its annotation"
          + " greenplum.io/coordinator-hosts, the hosts its password may go to. Never logged or"
          + " shown in status.")
  private SecretKeyRef passwordSecret;

  @JsonPropertyDescription(
      "libpq sslmode: disable, prefer, require, verify-ca or verify-full; default: verify-full"
          + " with tls, prefer without.")
  private SslMode sslMode;

  @JsonPropertyDescription(
      "The CA of the coordinator's server certificate, from a Secret or a ConfigMap.")
  private CoordinatorTls tls;

  @JsonPropertyDescription(
      "Say true only if no one else can answer on the network to the coordinator: sslMode"
          + " disable is then accepted, and md5 or cleartext password requests are answered"
          + " without a verified server. Default false: the password is sent only by SCRAM, or"
          + " to a server verified by sslMode verify-ca or verify-full.")
  private Boolean trustedNetwork;

  public Boolean getTrustedNetwork() {
    return trustedNetwork;
  }

  public void setTrustedNetwork(Boolean trustedNetwork) {
    this.trustedNetwork = trustedNetwork;
  }

  public String getHost() {
    return host;
  }

  public void setHost(String host) {
    this.host = host;
  }

  public Integer getPort() {
    return port;
  }

  public void setPort(Integer port) {
    this.port = port;
  }

  public String getDatabase() {
    return database;
  }

  public void setDatabase(String database) {
    this.database = database;
  }

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

  public CoordinatorTls getTls() {
    return tls;
  }

  public void setTls(CoordinatorTls tls) {
    this.tls = tls;
  }

  public SslMode getSslMode() {
    return sslMode;
  }

  public void setSslMode(SslMode sslMode) {
    this.sslMode = sslMode;
  }
}
