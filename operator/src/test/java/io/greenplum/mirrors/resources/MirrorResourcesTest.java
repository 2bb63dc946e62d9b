package io.greenplum.mirrors.resources;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.greenplum.mirrors.Fixtures;
import io.greenplum.mirrors.TestMirrorSets;
import io.greenplum.mirrors.api.Annotations;
import io.greenplum.mirrors.api.MirrorSet;
import io.greenplum.mirrors.dump.SegmentConfigurationReader;
import io.greenplum.mirrors.model.SegmentTools;
import io.greenplum.mirrors.plan.MirrorPlanner;
import io.greenplum.mirrors.plan.PlannedMirror;
import java.util.List;
import org.junit.jupiter.api.Test;

class MirrorResourcesTest {
  static final String DIR = "/data/gpdemo/dbfast_mirror1/demoDataDir0";

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

  /** The command line in a capture's "# pg_basebackup ..." header. */
  private static String ran(String fixture) {
    return Fixtures.read(fixture)
        .lines()
        .filter(l -> l.startsWith("# pg_basebackup"))
        .findFirst()
        .orElseThrow()
        .substring(2);
  }

  @Test
  void greenplum7CopiesWithCreateSlotFirstAndFallsBackOnlyWhenTheSlotExists() {
    BaseBackupCommand copy =
        BaseBackupCommand.of(SegmentTools.GREENPLUM_7, DIR, "vm", 7002, "gpadmin", 5);

    assertThat(String.join(" ", copy.first()).replace(" -U gpadmin", ""))
        .isEqualTo(ran("gp7-real/pg_basebackup.create-slot.txt"));
    assertThat(String.join(" ", copy.retry()).replace(" -U gpadmin", ""))
        .isEqualTo(ran("gp7-real/pg_basebackup.no-slot.fails.txt"));
    // The error --create-slot gives at once, copying nothing, when the slot exists.
    assertThat(Fixtures.read("gp7-real/operator-steps-on-real-cluster.txt"))
        .contains(copy.retryWhen());
  }

  @Test
  void greenplum6CopiesWithXlogMethodIntoAnExistingSlot() {
    BaseBackupCommand copy =
        BaseBackupCommand.of(SegmentTools.GREENPLUM_6, DIR, "vm", 7002, "gpadmin", 5);

    // DESIGN.md "Greenplum 6" (gppylib's pg.py); no real Greenplum 6 capture is in fixtures/.
    assertThat(String.join(" ", copy.first()))
        .isEqualTo(
            "pg_basebackup -c fast -D "
                + DIR
                + " -h vm -p 7002 -U gpadmin --slot internal_wal_replication_slot --xlog-method"
                + " stream --force-overwrite --write-recovery-conf -E ./db_dumps -E"
                + " ./gpperfmon/data -E ./gpperfmon/logs -E ./promote -E ./db_analyze"
                + " --target-gp-dbid 5 --progress --verbose");
    assertThat(copy.retry()).isEmpty();
    assertThat(copy.first()).doesNotContain("--create-slot", "--wal-method");
  }

  /** The pod of content 0's mirror, dbid 5, on node worker-vm. */
  private static Pod contentZeroPod(MirrorSet owner, PlannedMirror mirror) {
    return MirrorResources.pod(
        owner,
        new MirrorResources.MirrorPod(
            mirror,
            5,
            "worker-vm",
            "prod-m0-d5",
            "gpadmin",
            SegmentTools.GREENPLUM_7,
            false,
            null,
            true));
  }

  @Test
  void thePodRunsOnlyOnItsNodeAndOnlyWhileTheNodeMayRunGreenplumPods() throws Exception {
    Pod pod = contentZeroPod(owner(), contentZeroOfTheRealCluster());

    assertThat(
            pod.getSpec()
                .getAffinity()
                .getNodeAffinity()
                .getRequiredDuringSchedulingIgnoredDuringExecution()
                .getNodeSelectorTerms())
        .singleElement()
        .satisfies(
            term ->
                assertThat(term.getMatchExpressions())
                    .extracting(e -> e.getKey() + " " + e.getOperator() + " " + e.getValues())
                    .as("its node, and only while the node may run Greenplum pods")
                    .containsExactly(
                        "kubernetes.io/hostname In [worker-vm]",
                        "greenplum.io/segment-host In [true]"));
    assertThat(MirrorResources.node(pod)).isEqualTo("worker-vm");
  }

  @Test
  void thePodRunsTheMirrorOnItsHostsNodeLockedDown() throws Exception {
    PlannedMirror mirror = contentZeroOfTheRealCluster();

    Pod pod = contentZeroPod(owner(), mirror);

    assertThat(pod.getMetadata().getName()).isEqualTo("prod-m0");
    assertThat(pod.getMetadata().getLabels())
        .containsEntry(Labels.MIRROR_SET, "prod")
        .containsEntry(Labels.CONTENT, "0")
        .containsEntry(Labels.DBID, "5")
        .containsEntry(Labels.COMPONENT, "mirror")
        .containsEntry(Labels.ROLE, "mirror");
    assertThat(pod.getMetadata().getOwnerReferences()).isEmpty();
    assertThat(pod.getSpec().getHostNetwork()).isTrue();
    assertThat(pod.getSpec().getAutomountServiceAccountToken()).isFalse();
    assertThat(MirrorResources.onNode("worker-vm")).isEqualTo(pod.getSpec().getAffinity());
    assertThat(pod.getSpec().getSecurityContext().getRunAsNonRoot()).isTrue();
    assertThat(pod.getSpec().getSecurityContext().getFsGroupChangePolicy())
        .isEqualTo("OnRootMismatch");
    assertThat(pod.getSpec().getSecurityContext().getSeccompProfile().getType())
        .isEqualTo("RuntimeDefault");
    assertThat(pod.getSpec().getVolumes())
        .anySatisfy(
            v -> assertThat(v.getPersistentVolumeClaim().getClaimName()).isEqualTo("prod-m0-d5"));
    for (Container c :
        List.of(pod.getSpec().getInitContainers().get(0), pod.getSpec().getContainers().get(0))) {
      assertThat(c.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
      assertThat(c.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
      assertThat(c.getVolumeMounts())
          .anySatisfy(m -> assertThat(m.getMountPath()).isEqualTo("/data/gpdemo/dbfast_mirror1"));
    }
    Container postgres = pod.getSpec().getContainers().get(0);
    assertThat(postgres.getCommand())
        .containsExactly("postgres", "-D", DIR, "-p", "7005", "-c", "gp_role=execute");
    assertThat(postgres.getLifecycle().getPreStop().getExec().getCommand())
        .containsExactly("pg_ctl", "-D", DIR, "stop", "-m", "fast");
    Container init = pod.getSpec().getInitContainers().get(0);
    assertThat(init.getCommand())
        .containsExactly("/bin/bash", "-c", Scripts.MIRROR_INIT, "mirror-init");
    assertThat(init.getArgs())
        .startsWith(
            "--dir",
            DIR,
            "--dbid",
            "5",
            "--standby-file",
            "standby.signal",
            "--acting-primary",
            "false",
            "--peer",
            "vm:7002",
            "--user",
            "gpadmin",
            "--utility",
            "-c gp_role=utility",
            "--role-file",
            MirrorInit.ROLE_FILE,
            "--rewind",
            "--retry-when",
            BaseBackupCommand.SLOT_EXISTS,
            "--",
            "pg_basebackup")
        .contains("::", "--create-slot", "--target-gp-dbid");
    assertThat(pod.getMetadata().getAnnotations()).containsEntry(Annotations.ROLE, "mirror");
    assertThat(init.getVolumeMounts())
        .anySatisfy(m -> assertThat(m.getMountPath()).isEqualTo(MirrorInit.ROLE_DIRECTORY));
    assertThat(pod.getSpec().getVolumes())
        .anySatisfy(
            v -> {
              assertThat(v.getDownwardAPI()).isNotNull();
              assertThat(v.getDownwardAPI().getItems().get(0).getFieldRef().getFieldPath())
                  .isEqualTo("metadata.annotations['greenplum.io/catalog-role']");
            });
  }

  @Test
  void theVolumeClaimBelongsToOneDbidAndToNoOwner() throws Exception {
    PersistentVolumeClaim claim =
        MirrorResources.volumeClaim(owner(), contentZeroOfTheRealCluster(), 5, "prod-m0-d5");

    assertThat(claim.getMetadata().getName()).isEqualTo("prod-m0-d5");
    assertThat(claim.getMetadata().getAnnotations())
        .containsEntry(
            Annotations.LOCATION,
            io.greenplum.mirrors.plan.MirrorLocation.of(contentZeroOfTheRealCluster()).key());
    assertThat(claim.getMetadata().getLabels()).containsEntry(Labels.DBID, "5");
    assertThat(claim.getMetadata().getOwnerReferences()).isEmpty();
    assertThat(claim.getSpec().getResources().getRequests().get("storage").toString())
        .isEqualTo("10Gi");
  }

  @Test
  void thePreflightPodChecksItsHostOnceAndIsOwnedByItsMirrorSet() throws Exception {
    PlannedMirror mirror = contentZeroOfTheRealCluster();

    Pod pod =
        PreflightPod.build(owner(), "vm", "worker-vm", "gpadmin", List.of(mirror.primary()), "abc");

    assertThat(pod.getMetadata().getName()).isEqualTo("prod-preflight-vm");
    assertThat(pod.getMetadata().getLabels())
        .containsEntry(Labels.COMPONENT, "preflight")
        .containsEntry(Labels.CHECKS, "abc")
        .doesNotContainKey(Labels.CONTENT);
    assertThat(pod.getMetadata().getOwnerReferences())
        .singleElement()
        .satisfies(
            o -> {
              assertThat(o.getUid()).isEqualTo("u-1");
              assertThat(o.getBlockOwnerDeletion()).isFalse();
            });
    assertThat(pod.getSpec().getRestartPolicy()).isEqualTo("Never");
    assertThat(pod.getSpec().getActiveDeadlineSeconds()).isEqualTo(PreflightPod.DEADLINE_SECONDS);
    assertThat(pod.getSpec().getHostNetwork()).isTrue();
    assertThat(pod.getSpec().getAutomountServiceAccountToken()).isFalse();
    assertThat(pod.getSpec().getContainers().get(0).getImage()).isEqualTo("greenplum:7");
    assertThat(pod.getSpec().getContainers().get(0).getArgs())
        .containsExactly("gpadmin", "0:vm:7002");
  }

  @Test
  void namesStayDnsSafe() {
    assertThat(Names.mirror("prod", 22)).isEqualTo("prod-m22");
    assertThat(Names.mirror("a".repeat(70), 1023)).hasSize(63).endsWith("-m1023");
    assertThat(Names.volume("a".repeat(70), 1023, 2047)).hasSize(63).endsWith("-m1023-d2047");
    assertThat(Names.preflight("prod", "sdw1")).isEqualTo("prod-preflight-sdw1");
    assertThat(Names.preflight("prod", "SDW_1.example.com"))
        .matches("prod-preflight-sdw-1-example-co-[0-9a-f]{8}");
  }

  @Test
  void theTemplateHashFollowsImageAndResourcesNotTheirKeyOrder() {
    MirrorSet a = owner();
    MirrorSet b = owner();
    a.getSpec()
        .getTemplate()
        .setResources(
            new io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder()
                .addToRequests("cpu", new io.fabric8.kubernetes.api.model.Quantity("2"))
                .addToRequests("memory", new io.fabric8.kubernetes.api.model.Quantity("8Gi"))
                .build());
    b.getSpec()
        .getTemplate()
        .setResources(
            new io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder()
                .addToRequests("memory", new io.fabric8.kubernetes.api.model.Quantity("8Gi"))
                .addToRequests("cpu", new io.fabric8.kubernetes.api.model.Quantity("2"))
                .build());
    String hash = MirrorResources.templateHash(a);
    assertThat(MirrorResources.templateHash(b)).isEqualTo(hash);
    b.getSpec().getTemplate().setImage("greenplum:7.2.0");
    assertThat(MirrorResources.templateHash(b)).isNotEqualTo(hash);
    assertThat(MirrorResources.templateHash(owner())).isNotEqualTo(hash);
  }

  @Test
  void theTemplatesPlacementFieldsReachMirrorAndPreflightPodsAndTheHash() throws Exception {
    MirrorSet ms = owner();
    String before = MirrorResources.templateHash(ms);
    var t = ms.getSpec().getTemplate();
    t.setTolerations(
        List.of(
            new io.fabric8.kubernetes.api.model.TolerationBuilder()
                .withKey("dedicated")
                .withValue("greenplum")
                .withEffect("NoSchedule")
                .build()));
    t.setImagePullSecrets(List.of(new io.fabric8.kubernetes.api.model.LocalObjectReference("reg")));
    t.setPriorityClassName("greenplum-critical");
    t.setNodeSelector(java.util.Map.of("disk", "nvme"));
    t.setEnv(List.of(new io.fabric8.kubernetes.api.model.EnvVar("TZ", "UTC", null)));
    t.setLabels(java.util.Map.of("team", "dba", Labels.CONTENT, "99"));
    t.setAnnotations(java.util.Map.of("backup.example.com/skip", "true"));
    PlannedMirror mirror = contentZeroOfTheRealCluster();

    Pod pod = contentZeroPod(ms, mirror);
    Pod preflight =
        PreflightPod.build(ms, "vm", "worker-vm", "gpadmin", List.of(mirror.primary()), "abc");

    for (Pod p : List.of(pod, preflight)) {
      assertThat(p.getSpec().getTolerations())
          .singleElement()
          .satisfies(x -> assertThat(x.getKey()).isEqualTo("dedicated"));
      assertThat(p.getSpec().getImagePullSecrets()).extracting("name").containsExactly("reg");
      assertThat(p.getSpec().getPriorityClassName()).isEqualTo("greenplum-critical");
      assertThat(p.getSpec().getNodeSelector())
          .containsExactly(java.util.Map.entry("disk", "nvme"));
      assertThat(p.getSpec().getAffinity()).isEqualTo(MirrorResources.onNode("worker-vm"));
    }
    assertThat(pod.getMetadata().getLabels())
        .containsEntry("team", "dba")
        .containsEntry(Labels.CONTENT, "0");
    assertThat(pod.getMetadata().getAnnotations())
        .containsEntry("backup.example.com/skip", "true")
        .containsEntry(MirrorResources.TEMPLATE_HASH, MirrorResources.templateHash(ms));
    assertThat(pod.getSpec().getContainers().get(0).getEnv())
        .extracting("name")
        .containsExactly("TZ");
    assertThat(pod.getSpec().getInitContainers().get(0).getEnv()).extracting("name").contains("TZ");
    assertThat(MirrorResources.templateHash(ms)).isNotEqualTo(before);
    t.setTolerations(null);
    assertThat(MirrorResources.templateHash(ms)).isNotEqualTo(before);
  }
}
