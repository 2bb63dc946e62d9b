package io.greenplum.mirrors.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import io.greenplum.mirrors.api.MirrorSet;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CredentialHostsTest {
  static Map<String, String> naming(String hosts) {
    return Map.of(MirrorSet.COORDINATOR_HOSTS_ANNOTATION, hosts);
  }

  @Test
  void aPasswordGoesOnlyToAHostItsSecretNames() {
    Map<String, String> annotations = naming(" mdw.example.com, 10.20.0.10 ,,smdw ");

    assertThat(CredentialHosts.named(annotations))
        .containsExactly("mdw.example.com", "10.20.0.10", "smdw");
    assertThat(CredentialHosts.allows(annotations, "MDW.example.com")).isTrue();
    assertThat(CredentialHosts.allows(annotations, "10.20.0.10")).isTrue();
    assertThat(CredentialHosts.allows(annotations, "smdw")).isTrue();
    assertThat(CredentialHosts.allows(annotations, "mdw")).as("no suffix match").isFalse();
    assertThat(CredentialHosts.allows(annotations, "evil.example.com")).isFalse();
    assertThat(CredentialHosts.allows(annotations, "")).isFalse();
    assertThat(CredentialHosts.allows(null, "mdw")).as("no annotation: nowhere").isFalse();
    assertThat(CredentialHosts.allows(Map.of(), "mdw")).isFalse();
    assertThat(CredentialHosts.refusal("coordinator.passwordSecret names Secret s", "s", "evil"))
        .endsWith(
            "(kubectl annotate secret s greenplum.io/coordinator-hosts=evil; several hosts are"
                + " separated by commas)");
  }
}
