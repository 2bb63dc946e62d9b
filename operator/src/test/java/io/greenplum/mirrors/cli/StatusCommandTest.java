package io.greenplum.mirrors.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.greenplum.mirrors.Fixtures;
import io.greenplum.mirrors.TestMirrorSets;
import io.greenplum.mirrors.api.MirrorSet;
import io.greenplum.mirrors.api.MirrorSetStatus;
import io.greenplum.mirrors.status.TestStatuses;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * gpmirrors status against the mock API server, on statuses the operator's StatusBuilder derived
 * from states the real Greenplum 7 cluster showed (TestStatuses).
 */
@EnableKubernetesMockClient(crud = true)
class StatusCommandTest {
  KubernetesClient client;

  record Run(int exit, String out, String err) {}

  private Run status(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli =
        new CommandLine(
            new StatusCommand(
                () -> new KubernetesClientBuilder().withConfig(client.getConfiguration()).build()));
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    cli.getCommandSpec().exitCodeOnInvalidInput(Main.INVALID_INPUT);
    int exit = cli.execute(args);
    return new Run(exit, out.toString(), err.toString());
  }

  private void mirrorSet(String namespace, String name, MirrorSetStatus status) {
    MirrorSet ms = new MirrorSet();
    ms.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(namespace).build());
    ms.setSpec(TestMirrorSets.group().build());
    client.resource(ms).create();
    ms = client.resources(MirrorSet.class).inNamespace(namespace).withName(name).get();
    ms.setStatus(status);
    client.resource(ms).updateStatus();
  }

  /** gpstate's lines without their log prefix ("...-[INFO]:-"). */
  private static List<String> gpstate(String file) throws Exception {
    return Arrays.stream(Fixtures.read("gp7-real/" + file).split("\n"))
        .filter(l -> l.contains("]:-"))
        .map(l -> l.substring(l.indexOf("]:-") + 3))
        .toList();
  }

  @Test
  void allPairsInSyncExitZeroWithTheSummaryAndOneRowPerContent() throws Exception {
    mirrorSet("greenplum", "prod", TestStatuses.synchronizedPairs());

    Run run = status("-n", "greenplum", "prod");

    assertThat(run.exit()).as(run.out() + run.err()).isZero();
    assertThat(run.out())
        .startsWith("MirrorSet greenplum/prod: Synchronized (Greenplum 7.0.0)\n")
        .contains("mirrors 3, synchronized 3, down 0, roles switched 0, copying 0")
        .contains("CONTENT   PRIMARY   MIRROR    ROLE   MODE   STATUS   STATE")
        .contains("0         vm:7002   vm:7005   m      s      u        Synchronized");
    assertThat(status("-n", "greenplum", "-e").out()).contains("All segments are running normally");
  }

  @Test
  void rolesSwitchedListTheSamePairsAsGpstateE() throws Exception {
    mirrorSet("greenplum", "prod", TestStatuses.rolesSwitched());

    Run run = status("-n", "greenplum", "-e");

    assertThat(run.exit()).as("not every pair in sync").isEqualTo(1);
    List<String> real = gpstate("gpstate-e.roles-switched.txt");
    List<String> ours = List.of(run.out().split("\n"));
    for (String title :
        List.of(
            "Segments with Primary and Mirror Roles Switched", "Unsynchronized Segment Pairs")) {
      int at = real.indexOf(title);
      assertThat(ours).as(title).containsSequence(real.subList(at, at + 3));
    }
    assertThat(run.out())
        .contains("Downed Segments")
        .containsPattern("   vm        7002   Down            the preferred primary of content 0");
    assertThat(status("-n", "greenplum", "-m").out())
        .contains("vm       /data/gpdemo/dbfast_mirror1/demoDataDir0   7005   Acting as Primary")
        .contains("1 segment(s) configured as mirror(s) are acting as primaries")
        .contains("1 mirror segment(s) acting as primaries are not synchronized");
  }

  @Test
  void aDownMirrorIsFailedInTheMirrorListAndExplainedPerPair() throws Exception {
    mirrorSet("greenplum", "prod", TestStatuses.mirrorDown());

    Run list = status("-n", "greenplum", "-m");
    Run pairs = status("-n", "greenplum", "-s");

    assertThat(list.exit()).isEqualTo(1);
    assertThat(list.out()).containsPattern("7006 +Failed +Not In Sync");
    assertThat(pairs.out())
        .contains("Content 1")
        .containsPattern("Mode / status +: n / d".replace(":", "="))
        .containsPattern("State +: Down since".replace(":", "="))
        .contains("the mirror pod is missing; it is recreated on its volume");
  }

  @Test
  void aCopyShowsItsProgressAndEveryNamespaceCanBeListed() throws Exception {
    mirrorSet("greenplum", "prod", TestStatuses.copying());
    mirrorSet("other", "test", TestStatuses.synchronizedPairs());

    Run all = status("--all-namespaces");

    assertThat(all.exit()).isEqualTo(1);
    assertThat(all.out())
        .contains("MirrorSet greenplum/prod: ", "MirrorSet other/test: Synchronized")
        .containsPattern("CopyingFromPrimary +- +- +[1-9][0-9]?%");
    JsonNode json = new ObjectMapper().readTree(status("-A", "-o", "json").out());
    assertThat(json.path("items")).hasSize(2);
    assertThat(
            json.path("items").get(0).path("status").path("mirrors").get(0).path("percent").asInt())
        .as("greenplum/prod first, content 0 copying")
        .isPositive();
  }

  @Test
  void usageErrorsExitTwoAndSayWhy() {
    Run bad = status("-o", "xml");
    Run both = status("-e", "-m");
    Run missing = status("-n", "greenplum", "nope");

    assertThat(bad.exit()).isEqualTo(2);
    assertThat(bad.err()).contains("expected table, yaml or json");
    assertThat(both.exit()).isEqualTo(2);
    assertThat(missing.exit()).isEqualTo(2);
    assertThat(missing.err()).contains("MirrorSet nope not found in namespace greenplum");
    assertThat(status("-n", "empty").exit()).as("nothing to call in sync").isEqualTo(1);
  }

  @Test
  void watchPrintsAgainOnlyWhenWhatIsShownChangesAndEndsOnAnInterrupt() throws Exception {
    mirrorSet("greenplum", "prod", TestStatuses.copying());
    StringWriter out = new StringWriter();
    CommandLine cli =
        new CommandLine(
            new StatusCommand(
                () -> new KubernetesClientBuilder().withConfig(client.getConfiguration()).build()));
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(new StringWriter(), true));
    int[] exit = {-1};
    Thread watching =
        new Thread(() -> exit[0] = cli.execute("-n", "greenplum", "prod", "-w", "--interval", "1"));
    watching.start();
    org.awaitility.Awaitility.await()
        .atMost(java.time.Duration.ofSeconds(10))
        .until(() -> out.toString().contains("Provisioning"));
    Thread.sleep(2500);
    assertThat(out.toString().split("--- ", -1)).as("nothing changed: printed once").hasSize(2);

    MirrorSet ms =
        client.resources(MirrorSet.class).inNamespace("greenplum").withName("prod").get();
    ms.setStatus(TestStatuses.synchronizedPairs());
    client.resource(ms).updateStatus();
    org.awaitility.Awaitility.await()
        .atMost(java.time.Duration.ofSeconds(10))
        .until(() -> out.toString().contains("prod: Synchronized"));
    Thread.sleep(1500);
    watching.interrupt();
    watching.join(10_000);

    assertThat(watching.isAlive()).isFalse();
    assertThat(exit[0]).as("the last look: every pair in sync").isZero();
    assertThat(out.toString().split("--- ", -1)).hasSize(3);
  }
}
