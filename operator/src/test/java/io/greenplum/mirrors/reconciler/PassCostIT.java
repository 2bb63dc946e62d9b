package io.greenplum.mirrors.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.greenplum.mirrors.TestClusters;
import io.greenplum.mirrors.TestMirrorSets;
import io.greenplum.mirrors.api.MirrorSetSpec;
import io.greenplum.mirrors.catalog.GreenplumCatalog;
import io.greenplum.mirrors.catalog.JdbcGreenplumCatalog;
import io.greenplum.mirrors.emulation.EmbeddedGreenplum;
import io.greenplum.mirrors.emulation.WalSender;
import io.greenplum.mirrors.model.Role;
import io.greenplum.mirrors.model.SegmentConfiguration;
import io.greenplum.mirrors.model.SegmentMode;
import io.greenplum.mirrors.model.SegmentStatus;
import io.greenplum.mirrors.plan.MirrorPlanner;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What one pass costs, measured (a timed harness that prints figures): API calls by kind and
 * catalog calls and connections per pass, for a MirrorSet that adopted 16 or 256 synchronised
 * mirrors (steady), and for one whose mirrors are placed otherwise (Degraded: Conflict, which only
 * a person can resolve). Each catalog call is one SQL statement.
 */
@EnableKubernetesMockClient(crud = true)
class PassCostIT extends OperatorTestBase {
  @RegisterExtension static final EmbeddedGreenplum GP = EmbeddedGreenplum.gp7();
  static final Duration BUSY = Duration.ofMillis(200);
  static final Duration IDLE = Duration.ofSeconds(1);
  static final Duration WINDOW = Duration.ofSeconds(8);

  private final Map<String, AtomicInteger> catalogCalls = new ConcurrentHashMap<>();
  private final AtomicInteger passes = new AtomicInteger();
  private final List<JdbcGreenplumCatalog> opened = new ArrayList<>();

  @Override
  EmbeddedGreenplum gp() {
    return GP;
  }

  @ParameterizedTest(name = "{0} mirrors")
  @ValueSource(ints = {16, 256})
  void costPerPassSteadyAndDegraded(int mirrors) throws Exception {
    int hosts = mirrors == 16 ? 4 : 16;
    SegmentConfiguration primaries = TestClusters.gp7(hosts, mirrors / hosts);
    MirrorSetSpec group = TestMirrorSets.group().build();
    SegmentConfiguration inSync =
        new SegmentConfiguration(
            primaries.family(),
            primaries.segments().stream()
                .map(
                    s ->
                        s.content() < 0
                            ? s
                            : TestClusters.with(
                                s, Role.PRIMARY, SegmentMode.SYNCHRONIZED, SegmentStatus.UP))
                .toList());
    GP.load(TestClusters.withMirrors(inSync, MirrorPlanner.plan(primaries, group).plan(), s -> s));
    for (int content = 0; content < mirrors; content++) {
      GP.emulation()
          .walSender(
              content,
              WalSender.mirror("streaming", "0/8000100", "0/8000100", "0/8000100", "0/8000100"));
    }
    List<String> nodes = new ArrayList<>();
    for (int h = 0; h < hosts; h++) {
      nodes.add(TestClusters.host(h, hosts));
    }
    TestKubernetes.prepare(client, GP.password(), nodes.toArray(String[]::new));
    kubelet = PreflightKubelet.start(client);
    KubernetesClient operatorClient = OperatorRuntime.newClient(client.getConfiguration());
    try {
      measure(mirrors, hosts, group, operatorClient);
    } finally {
      if (operator != null) {
        operator.close();
        operator = null;
      }
      operatorClient.close();
    }
  }

  private void measure(int mirrors, int hosts, MirrorSetSpec group, KubernetesClient as)
      throws Exception {
    operator =
        OperatorRuntime.start(
            as,
            OperatorRuntime.Options.defaults()
                .withCatalogs(this::counted)
                .withIntervals(BUSY, IDLE));

    apply("steady", group);
    awaitStatus("steady", s -> "Synchronized".equals(s.getPhase()));
    Cost steady = measure();

    client
        .resource(TestMirrorSetResources.mirrorSet("steady", group, GP.coordinatorSpec()))
        .delete();
    await(
        () ->
            client.resources(io.greenplum.mirrors.api.MirrorSet.class).list().getItems().isEmpty());
    apply("conflict", TestMirrorSets.group().mirrorBase(9000).build());
    awaitStatus("conflict", conditionIs("Degraded", "True", "Conflict"));
    Cost degraded = measure();

    System.out.printf(
        "pass cost, %d mirrors on %d hosts (busy %d ms, idle %d ms):%n  steady    %s%n"
            + "  degraded  %s%n",
        mirrors, hosts, BUSY.toMillis(), IDLE.toMillis(), steady, degraded);
    assertThat(steady.writes()).as("a steady cluster writes nothing").isZero();
    assertThat(steady.nodeGets()).as("nodes come from the informer").isZero();
    // One connection per pass (a pass under way when the window opens may add one).
    assertThat(steady.connections()).isLessThanOrEqualTo(steady.passes() + 1);
    assertThat(degraded.passes())
        .as("Degraded for a reason only a person fixes: the idle pace, not every %s", BUSY)
        .isLessThanOrEqualTo((int) (WINDOW.toMillis() / IDLE.toMillis()) + 2);
    assertThat(degraded.writes()).isZero();
  }

  /** API calls, catalog calls and passes over {@link #WINDOW}. */
  record Cost(
      int passes,
      Map<String, Integer> api,
      int writes,
      int nodeGets,
      Map<String, Integer> catalog,
      int connections) {
    double connectionsPerPass() {
      return passes == 0 ? 0 : (double) connections / passes;
    }

    @Override
    public String toString() {
      int apiCalls = api.values().stream().mapToInt(Integer::intValue).sum();
      int catalogTotal = catalog.values().stream().mapToInt(Integer::intValue).sum();
      return String.format(
          "%d passes in %d s; per pass: %.1f API calls %s, %.1f catalog statements %s,"
              + " %.2f coordinator connections",
          passes,
          WINDOW.toSeconds(),
          (double) apiCalls / Math.max(1, passes),
          perPass(api, passes),
          (double) catalogTotal / Math.max(1, passes),
          perPass(catalog, passes),
          connectionsPerPass());
    }

    private static Map<String, String> perPass(Map<String, Integer> counts, int passes) {
      Map<String, String> out = new TreeMap<>();
      counts.forEach((k, v) -> out.put(k, String.format("%.1f", (double) v / Math.max(1, passes))));
      return out;
    }
  }

  private Cost measure() throws Exception {
    Thread.sleep(IDLE.toMillis() + 500);
    TestKubernetes.drainRequests(server);
    catalogCalls.clear();
    int connectionsBefore = connections();
    passes.set(0);
    Thread.sleep(WINDOW.toMillis());
    int seenPasses = passes.get();
    Map<String, Integer> api = new TreeMap<>();
    int writes = 0;
    int nodeGets = 0;
    RecordedRequest r;
    while ((r = server.takeRequest(10, TimeUnit.MILLISECONDS)) != null) {
      if (!OperatorRuntime.USER_AGENT.equals(r.getHeader("User-Agent"))) {
        continue; // the test's own kubelet and checks
      }
      String path = r.getPath().replaceAll("\\?.*", "");
      String kind = r.getMethod() + " " + path;
      api.merge(kind, 1, Integer::sum);
      writes += r.getMethod().equals("GET") ? 0 : 1;
      nodeGets += r.getMethod().equals("GET") && path.startsWith("/api/v1/nodes/") ? 1 : 0;
    }
    Map<String, Integer> catalog = new TreeMap<>();
    catalogCalls.forEach((k, v) -> catalog.put(k, v.get()));
    return new Cost(seenPasses, api, writes, nodeGets, catalog, connections() - connectionsBefore);
  }

  private int connections() {
    synchronized (opened) {
      return opened.stream().mapToInt(JdbcGreenplumCatalog::connectionsOpened).sum();
    }
  }

  /** The real catalog, its calls counted; a pass opens exactly one catalog (version() first). */
  private GreenplumCatalog counted(io.greenplum.mirrors.catalog.CoordinatorSettings settings) {
    JdbcGreenplumCatalog real = new JdbcGreenplumCatalog(settings);
    synchronized (opened) {
      opened.add(real);
    }
    passes.incrementAndGet();
    return (GreenplumCatalog)
        Proxy.newProxyInstance(
            GreenplumCatalog.class.getClassLoader(),
            new Class<?>[] {GreenplumCatalog.class},
            (proxy, method, args) -> {
              if (!method.getName().equals("close")) {
                catalogCalls
                    .computeIfAbsent(method.getName(), k -> new AtomicInteger())
                    .incrementAndGet();
              }
              try {
                return method.invoke(real, args);
              } catch (InvocationTargetException e) {
                throw e.getCause();
              }
            });
  }

  private static void await(java.util.concurrent.Callable<Boolean> condition) {
    org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20)).until(condition);
  }
}
