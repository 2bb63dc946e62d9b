package io.greenplum.mirrors.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * deploy/monitoring is valid for the Prometheus Operator: a PrometheusRule whose every alert has an
 * expression, a duration, a severity, a description and a runbook step; a PodMonitor on the
 * operator's port. OperatorEndpointsIT checks the metrics the alerts use against a real scrape.
 */
class MonitoringAssetsTest {
  @Test
  void theRulesArePrometheusRulesADbaCanActOn() throws Exception {
    JsonNode rules = MonitoringAssets.rules();

    assertThat(rules.path("apiVersion").asText()).isEqualTo("monitoring.coreos.com/v1");
    assertThat(rules.path("kind").asText()).isEqualTo("PrometheusRule");
    JsonNode all = rules.path("spec").path("groups").get(0).path("rules");
    assertThat(all).hasSizeGreaterThanOrEqualTo(6);
    for (JsonNode rule : all) {
      String alert = rule.path("alert").asText();
      assertThat(alert).as("alert name").matches("[A-Z][A-Za-z]+");
      assertThat(rule.path("expr").asText()).as(alert).contains("gpmirrors_");
      assertThat(rule.path("for").asText()).as(alert).matches("[0-9]+[smh]");
      assertThat(rule.path("labels").path("severity").asText())
          .as(alert)
          .isIn("critical", "warning");
      assertThat(rule.path("annotations").path("description").asText()).as(alert).isNotBlank();
      assertThat(rule.path("annotations").path("runbook").asText()).as(alert).isNotBlank();
    }
    assertThat(MonitoringAssets.metricsUsed())
        .contains("gpmirrors_mirror_state", "gpmirrors_mirror_acting_as_primary");
  }

  @Test
  void theDashboardQueriesTheOperatorsMetricsPerMirrorSet() throws Exception {
    JsonNode dashboard = MonitoringAssets.dashboard();

    assertThat(dashboard.path("uid").asText()).isEqualTo("gpmirrors");
    assertThat(dashboard.path("templating").path("list"))
        .extracting(v -> v.path("name").asText())
        .containsExactly("datasource", "namespace", "mirrorset");
    assertThat(dashboard.path("panels")).hasSizeGreaterThanOrEqualTo(8);
    for (JsonNode panel : dashboard.path("panels")) {
      assertThat(panel.path("targets")).as(panel.path("title").asText()).isNotEmpty();
      assertThat(panel.path("gridPos").path("w").asInt()).isBetween(1, 24);
    }
    assertThat(MonitoringAssets.metricsUsed())
        .contains("gpmirrors_mirror_bytes_behind", "gpmirrors_mirror_copy_percent");
  }

  @Test
  void thePodMonitorScrapesTheOperatorsHttpPort() throws Exception {
    JsonNode monitor =
        new ObjectMapper(new YAMLFactory())
            .readTree(Path.of("../deploy/monitoring/podmonitor.yaml").toFile());

    assertThat(monitor.path("kind").asText()).isEqualTo("PodMonitor");
    assertThat(monitor.path("spec").path("podMetricsEndpoints").get(0).path("port").asText())
        .isEqualTo("http");
    assertThat(
            monitor
                .path("spec")
                .path("selector")
                .path("matchLabels")
                .path("app.kubernetes.io/name")
                .asText())
        .isEqualTo("gpmirrors-operator");
  }
}
