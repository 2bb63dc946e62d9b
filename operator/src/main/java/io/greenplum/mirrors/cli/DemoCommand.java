package io.greenplum.mirrors.cli;

import ch.qos.logback.classic.Level;
import io.greenplum.mirrors.api.CoordinatorSpec;
import io.greenplum.mirrors.api.ManifestException;
import io.greenplum.mirrors.api.MirrorSet;
import io.greenplum.mirrors.api.MirrorSetStatus;
import io.greenplum.mirrors.api.MirrorSetYaml;
import io.greenplum.mirrors.api.PlacementStrategy;
import io.greenplum.mirrors.simulation.SimulatedEnvironment;
import io.greenplum.mirrors.simulation.SimulationSpeed;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** gpmirrors demo: the whole job on a simulated cluster, in one process. */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "Adds mirrors to a SIMULATED Greenplum 7 cluster with the real operator, in one process.",
      "",
      "This is a simulation: a mock Kubernetes API server, an embedded PostgreSQL emulating the",
      "Greenplum catalog (gp_segment_configuration, gp_add_segment, FTS, gp_stat_replication),",
      "and a simulated kubelet and segments. No cluster is touched. It applies",
      "deploy/samples/mirrorset-demo.yaml and prints what kubectl get mirrorsets and gpstate -m",
      "would show, until every mirror is synchronised (exit 0) or the timeout (exit 1). With",
      "--scenario it then shows a bad day (a recovery, a failover, a rebalance, a move) and ends",
      "with gpmirrors status -e.",
      "",
      "Against a real cluster: kubectl apply -f crds/, create the Secret, apply a MirrorSet and",
      "run the operator with 'gpmirrors run' (see README.md)."
    })
final class DemoCommand implements Callable<Integer> {
  @Spec private CommandSpec spec;

  @Option(
      names = "--hosts",
      defaultValue = "4",
      description = "Segment hosts (default ${DEFAULT-VALUE}).")
  private int hosts;

  @Option(
      names = "--primaries-per-host",
      defaultValue = "2",
      description = "Primaries on each host (default ${DEFAULT-VALUE}).")
  private int perHost;

  @Option(
      names = "--strategy",
      defaultValue = "Group",
      description = "Group or Spread (default ${DEFAULT-VALUE}).")
  private PlacementStrategy strategy;

  @Option(
      names = "--speed",
      defaultValue = "normal",
      description = "fast, normal or slow (default ${DEFAULT-VALUE}).")
  private String speed;

  @Option(
      names = "--timeout",
      defaultValue = "180",
      description = "Give up after this many seconds (default ${DEFAULT-VALUE}).")
  private int timeoutSeconds;

  @Option(
      names = "--draw",
      defaultValue = "auto",
      description = {
        "in-place: each frame over the last (like watch), cut to the terminal's height;",
        "append: a frame at most every 2 s, one after another (logs);",
        "auto: in-place when stdout is a terminal, else append (default ${DEFAULT-VALUE})."
      })
  private String draw;

  @Option(
      names = "--scenario",
      defaultValue = "add",
      description = {
        "What happens once the mirrors are in sync (default ${DEFAULT-VALUE}): add (nothing),",
        "recovery (a mirror killed, recovered), failover (a primary fails: its mirror acts as",
        "primary), rebalance (a failover, the old primary recovered, a rebalance asked for),",
        "move (placement edited to Spread and the moves approved)."
      })
  private String scenario;

  /** Appended frames at most this often: a 128-mirror run stays a readable log. */
  static final long APPEND_EVERY_NANOS = 2_000_000_000L;

  /** Why the demo cannot start as asked (this installation, or the options), or null. */
  private String refusal() {
    var missing = SimulationLibraries.missing("demo", SimulationLibraries.CLASSES);
    if (missing.isPresent()) {
      return missing.get();
    }
    if (hosts < 1 || hosts > 64 || perHost < 1 || perHost > 16) {
      return "error: --hosts must be 1..64 and --primaries-per-host 1..16";
    }
    if (!List.of("auto", "in-place", "append").contains(draw)) {
      return "error: --draw must be auto, in-place or append, not " + draw;
    }
    return null;
  }

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    String refused = refusal();
    if (refused != null) {
      err.println(refused);
      return Main.INVALID_INPUT;
    }
    DemoScenario bad = DemoScenario.named(scenario);
    if (bad == null) {
      err.println(
          "error: --scenario must be add, recovery, failover, rebalance or move, not " + scenario);
      return Main.INVALID_INPUT;
    }
    SimulationSpeed pace;
    try {
      pace = SimulationSpeed.named(speed);
    } catch (IllegalArgumentException e) {
      err.println("error: " + e.getMessage());
      return Main.INVALID_INPUT;
    }
    ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger("io.greenplum.mirrors"))
        .setLevel(Level.WARN);
    MirrorSet mirrorSet = sample();
    List<String> nodes = new ArrayList<>();
    for (int h = 1; h <= hosts; h++) {
      nodes.add("sdw" + h);
    }
    out.println(
        "gpmirrors demo -- a SIMULATION: mock Kubernetes API, embedded PostgreSQL emulating a"
            + " Greenplum 7 catalog, simulated kubelet and segments; the operator is the real one.");
    out.printf(
        "cluster: %d hosts x %d primaries (sdw1..sdw%d, ports 6000+), strategy %s%n",
        hosts, perHost, hosts, strategy);
    out.flush();
    long started = System.nanoTime();
    try (SimulatedEnvironment env =
        SimulatedEnvironment.start(SimulatedEnvironment.layout(hosts, perHost), nodes, pace)) {
      CoordinatorSpec coordinator = env.cluster().coordinatorSpec();
      coordinator.setPasswordSecret(mirrorSet.getSpec().getCoordinator().getPasswordSecret());
      mirrorSet.getSpec().setCoordinator(coordinator);
      mirrorSet.getSpec().getPlacement().setStrategy(strategy);
      if (strategy == PlacementStrategy.Spread && hosts <= perHost) {
        out.println("note: Spread needs more hosts than primaries per host; expect phase Invalid");
      }
      out.printf(
          "applying deploy/samples/mirrorset-demo.yaml (spec.coordinator -> the emulated"
              + " coordinator at %s:%d)%n%n",
          coordinator.getHost(), coordinator.getPort());
      out.flush();
      env.client().resource(mirrorSet).create();
      Frames frames =
          "in-place".equals(draw) || ("auto".equals(draw) && System.console() != null)
              ? new Frames(out, terminalRows() - 1)
              : new Frames(out, 0);
      int code = watch(env, out, frames, started);
      for (DemoScenario.Step step : code == 0 ? bad.steps() : List.<DemoScenario.Step>of()) {
        out.printf("%n>>> %s%n%n", step.says());
        out.flush();
        step.act().on(env, DEMO);
        frames.again();
        code = until(env, out, frames, started, step);
        if (code != 0) {
          break;
        }
      }
      if (bad != DemoScenario.ADD) {
        out.printf("%n$ gpmirrors status -n %s -e%n", SimulatedEnvironment.NAMESPACE);
        out.print(StatusReport.render(List.of(current(env)), StatusReport.View.ERRORS));
        out.flush();
      }
      return code;
    }
  }

  private static final String DEMO = "demo-mirrors";

  private static MirrorSet current(SimulatedEnvironment env) {
    return env.client()
        .resources(MirrorSet.class)
        .inNamespace(SimulatedEnvironment.NAMESPACE)
        .withName(DEMO)
        .get();
  }

  /** Draws frames until the step's status is reached (0) or the timeout (1). */
  private int until(
      SimulatedEnvironment env,
      PrintWriter out,
      Frames frames,
      long started,
      DemoScenario.Step step)
      throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(timeoutSeconds).toNanos();
    MirrorSetStatus status = null;
    while (System.nanoTime() < deadline) {
      MirrorSet ms = current(env);
      status = ms == null ? null : ms.getStatus();
      double seconds = (System.nanoTime() - started) / 1e9;
      // Only a status of the spec as it is now counts (an edit is not seen at once).
      boolean seen =
          status != null
              && status.getObservedGeneration() != null
              && status.getObservedGeneration().equals(ms.getMetadata().getGeneration());
      boolean reached = seen && step.until().test(status);
      frames.show(status, seconds, reached);
      if (reached) {
        out.printf("%n%s after %.1f s%n", step.reached(), seconds);
        out.flush();
        return 0;
      }
      if (seen && "Invalid".equals(status.getPhase())) {
        out.printf("%nthe MirrorSet is Invalid: %s%n", DemoScreen.conditions(status));
        out.flush();
        return 1;
      }
      Thread.sleep(250);
    }
    out.printf(
        "%ngave up after %d s waiting for: %s (%s)%n",
        timeoutSeconds,
        step.reached(),
        status == null ? "no status" : "phase " + status.getPhase());
    out.flush();
    return 1;
  }

  private int watch(SimulatedEnvironment env, PrintWriter out, Frames frames, long started)
      throws InterruptedException {
    long deadline = started + Duration.ofSeconds(timeoutSeconds).toNanos();
    MirrorSetStatus status = null;
    while (System.nanoTime() < deadline) {
      MirrorSet current = current(env);
      status = current == null ? null : current.getStatus();
      double seconds = (System.nanoTime() - started) / 1e9;
      boolean last =
          status != null
              && ("Synchronized".equals(status.getPhase()) || "Invalid".equals(status.getPhase()));
      frames.show(status, seconds, last);
      if (status != null && "Synchronized".equals(status.getPhase())) {
        out.printf("%nall %d mirrors Synchronized after %.1f s%n", status.getDesired(), seconds);
        out.flush();
        return 0;
      }
      if (status != null && "Invalid".equals(status.getPhase())) {
        out.printf("%nthe MirrorSet is Invalid: %s%n", DemoScreen.conditions(status));
        out.flush();
        return 1;
      }
      Thread.sleep(250);
    }
    out.printf(
        "%ngave up after %d s: %s%n",
        timeoutSeconds,
        status == null
            ? "no status"
            : "phase " + status.getPhase() + "; " + DemoScreen.conditions(status));
    out.flush();
    return 1;
  }

  /**
   * Prints frames: over one another, cut to {@code height} lines, when height > 0 (a terminal);
   * else one after another, at most one each {@link #APPEND_EVERY_NANOS} and always the last.
   */
  private static final class Frames {
    private final DemoScreen screen = new DemoScreen();
    private final PrintWriter out;
    private final int height;
    private int drawnLines;
    private long printedAt;

    Frames(PrintWriter out, int height) {
      this.out = out;
      this.height = height;
    }

    /** After a message: the next frame is drawn below it, not over the last one. */
    void again() {
      drawnLines = 0;
      printedAt = 0;
    }

    void show(MirrorSetStatus status, double seconds, boolean last) {
      long now = System.nanoTime();
      if (height <= 0 && !last && printedAt != 0 && now - printedAt < APPEND_EVERY_NANOS) {
        return;
      }
      String frame = screen.frame(status, seconds);
      if (frame == null) {
        return;
      }
      printedAt = now;
      if (height > 0) {
        String fitted = DemoScreen.fit(frame, height);
        out.print(DemoScreen.inPlace(fitted, drawnLines));
        drawnLines = DemoScreen.lines(fitted);
      } else {
        out.print(frame);
      }
      out.flush();
    }
  }

  /** The terminal's height: $LINES, else what stty says of /dev/tty, else 24. */
  private static int terminalRows() {
    try {
      String lines = System.getenv("LINES");
      if (lines != null) {
        return Math.max(5, Integer.parseInt(lines.trim()));
      }
      Process stty =
          new ProcessBuilder("stty", "size")
              .redirectInput(new java.io.File("/dev/tty"))
              .redirectErrorStream(true)
              .start();
      if (stty.waitFor(1, java.util.concurrent.TimeUnit.SECONDS) && stty.exitValue() == 0) {
        String size = new String(stty.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return Math.max(5, Integer.parseInt(size.trim().split("\\s+")[0]));
      }
    } catch (IOException | NumberFormatException e) {
      // not a terminal we can ask: the common height
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return 24;
  }

  private static MirrorSet sample() throws IOException, ManifestException {
    try (InputStream in =
        DemoCommand.class.getClassLoader().getResourceAsStream("samples/mirrorset-demo.yaml")) {
      if (in == null) {
        throw new IOException("the jar lacks samples/mirrorset-demo.yaml");
      }
      return MirrorSetYaml.read(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
  }
}
