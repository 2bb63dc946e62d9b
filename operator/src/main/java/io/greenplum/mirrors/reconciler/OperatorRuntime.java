package io.greenplum.mirrors.reconciler;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.fabric8.kubernetes.client.http.HttpClient;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfigurationBuilder;
import io.javaoperatorsdk.operator.api.reconciler.Constants;
import io.javaoperatorsdk.operator.monitoring.micrometer.MicrometerMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The operator process: JOSDK with the MirrorSet reconciler registered. */
public final class OperatorRuntime implements AutoCloseable {
  /** The name of the leader election Lease. */
  public static final String LEASE = "gpmirrors-operator";

  private static final Logger LOG = LoggerFactory.getLogger(OperatorRuntime.class);

  /** The User-Agent of the operator's API calls, so that audit logs and tests can tell them. */
  public static final String USER_AGENT = "gpmirrors-operator";

  private final Operator operator;
  private final KubernetesClient client;
  private final LeaderElection election;
  private final LeaderFence fence;
  private final MirrorSetReconciler reconciler;
  private final OperatorHttpServer http;

  /**
   * How to run.
   *
   * @param namespaces namespaces to watch; empty for all
   * @param busy how soon to look again while mirrors are being added
   * @param idle how soon to look again when all is well (mirrors can fail at any time)
   * @param httpPort port of /healthz, /readyz and /metrics; 0 for any free port, -1 for none
   * @param leaderElection where and as whom to elect a leader; null runs without election
   */
  public record Options(
      Set<String> namespaces,
      Duration busy,
      Duration idle,
      CatalogFactory catalogs,
      Clock clock,
      int httpPort,
      LeaderElection leaderElection) {

    public static Options defaults() {
      return new Options(
          Set.of(),
          MirrorSetReconciler.BUSY,
          MirrorSetReconciler.IDLE,
          CatalogFactory.jdbc(),
          Clock.systemUTC(),
          -1,
          null);
    }

    /** Serve /healthz, /readyz and /metrics on this port (0: any free port). */
    public Options withHttpPort(int port) {
      return new Options(namespaces, busy, idle, catalogs, clock, port, leaderElection);
    }

    /** Elect a leader through the Lease gpmirrors-operator in this namespace (null: do not). */
    public Options withLeaderElection(String namespace) {
      return withLeaderElection(namespace == null ? null : new LeaderElection(namespace, null));
    }

    /** Elect a leader as {@code election} says (null: do not). */
    public Options withLeaderElection(LeaderElection election) {
      return new Options(namespaces, busy, idle, catalogs, clock, httpPort, election);
    }

    public Options withNamespaces(Set<String> watched) {
      return new Options(watched, busy, idle, catalogs, clock, httpPort, leaderElection);
    }

    /** How soon to look again while busy, and when idle. */
    public Options withIntervals(Duration busyInterval, Duration idleInterval) {
      return new Options(
          namespaces, busyInterval, idleInterval, catalogs, clock, httpPort, leaderElection);
    }

    public Options withCatalogs(CatalogFactory factory) {
      return new Options(namespaces, busy, idle, factory, clock, httpPort, leaderElection);
    }
  }

  /** A client for the operator: {@code config} with the operator's User-Agent. */
  public static KubernetesClient newClient(Config config) {
    return newClient(config, null);
  }

  /** As above, over {@code http} (null: the default, fabric8's JDK client). */
  public static KubernetesClient newClient(Config config, HttpClient.Factory http) {
    KubernetesClientBuilder builder =
        new KubernetesClientBuilder()
            .withConfig(new ConfigBuilder(config).withUserAgent(USER_AGENT).build());
    return (http == null ? builder : builder.withHttpClientFactory(http)).build();
  }

  /**
   * Leader election through the Lease {@value #LEASE}.
   *
   * @param namespace the Lease's namespace (the operator's own)
   * @param identity this replica's name in the Lease; null: $HOSTNAME (the pod's name), else random
   * @param onLost what to do once the Lease is lost (after the last write was refused)
   */
  public record LeaderElection(String namespace, String identity, Runnable onLost) {
    /** Exits the process when the Lease is lost: the Deployment restarts it as a standby. */
    public LeaderElection(String namespace, String identity) {
      this(namespace, identity, LeaderElection::exit);
    }

    /** This election with an identity: its own, else $HOSTNAME, else a random one. */
    LeaderElection withIdentity() {
      if (identity != null) {
        return this;
      }
      String host = System.getenv("HOSTNAME");
      return new LeaderElection(
          namespace, host == null || host.isBlank() ? UUID.randomUUID().toString() : host, onLost);
    }

    private static void exit() {
      // From another thread: the shutdown hook stops the operator, which waits for this pass.
      new Thread(() -> System.exit(1), "gpmirrors-lease-lost").start();
    }
  }

  private OperatorRuntime(
      Operator operator,
      KubernetesClient client,
      LeaderElection election,
      LeaderFence fence,
      MirrorSetReconciler reconciler,
      OperatorHttpServer http) {
    this.reconciler = reconciler;
    this.client = client;
    this.election = election;
    this.fence = fence;
    this.operator = operator;
    this.http = http;
  }

  /**
   * Registers the reconciler and starts watching; the client stays open when the operator stops.
   */
  public static OperatorRuntime start(KubernetesClient client, Options options) {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    OperatorMetrics metrics = new OperatorMetrics(registry);
    LeaderElection election =
        options.leaderElection() == null ? null : options.leaderElection().withIdentity();
    LeaderFence fence = LeaderFence.of(client, election, options.clock());
    Operator operator =
        new Operator(
            config -> {
              config
                  .withKubernetesClient(client)
                  .withCloseClientOnStop(false)
                  // Status is written whole by StatusWriter, on every API server alike (the
                  // mock server of the tests has no server-side apply): one path, the tested one.
                  .withUseSSAToPatchPrimaryResource(false)
                  .withSSABasedCreateUpdateMatchForDependentResources(false)
                  .withMetrics(
                      new DeletionAwareMetrics(
                          MicrometerMetrics.withoutPerResourceMetrics(registry), metrics));
              if (election != null) {
                config.withLeaderElectionConfiguration(
                    LeaderElectionConfigurationBuilder.aLeaderElectionConfiguration(LEASE)
                        .withLeaseNamespace(election.namespace())
                        .withIdentity(election.identity())
                        // The fence stops the writes and exits (onLost), not JOSDK.
                        .withExitOnStopLeading(false)
                        .withLeaderCallbacks(
                            new LeaderCallbacks(() -> {}, fence::stoppedLeading, leader -> {}))
                        .build());
              }
            });
    MirrorSetReconciler reconciler =
        new MirrorSetReconciler(
            client,
            options.catalogs(),
            options.clock(),
            options.busy(),
            options.idle(),
            metrics,
            new EventRecorder(client),
            fence);
    operator.register(
        reconciler,
        override ->
            override
                .settingNamespaces(
                    options.namespaces().isEmpty()
                        ? Set.of(Constants.WATCH_ALL_NAMESPACES)
                        : options.namespaces())
                .withGenerationAware(false)
                .withOnUpdateFilter(PassTriggers::worthAPass)
                .withRetry(PassTriggers.retry(options.busy(), options.idle()))
                .withReconciliationMaxInterval(options.idle()));
    operator.start();
    OperatorHttpServer http = null;
    if (options.httpPort() >= 0) {
      try {
        http = OperatorHttpServer.start(options.httpPort(), operator, registry);
      } catch (IOException e) {
        operator.stop();
        throw new UncheckedIOException("cannot serve /healthz, /readyz, /metrics", e);
      }
    }
    return new OperatorRuntime(operator, client, election, fence, reconciler, http);
  }

  /** The port of /healthz, /readyz and /metrics, or -1 when not served. */
  public int httpPort() {
    return http == null ? -1 : http.port();
  }

  /** Stops serving, then stops the controllers (in-flight reconciles finish first). */
  @Override
  public void close() {
    if (http != null) {
      http.close();
    }
    fence.closing();
    operator.stop();
    reconciler.close();
    releaseLease();
  }

  /**
   * Gives the Lease up, if this replica holds it, so that a standby takes over at once rather than
   * when the Lease expires (15 s): the holder is cleared and the Lease made to expire in 1 s.
   */
  private void releaseLease() {
    if (election == null) {
      return;
    }
    try {
      client
          .leases()
          .inNamespace(election.namespace())
          .withName(LEASE)
          .edit(
              lease -> {
                if (lease.getSpec() != null
                    && election.identity().equals(lease.getSpec().getHolderIdentity())) {
                  lease.getSpec().setHolderIdentity(null);
                  lease.getSpec().setLeaseDurationSeconds(1);
                  lease.getSpec().setRenewTime(ZonedDateTime.now(ZoneOffset.UTC));
                }
                return lease;
              });
    } catch (KubernetesClientException e) {
      if (e.getCode() != HttpURLConnection.HTTP_NOT_FOUND) {
        LOG.warn("could not release the leader election Lease: {}", e.getMessage());
      }
    }
  }
}
