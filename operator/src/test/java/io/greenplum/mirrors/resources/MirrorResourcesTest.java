package io.greenplum.mirrors.resources;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.greenplum.mirrors.Fixtures;
import io.greenplum.mirrors.TestMirrorSets;
import io.greenplum.mirrors.api.MirrorSet;
import io.greenplum.mirrors.dump.SegmentConfigurationReader;
import io.greenplum.mirrors.plan.MirrorPlanner;
import io.greenplum.mirrors.plan.PlannedMirror;
import java.util.List;
import org.junit.jupiter.api.Test;

class MirrorResourcesTest {

  private static MirrorSet owner() {
    MirrorSet ms = new MirrorSet();
    ms.setMetadata(
        new ObjectMetaBuilder().withName("prod").withNamespace("greenplum").withUid("u-1").build());
    ms.setSpec(
        TestMirrorSets.group()
            .allowSameHost()
            .offset(3)
            .dataDirectories(
                "/data/gpdemo/dbfast_mirror1",
                "/data/gpdemo/dbfast_mirror2",
                "/data/gpdemo/dbfast_mirror3")
            .build());
    return ms;
  }

  private static PlannedMirror contentZeroOfTheRealCluster() throws Exception {
    var cluster = SegmentConfigurationReader.read(Fixtures.read("gp7-real/01-mirrorless.txt"));
    return MirrorPlanner.plan(cluster, owner().getSpec()).plan().byContent().get(0);
  }

  @Test
  void theBaseBackupIsTheCommandGpaddmirrorsRan() throws Exception {
    String ran =
        Fixtures.read("gp7-real/pg_basebackup.no-slot.fails.txt")
            .lines()
            .filter(l -> l.startsWith("# pg_basebackup"))
            .findFirst()
            .orElseThrow()
            .substring(2);
    String retried =
        Fixtures.read("gp7-real/pg_basebackup.create-slot.txt")
            .lines()
            .filter(l -> l.startsWith("# pg_basebackup"))
            .findFirst()
            .orElseThrow()
            .substring(2);

    List<String> first =
        BaseBackupCommand.arguments(
            "/data/gpdemo/dbfast_mirror1/demoDataDir0", "vm", 7002, "gpadmin", 5, false);
    List<String> retry =
        BaseBackupCommand.arguments(
            "/data/gpdemo/dbfast_mirror1/demoDataDir0", "vm", 7002, "gpadmin", 5, true);

    assertThat(String.join(" ", first).replace(" -U gpadmin", "")).isEqualTo(ran);
    assertThat(String.join(" ", retry).replace(" -U gpadmin", "")).isEqualTo(retried);
  }

  @Test
  void thePodRunsTheMirrorOnItsHostsNodeLockedDown() throws Exception {
    PlannedMirror mirror = contentZeroOfTheRealCluster();

    Pod pod = MirrorResources.pod(owner(), mirror, 5, "worker-vm", "gpadmin");

    assertThat(pod.getMetadata().getName()).isEqualTo("prod-m0");
    assertThat(pod.getMetadata().getLabels())
        .containsEntry(Labels.MIRROR_SET, "prod")
        .containsEntry(Labels.CONTENT, "0")
        .containsEntry(Labels.DBID, "5")
        .containsEntry(Labels.ROLE, "mirror");
    assertThat(pod.getMetadata().getOwnerReferences())
        .singleElement()
        .satisfies(o -> assertThat(o.getUid()).isEqualTo("u-1"));
    assertThat(pod.getSpec().getHostNetwork()).isTrue();
    assertThat(
            pod.getSpec()
                .getAffinity()
                .getNodeAffinity()
                .getRequiredDuringSchedulingIgnoredDuringExecution()
                .getNodeSelectorTerms()
                .get(0)
                .getMatchExpressions()
                .get(0)
                .getValues())
        .containsExactly("worker-vm");
    assertThat(pod.getSpec().getSecurityContext().getRunAsNonRoot()).isTrue();
    assertThat(pod.getSpec().getSecurityContext().getSeccompProfile().getType())
        .isEqualTo("RuntimeDefault");
    for (Container c :
        List.of(pod.getSpec().getInitContainers().get(0), pod.getSpec().getContainers().get(0))) {
      assertThat(c.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
      assertThat(c.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
      assertThat(c.getVolumeMounts())
          .anySatisfy(m -> assertThat(m.getMountPath()).isEqualTo("/data/gpdemo/dbfast_mirror1"));
    }
    assertThat(pod.getSpec().getContainers().get(0).getCommand())
        .containsExactly(
            "postgres",
            "-D",
            "/data/gpdemo/dbfast_mirror1/demoDataDir0",
            "-p",
            "7005",
            "-c",
            "gp_role=execute");
    assertThat(pod.getSpec().getInitContainers().get(0).getArgs())
        .startsWith("/data/gpdemo/dbfast_mirror1/demoDataDir0", "pg_basebackup")
        .contains("::", "--create-slot", "--target-gp-dbid", "5");
  }

  @Test
  void theVolumeClaimHasTheTemplatesSize() throws Exception {
    PersistentVolumeClaim claim =
        MirrorResources.volumeClaim(owner(), contentZeroOfTheRealCluster(), 5);

    assertThat(claim.getMetadata().getName()).isEqualTo("prod-m0");
    assertThat(claim.getSpec().getResources().getRequests().get("storage").toString())
        .isEqualTo("10Gi");
  }

  @Test
  void namesStayDnsSafe() {
    assertThat(Names.mirror("prod", 22)).isEqualTo("prod-m22");
    assertThat(Names.mirror("a".repeat(70), 1023)).hasSize(63).endsWith("-m1023");
  }
}
