package io.greenplum.mirrors.catalog;

import java.util.Properties;
import org.postgresql.plugin.AuthenticationPlugin;
import org.postgresql.plugin.AuthenticationRequestType;
import org.postgresql.util.PSQLException;
import org.postgresql.util.PSQLState;

/**
 * The driver's source of the password (pgjdbc's {@code authenticationPluginClassName}): it gives
 * the password only for the requests {@link PasswordPolicy} allows, and refuses the others before a
 * byte of it is sent. The driver makes one per connection from the connection's properties.
 */
public final class GuardedPassword implements AuthenticationPlugin {
  /** The driver property that says the network to the server is trusted ("true"). */
  static final String TRUSTED_NETWORK = "gpmirrors.trustedNetwork";

  private final String password;
  private final String sslMode;
  private final boolean trustedNetwork;

  public GuardedPassword(Properties info) {
    this.password = info.getProperty("password");
    this.sslMode = info.getProperty("sslmode", "prefer");
    this.trustedNetwork = "true".equals(info.getProperty(TRUSTED_NETWORK));
  }

  @Override
  public char[] getPassword(AuthenticationRequestType type) throws PSQLException {
    String refused = PasswordPolicy.refusal(type, sslMode, trustedNetwork);
    if (refused != null) {
      throw new PSQLException(refused, PSQLState.INVALID_PASSWORD, new Refused());
    }
    return password == null ? null : password.toCharArray();
  }

  /** Marks a connection the operator gave up because it would not send the password. */
  static final class Refused extends Exception {
    private static final long serialVersionUID = 1L;

    Refused() {
      super("password withheld", null, false, false);
    }
  }
}
