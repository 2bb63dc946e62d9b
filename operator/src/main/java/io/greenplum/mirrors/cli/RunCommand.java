package io.greenplum.mirrors.cli;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.greenplum.mirrors.reconciler.OperatorRuntime;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** gpmirrors run: the operator, against the cluster of KUBECONFIG or the in-cluster config. */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = {
      "Runs the MirrorSet operator.",
      "Uses the cluster of KUBECONFIG (or the in-cluster service account) until stopped."
    })
final class RunCommand implements Callable<Integer> {
  private static final Logger LOG = LoggerFactory.getLogger(RunCommand.class);

  @Option(
      names = "--namespace",
      paramLabel = "NAMESPACE",
      split = ",",
      description = "Namespaces to watch (repeat or comma-separate); default: all.")
  private List<String> namespaces = List.of();

  @Option(
      names = "--http-port",
      defaultValue = "8080",
      description = "Port of /healthz, /readyz and /metrics (default ${DEFAULT-VALUE}; -1: none).")
  private int httpPort;

  @Option(
      names = "--leader-election-namespace",
      paramLabel = "NAMESPACE",
      defaultValue = "${env:POD_NAMESPACE}",
      description =
          "Elect a leader through the Lease gpmirrors-operator in this namespace, so that"
              + " replicas can run side by side (default: $POD_NAMESPACE; unset: no election).")
  private String leaseNamespace;

  @Override
  public Integer call() throws InterruptedException {
    Optional<String> problem = ApiServerCheck.problem();
    if (problem.isPresent()) {
      // A log line (JSON in JSON mode), no stack trace: the setup is wrong, not the operator.
      LOG.error("gpmirrors run: {}", problem.get());
      return Main.INVALID_INPUT;
    }
    Set<String> watched = new LinkedHashSet<>(namespaces);
    KubernetesClient client = OperatorRuntime.newClient(Config.autoConfigure(null));
    OperatorRuntime operator =
        OperatorRuntime.start(
            client,
            OperatorRuntime.Options.defaults()
                .withNamespaces(watched)
                .withHttpPort(httpPort)
                .withLeaderElection(
                    leaseNamespace == null || leaseNamespace.isBlank() ? null : leaseNamespace));
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  operator.close();
                  client.close();
                  stopped.countDown();
                },
                "gpmirrors-shutdown"));
    stopped.await();
    return 0;
  }
}
