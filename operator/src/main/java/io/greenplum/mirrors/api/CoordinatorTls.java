package io.greenplum.mirrors.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.ValidationRule;

/**
 * The CA that signed the coordinator's server certificate: with it the operator verifies the
 * coordinator (sslMode defaults to verify-full) before it sends the password.
 */
@ValidationRule(
    value = "has(self.caSecret) != has(self.caConfigMap)",
    message = "give the CA in exactly one of caSecret and caConfigMap")
public class CoordinatorTls {
  @JsonPropertyDescription(
      "Secret key holding the PEM CA certificate (the Secret needs the label"
          + " greenplum.io/mirrorset-credentials: \"true\").")
  private SecretKeyRef caSecret;

  @JsonPropertyDescription(
      "ConfigMap key holding the PEM CA certificate (the ConfigMap needs the label"
          + " greenplum.io/mirrorset-credentials: \"true\": a CA decides which server gets the"
          + " password).")
  private ConfigMapKeyRef caConfigMap;

  public SecretKeyRef getCaSecret() {
    return caSecret;
  }

  public void setCaSecret(SecretKeyRef caSecret) {
    this.caSecret = caSecret;
  }

  public ConfigMapKeyRef getCaConfigMap() {
    return caConfigMap;
  }

  public void setCaConfigMap(ConfigMapKeyRef caConfigMap) {
    this.caConfigMap = caConfigMap;
  }
}
