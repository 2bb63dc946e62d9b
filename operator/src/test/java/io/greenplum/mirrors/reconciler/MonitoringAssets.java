package io.greenplum.mirrors.reconciler;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The monitoring files in deploy/monitoring, read as Prometheus Operator would read them. */
final class MonitoringAssets {
  static final Path RULES = Path.of("../deploy/monitoring/prometheusrule.yaml");
  static final Path DASHBOARD = Path.of("../deploy/monitoring/grafana-dashboard.json");
  private static final Pattern METRIC = Pattern.compile("\\bgpmirrors_[a-z_]+");

  private MonitoringAssets() {}

  static JsonNode rules() throws IOException {
    return new ObjectMapper(new YAMLFactory()).readTree(RULES.toFile());
  }

  static JsonNode dashboard() throws IOException {
    return new ObjectMapper().readTree(DASHBOARD.toFile());
  }

  /** Every gpmirrors_* metric an alert's expression or a dashboard panel's query names. */
  static Set<String> metricsUsed() throws IOException {
    Set<String> names = new TreeSet<>();
    for (JsonNode group : rules().path("spec").path("groups")) {
      for (JsonNode rule : group.path("rules")) {
        names(rule.path("expr").asText(), names);
      }
    }
    for (JsonNode panel : dashboard().path("panels")) {
      for (JsonNode target : panel.path("targets")) {
        names(target.path("expr").asText(), names);
      }
    }
    return names;
  }

  private static void names(String expr, Set<String> into) {
    Matcher m = METRIC.matcher(expr);
    while (m.find()) {
      into.add(m.group());
    }
  }
}
