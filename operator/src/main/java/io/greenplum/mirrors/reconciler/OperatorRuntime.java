package io.greenplum.mirrors.reconciler;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.reconciler.Constants;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;

/** The operator process: JOSDK with the MirrorSet reconciler registered. */
public final class OperatorRuntime implements AutoCloseable {
  private final Operator operator;

  /**
   * How to run.
   *
   * @param serverSideApply patch status with server-side apply (off for the mock API server)
   * @param namespaces namespaces to watch; empty for all
   * @param busy how soon to look again while mirrors are being added
   * @param idle how soon to look again when all is well (mirrors can fail at any time)
   */
  public record Options(
      boolean serverSideApply,
      Set<String> namespaces,
      Duration busy,
      Duration idle,
      CatalogFactory catalogs,
      Clock clock) {

    public static Options defaults() {
      return new Options(
          true,
          Set.of(),
          MirrorSetReconciler.BUSY,
          MirrorSetReconciler.IDLE,
          CatalogFactory.jdbc(),
          Clock.systemUTC());
    }

    public Options withServerSideApply(boolean ssa) {
      return new Options(ssa, namespaces, busy, idle, catalogs, clock);
    }

    public Options withNamespaces(Set<String> watched) {
      return new Options(serverSideApply, watched, busy, idle, catalogs, clock);
    }

    /** How soon to look again while busy, and when idle. */
    public Options withIntervals(Duration busyInterval, Duration idleInterval) {
      return new Options(serverSideApply, namespaces, busyInterval, idleInterval, catalogs, clock);
    }

    public Options withCatalogs(CatalogFactory factory) {
      return new Options(serverSideApply, namespaces, busy, idle, factory, clock);
    }
  }

  private OperatorRuntime(Operator operator) {
    this.operator = operator;
  }

  /**
   * Registers the reconciler and starts watching; the client stays open when the operator stops.
   */
  public static OperatorRuntime start(KubernetesClient client, Options options) {
    Operator operator =
        new Operator(
            config ->
                config
                    .withKubernetesClient(client)
                    .withCloseClientOnStop(false)
                    .withUseSSAToPatchPrimaryResource(options.serverSideApply())
                    .withSSABasedCreateUpdateMatchForDependentResources(options.serverSideApply()));
    MirrorSetReconciler reconciler =
        new MirrorSetReconciler(
            client, options.catalogs(), options.clock(), options.busy(), options.idle());
    operator.register(
        reconciler,
        override ->
            override.settingNamespaces(
                options.namespaces().isEmpty()
                    ? Set.of(Constants.WATCH_ALL_NAMESPACES)
                    : options.namespaces()));
    operator.start();
    return new OperatorRuntime(operator);
  }

  @Override
  public void close() {
    operator.stop();
  }
}
