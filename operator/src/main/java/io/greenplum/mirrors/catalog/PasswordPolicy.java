package io.greenplum.mirrors.catalog;

import org.postgresql.plugin.AuthenticationRequestType;

/**
 * Which of a server's password requests the operator answers. SCRAM (SASL) proves the password
 * without sending it, so it is answered on any connection. Cleartext sends the password itself and
 * md5 a hash that logs in as well as the password does (to any server that stores md5): both are
 * answered only where the server has proved who it is (sslmode verify-ca or verify-full), or where
 * the MirrorSet says the network is trusted ({@code spec.coordinator.trustedNetwork}). A listener
 * that an edit of {@code coordinator.host} points at therefore learns nothing it can use.
 */
final class PasswordPolicy {
  private PasswordPolicy() {}

  /**
   * Why the password is not given for {@code request}, or null when it is.
   *
   * @param sslMode the connection's sslmode
   * @param trustedNetwork the MirrorSet says the network to the server is trusted
   */
  static String refusal(AuthenticationRequestType request, String sslMode, boolean trustedNetwork) {
    if (request == AuthenticationRequestType.SASL
        || request == AuthenticationRequestType.GSS
        || trustedNetwork
        || "verify-ca".equals(sslMode)
        || "verify-full".equals(sslMode)) {
      return null;
    }
    String method =
        request == AuthenticationRequestType.CLEARTEXT_PASSWORD
            ? "cleartext password"
            : "md5 password";
    return "the server asked for "
        + method
        + " authentication on a connection whose server is not verified (sslmode "
        + sslMode
        + "): the password was not sent. Make pg_hba.conf ask for scram-sha-256, or connect with"
        + " sslMode verify-full (spec.coordinator.tls), or set spec.coordinator.trustedNetwork:"
        + " true if no one else can answer on that network";
  }
}
