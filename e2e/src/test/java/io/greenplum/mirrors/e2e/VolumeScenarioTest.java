package io.greenplum.mirrors.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.storage.StorageClassBuilder;
import io.greenplum.mirrors.TestMirrorSets;
import io.greenplum.mirrors.api.MirrorSetStatus;
import io.greenplum.mirrors.simulation.SimulatedEnvironment;
import io.greenplum.mirrors.status.Conditions;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * spec.storage edited on a running MirrorSet: a larger size grows every claim in place (no pod
 * restarted, no copy); a smaller size or another class is refused and changes nothing; a class that
 * does not allow expansion is reported and nothing is patched.
 */
class VolumeScenarioTest extends Scenario {

  private void storageClass(String name, Boolean expands) {
    env.client()
        .resource(
            new StorageClassBuilder()
                .withNewMetadata()
                .withName(name)
                .endMetadata()
                .withProvisioner("example.com/csi")
                .withAllowVolumeExpansion(expands)
                .build())
        .create();
  }

  private void startWith(String name, String storageClass) throws Exception {
    start(SimulatedEnvironment.layout(2, 2), "sdw1", "sdw2");
    storageClass("expandable", true);
    storageClass("fixed", null);
    var spec = TestMirrorSets.group().build();
    spec.getStorage().setStorageClassName(storageClass);
    apply(name, spec);
    awaitPhase(name, "Synchronized");
  }

  private Map<String, String> sizes(String name) {
    Map<String, String> sizes = new TreeMap<>();
    for (PersistentVolumeClaim c : volumes(name)) {
      sizes.put(
          c.getMetadata().getName(),
          c.getSpec().getResources().getRequests().get("storage").toString());
    }
    return sizes;
  }

  private Map<String, String> podUids(String name) {
    Map<String, String> uids = new TreeMap<>();
    for (Pod p : pods(name)) {
      uids.put(p.getMetadata().getName(), p.getMetadata().getUid());
    }
    return uids;
  }

  @Test
  void aLargerSizeGrowsEveryClaimInPlaceAndShrinkingOrAnotherClassIsRefused() throws Exception {
    startWith("vol", "expandable");
    Map<String, String> uids = podUids("vol");

    edit("vol", s -> s.getStorage().setSize("20Gi"));
    awaitStatus("vol", s -> sizes("vol").values().stream().allMatch("20Gi"::equals));
    assertThat(sizes("vol")).hasSize(4);
    // One event per pass: the first names the four claims; a pass that started before the claim
    // informer had the patches patches again (idempotent) and says so in one more event.
    List<String> growing = events("VolumeGrowing");
    assertThat(growing.get(0)).startsWith("4 volume claims (").endsWith("asked to grow to 20Gi");
    assertThat(growing).allMatch(e -> e.endsWith("asked to grow to 20Gi")).hasSizeLessThan(4);
    assertThat(awaitPhase("vol", "Synchronized").getSynchronizedCount()).isEqualTo(4);
    assertThat(podUids("vol")).as("no pod restarted, nothing copied").isEqualTo(uids);

    edit("vol", s -> s.getStorage().setSize("5Gi"));
    MirrorSetStatus shrunk = awaitPhase("vol", "Invalid");
    var valid = Conditions.find(shrunk.getConditions(), Conditions.SPEC_VALID);
    assertThat(valid.getReason()).isEqualTo("StorageShrinkRefused");
    assertThat(valid.getMessage()).contains("storage.size 5Gi", "never shrunk", "at least 20Gi");

    edit(
        "vol",
        s -> {
          s.getStorage().setSize("20Gi");
          s.getStorage().setStorageClassName("fixed");
        });
    MirrorSetStatus reclassed =
        awaitStatus(
            "vol",
            s ->
                "StorageClassChangeRefused"
                    .equals(Conditions.find(s.getConditions(), Conditions.SPEC_VALID).getReason()));
    assertThat(Conditions.find(reclassed.getConditions(), Conditions.SPEC_VALID).getMessage())
        .contains("'fixed'", "'expandable'");
    Thread.sleep(1000);
    assertThat(sizes("vol").values()).containsOnly("20Gi");
    assertThat(podUids("vol")).isEqualTo(uids);

    edit("vol", s -> s.getStorage().setStorageClassName("expandable"));
    awaitPhase("vol", "Synchronized");
  }

  @Test
  void aClassThatDoesNotExpandIsReportedAndNoClaimIsTouched() throws Exception {
    startWith("fixed", "fixed");

    edit("fixed", s -> s.getStorage().setSize("50Gi"));
    MirrorSetStatus status =
        awaitStatus(
            "fixed",
            s ->
                "VolumeExpansionNotAllowed"
                    .equals(Conditions.find(s.getConditions(), Conditions.DEGRADED).getReason()));

    assertThat(Conditions.find(status.getConditions(), Conditions.DEGRADED).getMessage())
        .contains("storage.size 50Gi", "[fixed]", "allowVolumeExpansion", "no volume was changed");
    Thread.sleep(1000);
    assertThat(sizes("fixed").values()).containsOnly("10Gi");
    assertThat(events("VolumeGrowing")).isEmpty();
    List<String> phases = List.of(status.getPhase());
    assertThat(phases).containsExactly("Degraded");
  }
}
