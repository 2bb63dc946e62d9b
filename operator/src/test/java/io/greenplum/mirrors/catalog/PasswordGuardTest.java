package io.greenplum.mirrors.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.greenplum.mirrors.catalog.PasswordListener.Ask;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Issue 23 (5): a server that asks for the password in cleartext or as md5, on a connection whose
 * server is not verified, never gets it. The listener records what the driver sends.
 */
class PasswordGuardTest {
  static final String PASSWORD = "s3cret-do-not-send";

  static CoordinatorSettings settings(int port, String sslMode, boolean trustedNetwork) {
    return new CoordinatorSettings(
        "127.0.0.1",
        port,
        "postgres",
        "gpadmin",
        PASSWORD,
        sslMode,
        Duration.ofSeconds(3),
        Duration.ofSeconds(3),
        Duration.ofSeconds(3),
        null,
        trustedNetwork);
  }

  @ParameterizedTest
  @CsvSource({"CLEARTEXT, prefer", "MD5, prefer", "CLEARTEXT, disable", "MD5, allow"})
  void aListenerAskingForAPasswordOnAnUnverifiedConnectionIsNotSentIt(Ask ask, String sslMode)
      throws Exception {
    try (PasswordListener listener = new PasswordListener(ask)) {
      CoordinatorSettings to = settings(listener.port(), sslMode, false);

      CatalogException e =
          catchThrowableOfType(
              CatalogException.class, () -> new JdbcGreenplumCatalog(to).version());

      assertThat(listener.connections()).as("the listener was reached").isPositive();
      assertThat(e.reason()).isEqualTo(CatalogException.Reason.InsecureAuthentication);
      assertThat(e.isTransient()).isFalse();
      assertThat(e.getMessage())
          .contains("the password was not sent", "sslmode " + sslMode)
          .doesNotContain(PASSWORD);
      assertThat(listener.received())
          .as("no password message ('p') reached the listener")
          .doesNotContain(PASSWORD)
          .doesNotContain("md5");
    }
  }

  @ParameterizedTest
  @EnumSource(Ask.class)
  void onANetworkTheMirrorSetCallsTrustedTheServerIsAnswered(Ask ask) throws Exception {
    try (PasswordListener listener = new PasswordListener(ask)) {
      CoordinatorSettings to = settings(listener.port(), "prefer", true);

      catchThrowableOfType(CatalogException.class, () -> new JdbcGreenplumCatalog(to).version());

      // The listener would have been sent the password: what the guard prevents above.
      assertThat(listener.received()).contains(ask == Ask.CLEARTEXT ? PASSWORD : "md5");
    }
  }
}
