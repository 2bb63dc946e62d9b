package io.greenplum.mirrors.reconciler;

import static io.greenplum.mirrors.reconciler.TestKubernetes.NAMESPACE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.greenplum.mirrors.TestClusters;
import io.greenplum.mirrors.TestMirrorSets;
import io.greenplum.mirrors.api.MirrorSet;
import io.greenplum.mirrors.emulation.EmbeddedGreenplum;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** /healthz, /readyz, /metrics and Kubernetes Events of an operator running on the mock server. */
@EnableKubernetesMockClient(crud = true)
class OperatorEndpointsIT {
  @RegisterExtension static final EmbeddedGreenplum GP = EmbeddedGreenplum.gp7();
  KubernetesClient client;
  KubernetesMockServer server;

  @Test
  void servesHealthReadinessMetricsAndRecordsEvents() throws Exception {
    GP.load(TestClusters.gp7(2, 2));
    TestKubernetes.prepare(client, GP.password(), "sdw1", "sdw2");
    try (PreflightKubelet kubelet = PreflightKubelet.start(client);
        OperatorRuntime operator =
            OperatorRuntime.start(
                client,
                OperatorRuntime.Options.defaults()
                    .withIntervals(Duration.ofMillis(200), Duration.ofMillis(500))
                    .withHttpPort(0))) {
      client
          .resource(
              TestMirrorSetResources.mirrorSet(
                  "watched", TestMirrorSets.group().build(), GP.coordinatorSpec()))
          .create();
      await()
          .atMost(Duration.ofSeconds(20))
          .until(() -> TestKubernetes.mirrorPods(client).size() == 4);

      HttpClient http = HttpClient.newHttpClient();
      String base = "http://127.0.0.1:" + operator.httpPort();
      assertThat(get(http, base + "/healthz")).isEqualTo("200 ok");
      assertThat(get(http, base + "/readyz")).isEqualTo("200 ok");
      String metrics =
          await()
              .atMost(Duration.ofSeconds(10))
              .until(() -> get(http, base + "/metrics"), m -> m.contains("gpmirrors_mirrors"));
      assertThat(metrics)
          .contains(
              "gpmirrors_mirrors{mirrorset=\"watched\",namespace=\"greenplum\",state=\"desired\"} 4.0")
          .contains("gpmirrors_reconcile_duration_seconds_count")
          .contains("operator_sdk");
      assertThat(
              await()
                  .atMost(Duration.ofSeconds(10))
                  .until(
                      () -> get(http, base + "/metrics"),
                      m -> m.contains("gpmirrors_mirror_state{content=\"3\"")))
          .contains("gpmirrors_mirror_bytes_behind{content=\"0\"")
          .contains("gpmirrors_mirror_copy_percent{content=\"0\"")
          .contains("gpmirrors_mirror_replay_lag_seconds{content=\"0\"")
          .contains("gpmirrors_mirror_seconds_since_in_sync{content=\"0\"")
          .contains("gpmirrors_mirror_acting_as_primary{content=\"0\"")
          .contains("gpmirrors_mirrorset_degraded{mirrorset=\"watched\"");
      assertThat(MonitoringAssets.metricsUsed())
          .as("every metric an alert or a dashboard panel uses is exported")
          .isNotEmpty()
          .allSatisfy(name -> assertThat(metrics(http, base)).contains("\n" + name));
      assertThat(client.v1().events().inNamespace(NAMESPACE).list().getItems())
          .extracting(Event::getReason)
          .contains("MirrorsRegistered", "MirrorPodCreated");

      client.resources(MirrorSet.class).inNamespace(NAMESPACE).withName("watched").delete();
      await("a deleted MirrorSet's gauges go")
          .atMost(Duration.ofSeconds(10))
          .until(() -> get(http, base + "/metrics"), m -> !m.contains("mirrorset=\"watched\""));
    }
  }

  /** The scrape's sample lines (with a leading newline, so that names match from their start). */
  private static String metrics(HttpClient http, String base) throws Exception {
    return "\n" + get(http, base + "/metrics");
  }

  private static String get(HttpClient http, String url) throws Exception {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    return response.statusCode()
        + (url.endsWith("/metrics") ? "\n" + response.body() : " " + response.body());
  }
}
