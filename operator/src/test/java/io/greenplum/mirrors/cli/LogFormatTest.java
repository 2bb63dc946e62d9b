package io.greenplum.mirrors.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LogFormatTest {
  @Test
  void acceptsTextAndJsonInAnyCaseAndDefaultsToText() {
    assertThat(LogFormat.appender(null)).contains("text");
    assertThat(LogFormat.appender(" ")).contains("text");
    assertThat(LogFormat.appender("json")).contains("json");
    assertThat(LogFormat.appender("JSON")).contains("json");
    assertThat(LogFormat.appender(" Text ")).contains("text");
  }

  @Test
  void refusesAnythingElse() {
    assertThat(LogFormat.appender("yaml")).isEmpty();
    assertThat(LogFormat.appender("logfmt")).isEmpty();
  }
}
