package io.greenplum.mirrors.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.greenplum.mirrors.api.MirrorSet;
import io.greenplum.mirrors.api.MirrorSetStatus;
import io.greenplum.mirrors.emulation.EmbeddedGreenplum;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A MirrorSet is never left alone: failed passes are retried without end (JOSDK's default gave up
 * after five, then looked again after ten hours), and a new annotation value (a rebalance request)
 * starts a pass at once instead of at the next scheduled one.
 */
@EnableKubernetesMockClient(crud = true)
class PassTriggersIT extends OperatorTestBase {
  @RegisterExtension static final EmbeddedGreenplum GP = EmbeddedGreenplum.gp7();

  @Override
  EmbeddedGreenplum gp() {
    return GP;
  }

  @Test
  void aMirrorSetIsLookedAtAgainAfterTenFailedPassesInARow() throws Exception {
    GP.load("gp7-real/03-synchronized.txt");
    AtomicInteger opens = new AtomicInteger();
    CatalogFactory failingTenTimes =
        settings -> {
          if (opens.incrementAndGet() <= 10) {
            throw new IllegalStateException("the API server is being upgraded");
          }
          return CatalogFactory.jdbc().open(settings);
        };
    startOperator(
        OperatorRuntime.Options.defaults()
            .withIntervals(Duration.ofMillis(100), Duration.ofMillis(400))
            .withCatalogs(failingTenTimes),
        "vm");
    apply("retried", vmMirrors(3));

    MirrorSetStatus status = awaitStatus("retried", s -> "Synchronized".equals(s.getPhase()));

    assertThat(opens.get()).isGreaterThan(10);
    assertThat(status.getMirrors()).hasSize(3);
  }

  @Test
  void aNewRebalanceRequestStartsAPassAtOnce() throws Exception {
    GP.load("gp7-real/03-synchronized.txt");
    // Healthy MirrorSets are looked at every ten minutes only: a pass within seconds is the event.
    startOperator(
        OperatorRuntime.Options.defaults()
            .withIntervals(Duration.ofMillis(200), Duration.ofMinutes(10)),
        "vm");
    apply("asked", vmMirrors(3));
    awaitStatus("asked", s -> "Synchronized".equals(s.getPhase()));

    client
        .resources(MirrorSet.class)
        .inNamespace(TestKubernetes.NAMESPACE)
        .withName("asked")
        .edit(
            ms -> {
              var annotations = new java.util.HashMap<String, String>();
              if (ms.getMetadata().getAnnotations() != null) {
                annotations.putAll(ms.getMetadata().getAnnotations());
              }
              annotations.put(MirrorSet.REBALANCE_ANNOTATION, "now");
              ms.getMetadata().setAnnotations(annotations);
              return ms;
            });

    MirrorSetStatus answered =
        awaitStatus(
            "asked",
            s -> s.getRebalance() != null && "now".equals(s.getRebalance().getRequested()));
    assertThat(answered.getRebalance().getStage()).isNotNull();
  }
}
