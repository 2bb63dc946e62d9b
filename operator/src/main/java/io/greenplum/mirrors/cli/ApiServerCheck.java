package io.greenplum.mirrors.cli;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.Utils;
import io.greenplum.mirrors.reconciler.OperatorRuntime;
import java.io.File;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Before the operator starts: the kubeconfig named exists and the API server answers, so that a
 * wrong setup is one line naming what was tried (not 20 s of retries and a stack trace).
 */
final class ApiServerCheck {
  /** How long the API server has to answer /version. */
  static final int TIMEOUT_MS = 5_000;

  private ApiServerCheck() {}

  /**
   * What keeps the operator from its API server, or empty. {@code kubeconfig} is what fabric8
   * reads: the system property {@code kubeconfig}, else $KUBECONFIG.
   */
  static Optional<String> problem() {
    String named = Utils.getSystemPropertyOrEnvVar(Config.KUBERNETES_KUBECONFIG_FILE);
    if (named != null && !named.isBlank()) {
      List<String> files = Arrays.asList(named.split(File.pathSeparator));
      if (files.stream().noneMatch(f -> new File(f).isFile())) {
        return Optional.of(
            "KUBECONFIG="
                + named
                + ": no such file. Name a kubeconfig (kubectl config view --raw > FILE), or unset"
                + " KUBECONFIG to use ~/.kube/config or the pod's service account");
      }
    }
    Config config = Config.autoConfigure(null);
    String server = config.getMasterUrl();
    String from = source(config);
    Config quick =
        new ConfigBuilder(config)
            .withConnectionTimeout(TIMEOUT_MS)
            .withRequestTimeout(TIMEOUT_MS)
            .withRequestRetryBackoffLimit(0)
            .build();
    try (KubernetesClient client = OperatorRuntime.newClient(quick)) {
      client.getKubernetesVersion();
      return Optional.empty();
    } catch (KubernetesClientException e) {
      if (e.getCode() == 401) {
        return Optional.of(
            "the Kubernetes API server at "
                + server
                + " ("
                + from
                + ") refused the credentials (401): check the kubeconfig's user or the token");
      }
      if (e.getCode() > 0) {
        return Optional.empty(); // it answered: what it refuses is reported where it matters
      }
      return Optional.of(
          "cannot reach the Kubernetes API server at "
              + server
              + " ("
              + from
              + ") within "
              + TIMEOUT_MS / 1000
              + " s: "
              + rootCause(e)
              + ". Check the server address and that it is up (kubectl cluster-info)");
    }
  }

  private static String source(Config config) {
    File file = config.getFile();
    if (file != null) {
      return "kubeconfig " + file;
    }
    return Utils.getSystemPropertyOrEnvVar("KUBERNETES_SERVICE_HOST") != null
        ? "the pod's service account"
        : "no kubeconfig found: fabric8's default";
  }

  /** What the connection's failure means: the most telling cause in its chain. */
  private static String rootCause(Throwable e) {
    List<Throwable> chain = new java.util.ArrayList<>();
    for (Throwable c = e; c != null && !chain.contains(c); c = c.getCause()) {
      chain.add(c);
    }
    if (any(
        chain,
        java.nio.channels.UnresolvedAddressException.class,
        java.net.UnknownHostException.class)) {
      return "the host name does not resolve";
    }
    if (any(
        chain, java.net.http.HttpTimeoutException.class, java.net.SocketTimeoutException.class)) {
      return "no answer";
    }
    for (Throwable c : chain) {
      if (c instanceof javax.net.ssl.SSLException) {
        return "TLS failed (" + c.getMessage() + ")";
      }
    }
    if (any(
        chain, java.net.ConnectException.class, java.nio.channels.ClosedChannelException.class)) {
      return "connection refused";
    }
    Throwable last = chain.get(chain.size() - 1);
    return last.getClass().getSimpleName()
        + (last.getMessage() == null ? "" : " (" + last.getMessage() + ")");
  }

  private static boolean any(List<Throwable> chain, Class<?>... kinds) {
    return chain.stream().anyMatch(c -> Arrays.stream(kinds).anyMatch(k -> k.isInstance(c)));
  }
}
