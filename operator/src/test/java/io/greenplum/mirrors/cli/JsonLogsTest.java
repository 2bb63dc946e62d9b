package io.greenplum.mirrors.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * GPMIRRORS_LOG_FORMAT=json through the shipped logback.xml, in a JVM of its own (logback reads its
 * configuration once): each line is one JSON object a log collector reads as it is.
 */
class JsonLogsTest {
  /** Logs one line of each kind, as the operator does. */
  public static void main(String[] args) {
    Logger log = LoggerFactory.getLogger("io.greenplum.mirrors.reconciler.ActionRunner");
    MDC.put("resource.name", "prod");
    MDC.put("content", "3");
    log.info("created the pod of mirror content {} (dbid {}) on node {}", 3, 8, "sdw1");
    MDC.clear();
    log.warn(
        "{} failed for {}, will stop",
        "reconcile",
        "greenplum/prod",
        new IllegalStateException("catalog read failed\nsecond line"));
  }

  @Test
  void eachLineIsOneObjectWithTheFormattedMessageAnIsoTimeTheMdcAndTheExceptionAsOneField()
      throws Exception {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Process p =
        new ProcessBuilder(
                java.toString(),
                "-cp",
                System.getProperty("java.class.path"),
                "-D" + LogFormat.PROPERTY + "=json",
                JsonLogsTest.class.getName())
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(err).isZero();

    List<JsonNode> lines = new ArrayList<>();
    for (String line : err.strip().split("\n")) {
      lines.add(new ObjectMapper().readTree(line));
    }
    assertThat(lines).hasSize(2);
    JsonNode info = lines.get(0);
    assertThat(info.get("message").asText())
        .isEqualTo("created the pod of mirror content 3 (dbid 8) on node sdw1");
    assertThat(info.get("level").asText()).isEqualTo("INFO");
    assertThat(info.get("logger_name").asText())
        .isEqualTo("io.greenplum.mirrors.reconciler.ActionRunner");
    assertThat(info.get("thread_name").asText()).isEqualTo("main");
    assertThat(info.get("resource.name").asText()).isEqualTo("prod");
    assertThat(info.get("content").asText()).isEqualTo("3");
    assertThat(Instant.parse(info.get("@timestamp").asText())).isBefore(Instant.now());
    assertThat(info.get("@timestamp").asText()).endsWith("Z");

    JsonNode warn = lines.get(1);
    assertThat(warn.get("message").asText())
        .isEqualTo("reconcile failed for greenplum/prod, will stop");
    assertThat(warn.has("content")).as("the MDC was cleared").isFalse();
    assertThat(warn.get("stack_trace").asText())
        .startsWith("java.lang.IllegalStateException: catalog read failed\nsecond line")
        .contains("at io.greenplum.mirrors.cli.JsonLogsTest.main");
  }
}
