package io.greenplum.mirrors.simulation;

import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectRulesReviewBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.greenplum.mirrors.api.MirrorSet;
import io.greenplum.mirrors.catalog.JdbcGreenplumCatalog;
import io.greenplum.mirrors.emulation.EmbeddedCoordinator;
import io.greenplum.mirrors.model.Role;
import io.greenplum.mirrors.model.Segment;
import io.greenplum.mirrors.model.SegmentConfiguration;
import io.greenplum.mirrors.model.SegmentMode;
import io.greenplum.mirrors.model.SegmentStatus;
import io.greenplum.mirrors.model.SegmentTools;
import io.greenplum.mirrors.model.VersionFamily;
import io.greenplum.mirrors.reconciler.OperatorRuntime;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.function.UnaryOperator;

/**
 * SIMULATION. Everything gpmirrors demo and the end-to-end tests run in one process: the Fabric8
 * mock API server (CRUD mode), an embedded PostgreSQL carrying the Greenplum 7 catalog emulation,
 * the simulated kubelet and segments, and the real operator.
 */
public final class SimulatedEnvironment implements AutoCloseable {
  public static final String NAMESPACE = "greenplum";
  static final String CRD = "META-INF/fabric8/mirrorsets.greenplum.io-v1.yml";

  /** The mock server logs every request through java.util.logging; held so the level sticks. */
  private static final java.util.logging.Logger MOCK_LOG =
      java.util.logging.Logger.getLogger("io.fabric8.mockwebserver");

  private final KubernetesMockServer server;
  private final LaggingWatches watches = new LaggingWatches();
  private final KubernetesClient client;
  private final EmbeddedCoordinator coordinator;
  private final EmbeddedCoordinator.Cluster cluster;
  private final SimulatedCluster simulation;
  private final AutoCloseable kubelet;
  private final CatalogCalls catalogCalls = new CatalogCalls();
  private final java.util.concurrent.atomic.AtomicBoolean coordinatorUp =
      new java.util.concurrent.atomic.AtomicBoolean(true);
  private final UnaryOperator<OperatorRuntime.Options> operatorOptions;
  private OperatorRuntime operator;
  private KubernetesClient operatorClient;

  private SimulatedEnvironment(
      KubernetesMockServer server,
      KubernetesClient client,
      EmbeddedCoordinator coordinator,
      EmbeddedCoordinator.Cluster cluster,
      SimulatedCluster simulation,
      AutoCloseable kubelet,
      UnaryOperator<OperatorRuntime.Options> operatorOptions) {
    this.server = server;
    this.client = client;
    this.coordinator = coordinator;
    this.cluster = cluster;
    this.simulation = simulation;
    this.kubelet = kubelet;
    this.operatorOptions = operatorOptions;
  }

  /**
   * Starts the API server, the coordinator with {@code layout} loaded, nodes for {@code nodes}, the
   * gp-admin Secret, the simulation and the operator.
   */
  public static SimulatedEnvironment start(
      SegmentConfiguration layout, List<String> nodes, SimulationSpeed speed)
      throws IOException, SQLException {
    return start(layout, nodes, speed, UnaryOperator.identity());
  }

  /** As {@link #start(SegmentConfiguration, List, SimulationSpeed)}, with operator options. */
  public static SimulatedEnvironment start(
      SegmentConfiguration layout,
      List<String> nodes,
      SimulationSpeed speed,
      UnaryOperator<OperatorRuntime.Options> operatorOptions)
      throws IOException, SQLException {
    return start(layout, nodes, speed, operatorOptions, SegmentTools.GREENPLUM_7);
  }

  /**
   * As {@link #start(SegmentConfiguration, List, SimulationSpeed, UnaryOperator)}, for a cluster of
   * Greenplum 6 or of Greenplum 7 ({@code tools}).
   */
  public static SimulatedEnvironment start(
      SegmentConfiguration layout,
      List<String> nodes,
      SimulationSpeed speed,
      UnaryOperator<OperatorRuntime.Options> operatorOptions,
      SegmentTools tools)
      throws IOException, SQLException {
    return start(layout, nodes, speed, operatorOptions, tools, false, 0);
  }

  /**
   * For benchmarks: as {@link #start(SegmentConfiguration, List, SimulationSpeed, UnaryOperator)},
   * with the {@link InstantKubelet} (no process per container; {@link #simulation()} is null).
   */
  public static SimulatedEnvironment startInstant(
      SegmentConfiguration layout,
      List<String> nodes,
      SimulationSpeed speed,
      UnaryOperator<OperatorRuntime.Options> operatorOptions)
      throws IOException, SQLException {
    return start(layout, nodes, speed, operatorOptions, SegmentTools.GREENPLUM_7, true, 0);
  }

  /**
   * {@link #startInstant}, with copies that take {@code copyTicks} and report their progress in
   * their base backup logs.
   */
  public static SimulatedEnvironment startInstant(
      SegmentConfiguration layout,
      List<String> nodes,
      SimulationSpeed speed,
      UnaryOperator<OperatorRuntime.Options> operatorOptions,
      int copyTicks)
      throws IOException, SQLException {
    return start(layout, nodes, speed, operatorOptions, SegmentTools.GREENPLUM_7, true, copyTicks);
  }

  private static SimulatedEnvironment start(
      SegmentConfiguration layout,
      List<String> nodes,
      SimulationSpeed speed,
      UnaryOperator<OperatorRuntime.Options> operatorOptions,
      SegmentTools tools,
      boolean instant,
      int copyTicks)
      throws IOException, SQLException {
    MOCK_LOG.setLevel(java.util.logging.Level.WARNING);
    Map<ServerRequest, Queue<ServerResponse>> responses = new HashMap<>();
    KubernetesMockServer server =
        new KubernetesMockServer(
            new Context(),
            new MockWebServer(),
            responses,
            new KubernetesMixedDispatcher(responses),
            false);
    server.init(InetAddress.getLoopbackAddress(), 0);
    KubernetesClient client = server.createClient();
    EmbeddedCoordinator coordinator = EmbeddedCoordinator.start();
    EmbeddedCoordinator.Cluster cluster = coordinator.createCluster(layout.family());
    if (tools == SegmentTools.GREENPLUM_6) {
      cluster.emulation().useGreenplum6();
    }
    cluster.emulation().setFtsGracePeriod(speed.tick().multipliedBy(speed.graceTicks()));
    cluster.emulation().load(layout);
    prepareApi(client, coordinator.password(), nodes);
    answerLeaseReviews(server);
    server
        .expect()
        .get()
        .withPath(LaggingWatches.FAILING_PATH)
        .andReturn(
            403,
            new io.fabric8.kubernetes.api.model.StatusBuilder()
                .withStatus("Failure")
                .withCode(403)
                .withReason("Forbidden")
                .withMessage(
                    "secrets is forbidden: User \"system:serviceaccount:gpmirrors:gpmirrors\""
                        + " cannot get resource \"secrets\" in API group \"\" in the namespace"
                        + " \""
                        + NAMESPACE
                        + "\"")
                .build())
        .always();
    SimulatedCluster simulation = null;
    AutoCloseable kubelet;
    if (instant) {
      InstantKubelet light =
          new InstantKubelet(client, server, cluster.emulation(), speed, copyTicks);
      light.start();
      kubelet = light;
    } else {
      simulation = new SimulatedCluster(client, server, cluster.emulation(), speed);
      simulation.start();
      kubelet = simulation;
    }
    SimulatedEnvironment env =
        new SimulatedEnvironment(
            server, client, coordinator, cluster, simulation, kubelet, operatorOptions);
    env.startOperator();
    return env;
  }

  /**
   * What a cluster has before a MirrorSet is applied: the CRD, a node per segment host and the
   * gp-admin Secret holding the coordinator password, in namespace {@value #NAMESPACE}.
   */
  public static void prepareApi(KubernetesClient client, String password, List<String> nodes)
      throws IOException {
    try (InputStream crd = SimulatedEnvironment.class.getClassLoader().getResourceAsStream(CRD)) {
      client.apiextensions().v1().customResourceDefinitions().load(crd).create();
    }
    for (String node : nodes) {
      client
          .nodes()
          .resource(
              new NodeBuilder()
                  .withNewMetadata()
                  .withName(node)
                  .addToLabels("kubernetes.io/hostname", node)
                  .addToLabels(MirrorSet.SEGMENT_HOST_LABEL, "true")
                  .endMetadata()
                  .build())
          .create();
    }
    client
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName("gp-admin")
                .withNamespace(NAMESPACE)
                .addToLabels(MirrorSet.CREDENTIALS_LABEL, "true")
                .addToAnnotations(MirrorSet.COORDINATOR_HOSTS_ANNOTATION, "127.0.0.1")
                .endMetadata()
                .withStringData(Map.of("password", password))
                .build())
        .create();
  }

  /**
   * Before electing a leader, JOSDK asks through a SelfSubjectRulesReview whether it may use
   * Leases; the mock server cannot answer that, so it answers as the operator's Role would.
   */
  public static void answerLeaseReviews(KubernetesMockServer server) {
    server
        .expect()
        .post()
        .withPath("/apis/authorization.k8s.io/v1/selfsubjectrulesreviews")
        .andReturn(
            201,
            new SelfSubjectRulesReviewBuilder()
                .withNewStatus()
                .withIncomplete(false)
                .addNewResourceRule()
                .withApiGroups("coordination.k8s.io")
                .withResources("leases")
                .withVerbs("get", "create", "update", "patch")
                .endResourceRule()
                .endStatus()
                .build())
        .always();
  }

  /** A mirrorless Greenplum 7 cluster: coordinator mdw:5432, hosts sdw1..sdwN, ports 6000+. */
  public static SegmentConfiguration layout(int hosts, int primariesPerHost) {
    List<Segment> rows = new ArrayList<>();
    rows.add(
        new Segment(
            1,
            -1,
            Role.PRIMARY,
            Role.PRIMARY,
            SegmentMode.NOT_IN_SYNC,
            SegmentStatus.UP,
            5432,
            "mdw",
            "mdw",
            "/data/coordinator/gpseg-1",
            null));
    int content = 0;
    for (int h = 1; h <= hosts; h++) {
      for (int i = 0; i < primariesPerHost; i++) {
        rows.add(
            new Segment(
                content + 2,
                content,
                Role.PRIMARY,
                Role.PRIMARY,
                SegmentMode.NOT_IN_SYNC,
                SegmentStatus.UP,
                6000 + i,
                "sdw" + h,
                "sdw" + h,
                "/data/primary/gpseg" + content,
                null));
        content++;
      }
    }
    return new SegmentConfiguration(VersionFamily.GP6_PLUS, rows);
  }

  /** The port of the operator's /healthz, /readyz and /metrics, or -1 when it serves none. */
  public int operatorHttpPort() {
    return operator == null ? -1 : operator.httpPort();
  }

  /** Starts (or restarts) the operator process. */
  public void startOperator() {
    operatorClient = OperatorRuntime.newClient(client.getConfiguration(), watches);
    OperatorRuntime.Options options =
        OperatorRuntime.Options.defaults()
            .withIntervals(Duration.ofMillis(300), Duration.ofSeconds(2))
            .withCatalogs(
                settings ->
                    new InterruptibleCatalog(
                        new JdbcGreenplumCatalog(settings, cluster.segmentConnector()),
                        coordinatorUp::get,
                        catalogCalls));
    operator = OperatorRuntime.start(operatorClient, operatorOptions.apply(options));
  }

  /**
   * Fault: a stale cache. From now on the operator's informer sees each MirrorSet {@code writes}
   * writes late (every event held until that many newer ones came, or for at most {@link
   * LaggingWatches#MAX_AGE}); 0 ends it. Holds across operator restarts.
   */
  public void mirrorSetWatchBehind(int writes) {
    watches.behind(writes);
  }

  /** How many MirrorSet watch events reached the operator late ({@link #mirrorSetWatchBehind}). */
  public int lateMirrorSetEvents() {
    return watches.delayed();
  }

  /** Fault: the coordinator becomes unreachable (false) or reachable again (true). */
  public void coordinatorReachable(boolean reachable) {
    coordinatorUp.set(reachable);
  }

  /** Stops the operator process, as a crash or a rollout would. */
  public void stopOperator() {
    if (operator != null) {
      operator.close();
      operator = null;
      operatorClient.close();
    }
  }

  public KubernetesClient client() {
    return client;
  }

  /** The operator's catalog calls and passes, counted. */
  public CatalogCalls catalogCalls() {
    return catalogCalls;
  }

  /**
   * Fault: the API server refuses the operator's next {@code times} reads of Secret {@code name}
   * (403), as it does while a GitOps sync deletes and makes again the operator's Role; after them
   * the Secret reads again. Holds across operator restarts.
   */
  public void failSecretReads(String name, int times) {
    watches.failReads("/api/v1/namespaces/" + NAMESPACE + "/secrets/" + name, times);
  }

  /** How many reads {@link #failSecretReads} has failed so far. */
  public int failedSecretReads() {
    return watches.failedReads();
  }

  public KubernetesMockServer server() {
    return server;
  }

  public EmbeddedCoordinator.Cluster cluster() {
    return cluster;
  }

  public SimulatedCluster simulation() {
    return simulation;
  }

  @Override
  public void close() throws IOException {
    stopOperator();
    try {
      kubelet.close();
    } catch (IOException | RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IOException(e);
    }
    client.close();
    server.destroy();
    coordinator.close();
  }
}
