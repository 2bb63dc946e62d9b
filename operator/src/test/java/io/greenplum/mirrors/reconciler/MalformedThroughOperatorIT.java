package io.greenplum.mirrors.reconciler;

import static io.greenplum.mirrors.reconciler.TestKubernetes.NAMESPACE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.greenplum.mirrors.TestClusters;
import io.greenplum.mirrors.api.MalformedMirrorSetPropertiesTest;
import io.greenplum.mirrors.api.MalformedMirrorSetPropertiesTest.Malformation;
import io.greenplum.mirrors.api.ManifestException;
import io.greenplum.mirrors.api.MirrorSet;
import io.greenplum.mirrors.api.MirrorSetYaml;
import io.greenplum.mirrors.emulation.EmbeddedGreenplum;
import io.greenplum.mirrors.status.Conditions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The generated malformed MirrorSets that the API server would store (they parse; the CRD schema is
 * not enforced by the mock server), applied to the running operator: every one ends Invalid with
 * its reason, and the operator writes nothing to the catalog and makes no pod and no volume.
 */
@EnableKubernetesMockClient(crud = true)
class MalformedThroughOperatorIT extends OperatorTestBase {
  @RegisterExtension static final EmbeddedGreenplum GP = EmbeddedGreenplum.gp7();
  static final int SAMPLES = 60;

  @Override
  EmbeddedGreenplum gp() {
    return GP;
  }

  @Test
  void everyMalformedMirrorSetEndsInvalidAndNothingIsWritten() throws Exception {
    GP.load(TestClusters.gp7(4, 2));
    startOperator("sdw1", "sdw2", "sdw3", "sdw4");
    List<String> applied = new ArrayList<>();
    Set<String> names = new HashSet<>();
    List<Malformation> samples =
        MalformedMirrorSetPropertiesTest.malformed().sampleStream().limit(SAMPLES * 3L).toList();
    for (Malformation m : samples) {
      MirrorSet ms = parsed(m, applied.size());
      if (ms == null || !names.add(ms.getMetadata().getName())) {
        continue;
      }
      ms.getMetadata().setNamespace(NAMESPACE);
      client.resource(ms).create();
      applied.add(ms.getMetadata().getName() + " (" + m.kind() + ")");
      if (applied.size() == SAMPLES) {
        break;
      }
    }
    assertThat(applied).hasSize(SAMPLES);
    await().atMost(Duration.ofSeconds(60)).until(() -> notInvalid().isEmpty());
    assertThat(TestKubernetes.mirrorPods(client)).isEmpty();
    assertThat(client.pods().inNamespace(NAMESPACE).list().getItems()).as("any pod").isEmpty();
    assertThat(volumes()).isZero();
    assertThat(GP.catalog().segmentConfiguration().mirrors()).isEmpty();
    assertThat(GP.emulation().history()).as("catalog writes").isEmpty();
    System.out.printf(
        "%d malformed MirrorSets through the operator: all Invalid, 0 pods, 0 volumes, 0 catalog"
            + " writes (%s)%n",
        applied.size(),
        samples.stream()
            .map(Malformation::kind)
            .distinct()
            .sorted()
            .collect(Collectors.joining(", ")));
  }

  /** The malformed manifest, aimed at the embedded coordinator, if the operator would see it. */
  private static MirrorSet parsed(Malformation m, int index) {
    ObjectNode doc = MalformedMirrorSetPropertiesTest.valid();
    ObjectNode coordinator = (ObjectNode) doc.at("/spec/coordinator");
    coordinator.put("host", "127.0.0.1");
    coordinator.put("port", GP.coordinatorSpec().getPort());
    coordinator.put("database", GP.coordinatorSpec().getDatabase());
    coordinator.put("user", GP.coordinatorSpec().getUser());
    if (!m.kind().equals("metadata.name")) {
      ((ObjectNode) doc.get("metadata")).put("name", "bad-" + index);
    }
    try {
      return MirrorSetYaml.read(m.apply().apply(doc));
    } catch (ManifestException e) {
      return null; // refused before any API server stores it
    }
  }

  private List<String> notInvalid() {
    return client.resources(MirrorSet.class).inNamespace(NAMESPACE).list().getItems().stream()
        .filter(
            ms ->
                ms.getStatus() == null
                    || !"Invalid".equals(ms.getStatus().getPhase())
                    || !"False"
                        .equals(condition(ms.getStatus(), Conditions.SPEC_VALID).getStatus()))
        .map(ms -> ms.getMetadata().getName())
        .toList();
  }
}
