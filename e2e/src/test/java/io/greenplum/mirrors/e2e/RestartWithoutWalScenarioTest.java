package io.greenplum.mirrors.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.greenplum.mirrors.TestMirrorSets;
import io.greenplum.mirrors.resources.Names;
import io.greenplum.mirrors.simulation.SimulatedEnvironment;
import java.time.Duration;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * A mirror restarted on its volume after the WAL it needs was removed is copied in full (issue 22,
 * sequence 4): whether a rolling update restarted it or its pod was deleted and made again, it runs
 * but cannot stream, FTS marks it down, and its log says the WAL is gone. Before, it never went
 * through Down or Recovering, its log was not read, and its row said CatchingUp for ever.
 */
class RestartWithoutWalScenarioTest extends Scenario {

  @Test
  void aPodDeletedAfterItsWalWasRemovedIsCopiedAgain() throws Exception {
    restartedWithoutWal(
        "deleted",
        content ->
            env.client()
                .pods()
                .inNamespace(NAMESPACE)
                .withName(Names.mirror("deleted", content))
                .delete());
  }

  @Test
  void aRollOntoAMirrorWhoseWalWasRemovedCopiesItAgain() throws Exception {
    restartedWithoutWal(
        "rolled", content -> edit("rolled", s -> s.getTemplate().setImage("greenplum:7.1.1")));
  }

  private void restartedWithoutWal(String name, Consumer<Integer> restart) throws Exception {
    start(SimulatedEnvironment.layout(2, 2), "sdw1", "sdw2");
    apply(name, TestMirrorSets.group().build());
    awaitPhase(name, "Synchronized");
    int dbid = catalogNow().mirrorsByContent().get(1).dbid();
    int copies = env.simulation().copies(1);

    env.simulation().removeWal(1);
    restart.accept(1);
    await()
        .atMost(Duration.ofSeconds(90))
        .until(
            () ->
                env.simulation().copies(1) == copies + 1
                    && "Synchronized".equals(status(name).getPhase()));

    assertThat(events("MirrorRecoveryStarted"))
        .anySatisfy(
            m -> assertThat(m).startsWith("Full recovery").contains("WAL it needs was removed"));
    assertThat(initMessage(pod(name, 1))).startsWith("copied: dbid=" + dbid + " copy=");
    assertThat(catalogNow().mirrorsByContent().get(1).dbid()).isEqualTo(dbid);
  }
}
