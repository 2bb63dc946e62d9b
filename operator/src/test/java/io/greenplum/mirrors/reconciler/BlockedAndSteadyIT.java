package io.greenplum.mirrors.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.greenplum.mirrors.api.MirrorSetStatus;
import io.greenplum.mirrors.emulation.EmbeddedGreenplum;
import io.greenplum.mirrors.model.SegmentConfiguration;
import io.greenplum.mirrors.status.Conditions;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Clusters the operator must not touch (partially mirrored, mirrored otherwise), a cluster whose
 * mirrors it adopts, and the steady state: once synchronised, reconciles write nothing.
 */
@EnableKubernetesMockClient(crud = true)
class BlockedAndSteadyIT extends OperatorTestBase {
  @RegisterExtension static final EmbeddedGreenplum GP = EmbeddedGreenplum.gp7();

  @Override
  EmbeddedGreenplum gp() {
    return GP;
  }

  @BeforeEach
  void start() throws Exception {
    startOperator("vm");
  }

  @Test
  void aPartiallyMirroredClusterIsReportedAndNotTouched() throws Exception {
    SegmentConfiguration partial = GP.load("gp7-real/02a-partial-one-mirror.txt");
    apply("partial", vmMirrors(3));

    MirrorSetStatus status =
        awaitStatus("partial", conditionIs(Conditions.DEGRADED, "True", "PartialMirroring"));

    assertThat(status.getPhase()).isEqualTo("Degraded");
    assertThat(condition(status, Conditions.DEGRADED).getMessage())
        .contains("content(s) [0] have a mirror, content(s) [1, 2] have none");
    assertNothingTouched("partial", partial);
  }

  @Test
  void aClusterWithUserTablespacesIsRefusedBeforeAnythingIsRegistered() throws Exception {
    SegmentConfiguration mirrorless = GP.load("gp7-real/01-mirrorless.txt");
    GP.emulation().createTablespace("fastdisk", "/data/fast");
    GP.emulation().createTablespace("archive", "/data/archive");
    apply("spaces", vmMirrors(3));

    MirrorSetStatus status =
        awaitStatus("spaces", conditionIs(Conditions.DEGRADED, "True", "TablespacesNotSupported"));

    assertThat(condition(status, Conditions.DEGRADED).getMessage())
        .contains("archive (/data/archive), fastdisk (/data/fast)", "Nothing is registered");
    assertThat(GP.catalog().userTablespaces())
        .containsExactly("archive (/data/archive)", "fastdisk (/data/fast)");
    assertNothingTouched("spaces", mirrorless);
    assertThat(client.pods().inNamespace(TestKubernetes.NAMESPACE).list().getItems())
        .as("no preflight")
        .isEmpty();
  }

  @Test
  void mirrorsPlacedOtherwiseAreAConflictAndNotTouched() throws Exception {
    SegmentConfiguration synced = GP.load("gp7-real/03-synchronized.txt");
    apply("moved", vmMirrors(10));

    MirrorSetStatus status =
        awaitStatus("moved", conditionIs(Conditions.DEGRADED, "True", "Conflict"));

    assertThat(condition(status, Conditions.DEGRADED).getMessage())
        .contains(
            "content 0: its mirror at vm:7005 /data/gpdemo/dbfast_mirror1/demoDataDir0 (the"
                + " MirrorSet places it at vm:7012")
        .contains("was not made by this operator", "No mirror is moved");
    assertNothingTouched("moved", synced);
  }

  @Test
  void matchingMirrorsAreAdoptedAndTheSteadyStateWritesNothing() throws Exception {
    SegmentConfiguration synced = GP.load("gp7-real/03-synchronized.txt");
    apply("adopted", vmMirrors(3));

    MirrorSetStatus status = awaitStatus("adopted", s -> "Synchronized".equals(s.getPhase()));

    assertThat(status.getSynchronizedCount()).isEqualTo(3);
    assertThat(status.getMirrors()).extracting(m -> m.getDbid()).containsExactly(5, 6, 7);
    assertNothingTouched("adopted", synced);
    TestKubernetes.drainRequests(server);
    Thread.sleep(3000); // about 15 passes at the test's 200 ms interval
    List<String> requests = TestKubernetes.drainRequests(server);
    assertThat(TestKubernetes.writes(requests)).isEmpty();
    assertThat(GP.catalog().segmentConfiguration()).isEqualTo(synced);
    assertThat(GP.emulation().history()).isEmpty();
  }

  private void assertNothingTouched(String name, SegmentConfiguration before) throws Exception {
    assertThat(pods(name)).isEmpty();
    assertThat(volumes()).isZero();
    assertThat(GP.catalog().segmentConfiguration()).isEqualTo(before);
    assertThat(GP.emulation().history()).isEmpty();
  }
}
