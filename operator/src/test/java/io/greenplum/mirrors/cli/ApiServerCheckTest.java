package io.greenplum.mirrors.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** gpmirrors run without a usable cluster: one line naming what was tried, exit 2, at once. */
class ApiServerCheckTest {
  @TempDir Path dir;

  @AfterEach
  void forgetKubeconfig() {
    System.clearProperty("kubeconfig");
  }

  private Path kubeconfig(String server) throws Exception {
    Path file = dir.resolve("config");
    Files.writeString(
        file,
        String.join(
            "\n",
            "apiVersion: v1",
            "kind: Config",
            "clusters:",
            "- name: c",
            "  cluster: {server: '" + server + "', insecure-skip-tls-verify: true}",
            "users:",
            "- name: u",
            "  user: {token: abc}",
            "contexts:",
            "- name: x",
            "  context: {cluster: c, user: u, namespace: greenplum}",
            "current-context: x",
            ""));
    return file;
  }

  @Test
  void aKubeconfigThatDoesNotExistIsNamed() {
    System.setProperty("kubeconfig", dir.resolve("nope").toString());

    assertThat(ApiServerCheck.problem())
        .hasValueSatisfying(
            p -> assertThat(p).contains("KUBECONFIG=" + dir.resolve("nope"), "no such file"));
  }

  @Test
  void anApiServerThatDoesNotAnswerIsNamedWithItsKubeconfigAndRunExitsTwo() throws Exception {
    int closed;
    try (ServerSocket socket = new ServerSocket(0)) {
      closed = socket.getLocalPort();
    }
    Path file = kubeconfig("https://127.0.0.1:" + closed);
    System.setProperty("kubeconfig", file.toString());
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();

    long start = System.nanoTime();
    int code = Main.run(new String[] {"run"}, new PrintWriter(out), new PrintWriter(err));
    System.out.printf(
        "gpmirrors run, no API server: exit %d in %d ms%n",
        code, (System.nanoTime() - start) / 1_000_000);

    assertThat(code).isEqualTo(Main.INVALID_INPUT);
    assertThat(ApiServerCheck.problem())
        .hasValueSatisfying(
            p ->
                assertThat(p)
                    .contains(
                        "cannot reach the Kubernetes API server at https://127.0.0.1:" + closed,
                        "kubeconfig " + file,
                        "connection refused",
                        "kubectl cluster-info"));
  }

  @Test
  void aServerNameThatDoesNotResolveIsSaid() throws Exception {
    System.setProperty(
        "kubeconfig", kubeconfig("https://api.gpmirrors-nowhere.invalid:6443").toString());

    assertThat(ApiServerCheck.problem())
        .hasValueSatisfying(
            p ->
                assertThat(p)
                    .contains("api.gpmirrors-nowhere.invalid", "the host name does not resolve"));
  }

  @Test
  void anApiServerThatAnswersIsFine() throws Exception {
    KubernetesMockServer server = new KubernetesMockServer(false);
    server.init();
    try {
      System.setProperty("kubeconfig", kubeconfig(server.url("/")).toString());

      assertThat(ApiServerCheck.problem()).isEmpty();
    } finally {
      server.destroy();
    }
  }
}
