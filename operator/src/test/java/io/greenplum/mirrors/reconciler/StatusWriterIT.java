package io.greenplum.mirrors.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.greenplum.mirrors.TestMirrorSets;
import io.greenplum.mirrors.api.CoordinatorSpec;
import io.greenplum.mirrors.api.MirrorSet;
import io.greenplum.mirrors.api.MirrorSetStatus;
import org.junit.jupiter.api.Test;

/**
 * What a pass starts from while the informer lags behind this operator's own status writes: the
 * last status written, however many writes behind the informer is.
 */
@EnableKubernetesMockClient(crud = true)
class StatusWriterIT {
  KubernetesClient client;

  @Test
  void aPassStartsFromTheLastWriteWhileTheInformerIsSeveralWritesBehind() throws Exception {
    MirrorSet created = created("w");
    StatusWriter statuses = new StatusWriter(client);

    // Two passes start from the same cached copy (the informer has not seen the first write).
    statuses.replace(created, phase("Pending"));
    MirrorSet afterFirst = client.resource(created).get();
    assertThat(statuses.latest(created).getPhase()).isEqualTo("Pending");
    statuses.replace(created, phase("Copying"));
    assertThat(statuses.latest(created).getPhase()).isEqualTo("Copying");
    // The informer now shows the first write, not yet the second: still the second.
    assertThat(afterFirst.getStatus().getPhase()).isEqualTo("Pending");
    assertThat(statuses.latest(afterFirst).getPhase())
        .as("one write behind: the last write, not the status of the first")
        .isEqualTo("Copying");
    // A third write from that copy; then the informer catches up with the server.
    statuses.replace(afterFirst, phase("Synchronized"));
    MirrorSet current = client.resource(created).get();
    assertThat(current.getStatus().getPhase()).isEqualTo("Synchronized");
    assertThat(statuses.latest(current).getPhase()).isEqualTo("Synchronized");
    assertThat(statuses.latest(afterFirst).getPhase())
        .as("once the informer has caught up, the cache is the truth again")
        .isEqualTo("Pending");
  }

  @Test
  void anEditByAnotherClientBetweenTwoWritesIsPlacedByReadingTheServer() throws Exception {
    MirrorSet created = created("e");
    StatusWriter statuses = new StatusWriter(client);

    statuses.replace(created, phase("Promoting"));
    // A person asks for a rebalance: a version this operator neither made nor wrote over.
    MirrorSet edited =
        client
            .resources(MirrorSet.class)
            .inNamespace(created.getMetadata().getNamespace())
            .withName("e")
            .edit(
                ms -> {
                  ms.getMetadata().setAnnotations(java.util.Map.of("greenplum.io/rebalance", "1"));
                  return ms;
                });
    statuses.replace(created, phase("Rewinding"));

    assertThat(edited.getStatus().getPhase()).isEqualTo("Promoting");
    assertThat(statuses.latest(edited).getPhase())
        .as("the informer at the edit: the server's status, the last write")
        .isEqualTo("Rewinding");
    assertThat(statuses.latest(created).getPhase()).isEqualTo("Rewinding");
  }

  private MirrorSet created(String name) throws Exception {
    TestKubernetes.prepare(client, "secret", "sdw1");
    CoordinatorSpec coordinator = new CoordinatorSpec();
    coordinator.setHost("cdw");
    coordinator.setPort(5432);
    return client
        .resource(
            TestMirrorSetResources.mirrorSet(name, TestMirrorSets.group().build(), coordinator))
        .create();
  }

  private static MirrorSetStatus phase(String phase) {
    MirrorSetStatus status = new MirrorSetStatus();
    status.setPhase(phase);
    return status;
  }
}
