package io.greenplum.mirrors.reconciler;

import static io.greenplum.mirrors.reconciler.TestKubernetes.NAMESPACE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.greenplum.mirrors.TestClusters;
import io.greenplum.mirrors.TestMirrorSets;
import io.greenplum.mirrors.catalog.GreenplumCatalog;
import io.greenplum.mirrors.catalog.JdbcGreenplumCatalog;
import io.greenplum.mirrors.emulation.EmbeddedGreenplum;
import io.greenplum.mirrors.simulation.SimulatedEnvironment;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * One writer through a lost Lease: the leader is held in the middle of a pass (its catalog read
 * blocks), the Lease is taken by the other replica meanwhile, and the pass then goes on. The old
 * leader must write nothing, neither to the catalog nor to the API, and must give up (exit in
 * production); the new leader does the work once.
 */
@EnableKubernetesMockClient(crud = true)
class LeaderFencingIT {
  @RegisterExtension static final EmbeddedGreenplum GP = EmbeddedGreenplum.gp7();
  private static final Set<String> CATALOG_WRITES =
      Set.of("registerMirrors", "removeMirrors", "createReplicationSlot", "dropReplicationSlot");

  KubernetesClient client;
  KubernetesMockServer server;

  private final AtomicBoolean holdNextRead = new AtomicBoolean();
  private final CountDownLatch held = new CountDownLatch(1);
  private final CountDownLatch release = new CountDownLatch(1);
  private final AtomicInteger catalogWritesByA = new AtomicInteger();

  @Test
  void aLeaderWhoseLeaseWasTakenMidPassWritesNothingAndGivesUp() throws Exception {
    GP.load(TestClusters.gp7(2, 2));
    TestKubernetes.prepare(client, GP.password(), "sdw1", "sdw2");
    SimulatedEnvironment.answerLeaseReviews(server);
    PreflightKubelet kubelet = PreflightKubelet.start(client);
    CountDownLatch lost = new CountDownLatch(1);
    KubernetesClient clientA = clientAs("replica-a");
    KubernetesClient clientB = clientAs("replica-b");
    OperatorRuntime a = replica(clientA, "replica-a", this::holdingCatalog, lost::countDown);
    await().atMost(Duration.ofSeconds(20)).until(() -> "replica-a".equals(holder()));
    try (OperatorRuntime b =
        replica(clientB, "replica-b", s -> new JdbcGreenplumCatalog(s), () -> {})) {
      holdNextRead.set(true);
      client
          .resource(
              TestMirrorSetResources.mirrorSet(
                  "fenced", TestMirrorSets.group().build(), GP.coordinatorSpec()))
          .create();
      assertThat(held.await(20, TimeUnit.SECONDS)).as("replica-a is in a pass").isTrue();

      TestKubernetes.drainRequests(server);
      stealLeaseFor("replica-b");
      List<RecordedRequest> after = new ArrayList<>();
      release.countDown();

      assertThat(lost.await(20, TimeUnit.SECONDS)).as("replica-a gave up leading").isTrue();
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> TestKubernetes.mirrorPods(client).size() == 4);
      RecordedRequest request;
      while ((request = server.takeRequest(10, TimeUnit.MILLISECONDS)) != null) {
        after.add(request);
      }
      assertThat(
              after.stream()
                  .filter(r -> "replica-a".equals(r.getHeader("User-Agent")))
                  .filter(r -> !r.getMethod().equals("GET"))
                  .map(r -> r.getMethod() + " " + r.getPath())
                  .toList())
          .as("API writes by the replica that lost the Lease")
          .isEmpty();
      assertThat(
              after.stream()
                  .filter(r -> "replica-b".equals(r.getHeader("User-Agent")))
                  .anyMatch(r -> r.getMethod().equals("POST")))
          .as("the new leader created the pods")
          .isTrue();
      assertThat(catalogWritesByA).as("catalog writes by replica-a").hasValue(0);
      assertThat(reasons()).containsOnlyOnce("MirrorsRegistered");
    } finally {
      a.close();
      kubelet.close();
      clientA.close();
      clientB.close();
    }
  }

  /** A catalog of replica-a's: the first read after holdNextRead blocks until released. */
  private GreenplumCatalog holdingCatalog(io.greenplum.mirrors.catalog.CoordinatorSettings s) {
    GreenplumCatalog real = new JdbcGreenplumCatalog(s);
    return (GreenplumCatalog)
        Proxy.newProxyInstance(
            GreenplumCatalog.class.getClassLoader(),
            new Class<?>[] {GreenplumCatalog.class},
            (proxy, method, args) -> {
              if (method.getName().equals("segmentConfiguration")
                  && holdNextRead.compareAndSet(true, false)) {
                held.countDown();
                release.await(30, TimeUnit.SECONDS);
              }
              if (CATALOG_WRITES.contains(method.getName())) {
                catalogWritesByA.incrementAndGet();
              }
              try {
                return method.invoke(real, args);
              } catch (InvocationTargetException e) {
                throw e.getCause();
              }
            });
  }

  /** What an API outage longer than the renew deadline leads to: another holder, renewed now. */
  private void stealLeaseFor(String thief) {
    client
        .leases()
        .inNamespace(NAMESPACE)
        .withName(OperatorRuntime.LEASE)
        .edit(
            lease -> {
              lease.getSpec().setHolderIdentity(thief);
              lease.getSpec().setRenewTime(ZonedDateTime.now(ZoneOffset.UTC));
              lease.getSpec().setAcquireTime(ZonedDateTime.now(ZoneOffset.UTC));
              return lease;
            });
  }

  private KubernetesClient clientAs(String userAgent) {
    return new KubernetesClientBuilder()
        .withConfig(new ConfigBuilder(client.getConfiguration()).withUserAgent(userAgent).build())
        .build();
  }

  private OperatorRuntime replica(
      KubernetesClient as, String identity, CatalogFactory catalogs, Runnable onLost) {
    return OperatorRuntime.start(
        as,
        OperatorRuntime.Options.defaults()
            .withNamespaces(Set.of(NAMESPACE))
            .withCatalogs(catalogs)
            .withIntervals(Duration.ofMillis(200), Duration.ofMillis(500))
            .withLeaderElection(new OperatorRuntime.LeaderElection(NAMESPACE, identity, onLost)));
  }

  private String holder() {
    return TestKubernetes.leaseHolder(client);
  }

  private List<String> reasons() {
    return TestKubernetes.eventReasons(client);
  }
}
