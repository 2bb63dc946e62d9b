package io.greenplum.mirrors.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.postgresql.plugin.AuthenticationRequestType;

class PasswordPolicyTest {
  @Test
  void scramGoesAnywhereCleartextAndMd5OnlyToAVerifiedServerOrATrustedNetwork() {
    for (String mode : new String[] {"disable", "allow", "prefer", "require"}) {
      assertThat(PasswordPolicy.refusal(AuthenticationRequestType.SASL, mode, false)).isNull();
      assertThat(PasswordPolicy.refusal(AuthenticationRequestType.CLEARTEXT_PASSWORD, mode, false))
          .contains("cleartext password", "sslmode " + mode, "was not sent");
      assertThat(PasswordPolicy.refusal(AuthenticationRequestType.MD5_PASSWORD, mode, false))
          .contains("md5 password");
      assertThat(PasswordPolicy.refusal(AuthenticationRequestType.MD5_PASSWORD, mode, true))
          .isNull();
    }
    for (String mode : new String[] {"verify-ca", "verify-full"}) {
      assertThat(PasswordPolicy.refusal(AuthenticationRequestType.CLEARTEXT_PASSWORD, mode, false))
          .isNull();
      assertThat(PasswordPolicy.refusal(AuthenticationRequestType.MD5_PASSWORD, mode, false))
          .isNull();
    }
  }
}
