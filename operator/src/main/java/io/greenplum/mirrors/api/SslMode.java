package io.greenplum.mirrors.api;

import com.fasterxml.jackson.annotation.JsonProperty;

/** libpq's sslmode values, as the PostgreSQL JDBC driver understands them. */
public enum SslMode {
  @JsonProperty("disable")
  DISABLE("disable"),
  @JsonProperty("prefer")
  PREFER("prefer"),
  @JsonProperty("require")
  REQUIRE("require"),
  @JsonProperty("verify-ca")
  VERIFY_CA("verify-ca"),
  @JsonProperty("verify-full")
  VERIFY_FULL("verify-full");

  private final String value;

  SslMode(String value) {
    this.value = value;
  }

  /** The value as written in the manifest and passed to the driver. */
  public String value() {
    return value;
  }
}
