package io.greenplum.mirrors.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.greenplum.mirrors.TestMirrorSets;
import io.greenplum.mirrors.api.MirrorSet;
import io.greenplum.mirrors.api.MirrorSetStatus;
import io.greenplum.mirrors.resources.Labels;
import io.greenplum.mirrors.resources.MirrorResources;
import io.greenplum.mirrors.simulation.SimulatedEnvironment;
import io.greenplum.mirrors.status.Conditions;
import org.junit.jupiter.api.Test;

/**
 * Issue 23 (4): mirror pods run only on nodes the platform team labelled
 * greenplum.io/segment-host=true. The label is required by the pods' node affinity, so the
 * simulated scheduler (as the real one) leaves a pod for a node that lost it Pending: a mirror on
 * that node, once its pod is gone, is not made to run there again until the label is back. The
 * MirrorSet says so, and no other content is touched.
 */
class SegmentHostLabelScenarioTest extends Scenario {

  private void label(String node, String value) {
    String patch =
        "{\"metadata\":{\"labels\":{\""
            + MirrorSet.SEGMENT_HOST_LABEL
            + "\":"
            + (value == null ? "null" : "\"" + value + "\"")
            + "}}}";
    env.client().nodes().withName(node).patch(PatchContext.of(PatchType.JSON_MERGE), patch);
  }

  @Test
  void aNodeThatLostTheSegmentHostLabelRunsNoMirrorPodAgain() throws Exception {
    start(SimulatedEnvironment.layout(2, 2), "sdw1", "sdw2");
    apply("label", TestMirrorSets.group().build());
    awaitPhase("label", "Synchronized");
    Pod onSdw2 =
        pods("label").stream()
            .filter(p -> "sdw2".equals(MirrorResources.node(p)))
            .findFirst()
            .orElseThrow();
    int content = Integer.parseInt(onSdw2.getMetadata().getLabels().get(Labels.CONTENT));

    label("sdw2", null);
    env.client().resource(onSdw2).delete();
    MirrorSetStatus unlabelled =
        awaitStatus(
            "label",
            s ->
                "Invalid".equals(s.getPhase())
                    && s.getMirrors().get(content).getState().matches("Down|Registered"));

    var specValid = Conditions.find(unlabelled.getConditions(), Conditions.SPEC_VALID);
    assertThat(specValid.getReason()).isEqualTo("NodeNotAllowed");
    assertThat(specValid.getMessage())
        .contains("kubectl label node sdw2 greenplum.io/segment-host");
    Thread.sleep(2000);
    Pod again = pod("label", content);
    assertThat(again == null || !"Running".equals(again.getStatus().getPhase()))
        .as("no mirror pod runs on a node without the label")
        .isTrue();

    label("sdw2", "true");
    awaitPhase("label", "Synchronized");
    assertThat(env.simulation().copies(content)).as("started again on its volume").isEqualTo(1);
  }
}
