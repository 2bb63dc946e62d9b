package io.greenplum.mirrors.cli;

import ch.qos.logback.classic.Level;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.greenplum.mirrors.api.CoordinatorSpec;
import io.greenplum.mirrors.api.ManifestException;
import io.greenplum.mirrors.api.MirrorSet;
import io.greenplum.mirrors.api.MirrorSetStatus;
import io.greenplum.mirrors.api.MirrorSetYaml;
import io.greenplum.mirrors.api.MirrorStatus;
import io.greenplum.mirrors.catalog.JdbcGreenplumCatalog;
import io.greenplum.mirrors.model.ContentRanges;
import io.greenplum.mirrors.reconciler.OperatorRuntime;
import io.greenplum.mirrors.resources.Labels;
import io.greenplum.mirrors.simulation.CatalogCalls;
import io.greenplum.mirrors.simulation.SimulatedEnvironment;
import io.greenplum.mirrors.simulation.SimulationSpeed;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * gpmirrors bench: the operator at scale on the embedded default, each figure printed beside its
 * target (issue 14): a mock API server, the emulated coordinator and the instant kubelet (no
 * process per container), so that the figures are the operator's.
 */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = {
      "Measures the operator at scale on a SIMULATED cluster (mock Kubernetes API, emulated",
      "Greenplum 7 catalog, a kubelet that runs no process) and prints a table: case, figure,",
      "target, pass. Default: 125 hosts x 8 primaries = 1,000 mirrors, maxParallel 64."
    })
final class BenchCommand implements Callable<Integer> {
  private static final String NAME = "bench-mirrors";

  @Spec private CommandSpec spec;

  @Option(
      names = "--hosts",
      defaultValue = "125",
      description = "Segment hosts (${DEFAULT-VALUE}).")
  private int hosts;

  @Option(
      names = "--primaries-per-host",
      defaultValue = "8",
      description = "Primaries on each host (${DEFAULT-VALUE}).")
  private int perHost;

  @Option(
      names = "--max-parallel",
      defaultValue = "64",
      description = "spec.maxParallel (${DEFAULT-VALUE}).")
  private int maxParallel;

  @Option(
      names = "--copy-seconds",
      defaultValue = "60",
      description =
          "S7: how long each simulated base backup takes, 16 mirrors at once (${DEFAULT-VALUE}).")
  private int copySeconds;

  @Option(
      names = "--steady-seconds",
      defaultValue = "20",
      description = "How long the steady state is watched (${DEFAULT-VALUE}).")
  private int steadySeconds;

  @Option(
      names = "--copying-seconds",
      defaultValue = "60",
      description =
          "S9: how long the status writes are counted while the mirrors copy, each copy a third"
              + " of it (${DEFAULT-VALUE}).")
  private int copyingSeconds;

  /** One row of the table. */
  record Row(String id, String what, String figure, String target, Boolean pass) {
    /** The case's number, for the order of the table: S2 before S10. */
    int number() {
      return Integer.parseInt(id.replaceAll("^S([0-9]+).*", "$1"));
    }
  }

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    var missing = SimulationLibraries.missing("bench", SimulationLibraries.CLASSES);
    if (missing.isPresent()) {
      spec.commandLine().getErr().println(missing.get());
      return Main.INVALID_INPUT;
    }
    if (hosts < 2 || hosts > 500 || perHost < 1 || perHost > 16 || maxParallel < 1) {
      spec.commandLine()
          .getErr()
          .println(
              "error: --hosts must be 2..500, --primaries-per-host 1..16, --max-parallel >= 1");
      return Main.INVALID_INPUT;
    }
    ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger("io.greenplum.mirrors"))
        .setLevel(Level.WARN);
    int mirrors = hosts * perHost;
    List<String> nodes = new ArrayList<>();
    for (int h = 1; h <= hosts; h++) {
      nodes.add("sdw" + h);
    }
    out.printf(
        "gpmirrors bench -- SIMULATION: %d hosts x %d primaries = %d mirrors, maxParallel %d;"
            + " %d cores, %d MiB max heap%n",
        hosts,
        perHost,
        mirrors,
        maxParallel,
        Runtime.getRuntime().availableProcessors(),
        Runtime.getRuntime().maxMemory() >> 20);
    out.flush();
    List<Row> rows = new ArrayList<>();
    try (SimulatedEnvironment env =
        SimulatedEnvironment.startInstant(
            SimulatedEnvironment.layout(hosts, perHost),
            nodes,
            SimulationSpeed.fast(),
            o -> o.withIntervals(Duration.ofMillis(300), Duration.ofSeconds(2)).withHttpPort(0))) {
      Requests requests = new Requests(env);
      requests.start();
      addMirrors(env, mirrors, requests, rows);
      out.printf("API writes to in sync, by kind: %s%n", requests.byKind);
      out.printf("events to in sync, by reason: %s%n", eventsByReason(env));
      out.printf(
          "CPU to in sync, by part: %s%n", cpuByPart(env.cluster().coordinatorSpec().getPort()));
      List<Integer> told = synchronizedTold(env);
      out.printf(
          "MirrorSynchronized events name %d contents, %d distinct%n",
          told.size(), told.stream().distinct().count());
      out.flush();
      steady(env, mirrors, requests, rows);
      try {
        downAndBack(env, rows);
      } catch (IllegalStateException e) {
        rows.add(
            new Row("S5/S6", "could not be measured", "failed: " + e.getMessage(), "-", false));
      }
      scrape(env, mirrors, rows);
      footprint(env, rows);
      requests.stop();
    }
    rows.add(attempt("S7", this::copyBound));
    rows.add(attempt("S8", this::demoCpu));
    rows.add(attempt("S9", () -> statusWhileCopying(mirrors, nodes)));
    rows.sort(java.util.Comparator.comparingInt(Row::number));
    print(out, rows);
    return rows.stream().anyMatch(r -> Boolean.FALSE.equals(r.pass())) ? 1 : 0;
  }

  /** S1 and S2: registration and the first wave of pods, then writes per mirror to in sync. */
  private void addMirrors(SimulatedEnvironment env, int mirrors, Requests requests, List<Row> rows)
      throws Exception {
    MirrorSet ms = mirrorSet(env);
    JdbcGreenplumCatalog catalog = new JdbcGreenplumCatalog(env.cluster().settings());
    long start = System.nanoTime();
    env.client().resource(ms).create();
    double registered =
        await(() -> catalogMirrors(catalog) == mirrors, Duration.ofMinutes(5), start);
    int wave = Math.min(maxParallel, mirrors);
    double firstWave = await(() -> mirrorPods(env) >= wave, Duration.ofMinutes(5), start);
    rows.add(
        new Row(
            "S1",
            "registered (one transaction) / first " + wave + " pods made, s",
            String.format("%.1f / %.1f", registered, firstWave),
            "<= 30",
            firstWave <= 30));
    double synced = await(() -> synchronizedCount(env) == mirrors, Duration.ofMinutes(15), start);
    int writes = requests.writes.get();
    rows.add(
        new Row(
            "S2",
            "API writes per mirror to in sync (" + writes + " in " + fmt(synced) + " s)",
            String.format("%.2f", writes / (double) mirrors),
            "<= 5",
            writes <= 5 * mirrors));
  }

  /**
   * Catalog calls a pass may make with every mirror in sync: it reads the version, the segment
   * configuration and the replication view (3 measured, at 8 mirrors as at 1,000); the history and
   * the FTS grace period only when it needs them. One call per mirror would be far above this.
   */
  private static final int STEADY_CALLS_PER_PASS = 8;

  /** S3: what the operator writes while every mirror is in sync; S2: catalog calls per pass. */
  private void steady(SimulatedEnvironment env, int mirrors, Requests requests, List<Row> rows)
      throws Exception {
    double addingCalls =
        env.catalogCalls().calls() / (double) Math.max(1, env.catalogCalls().passes());
    Thread.sleep(3000);
    int before = requests.writes.get();
    int historyBefore = env.cluster().emulation().history().size();
    CatalogCalls catalog = env.catalogCalls();
    long callsBefore = catalog.calls();
    long passesBefore = catalog.passes();
    Thread.sleep(steadySeconds * 1000L);
    int writes = requests.writes.get() - before;
    int catalogWrites = env.cluster().emulation().history().size() - historyBefore;
    long passes = Math.max(1, catalog.passes() - passesBefore);
    double steadyCalls = (catalog.calls() - callsBefore) / (double) passes;
    rows.add(
        new Row(
            "S2",
            "catalog calls per pass: adding "
                + mirrors
                + " mirrors (mean of "
                + passesBefore
                + ") / in sync",
            String.format("%.1f / %.1f", addingCalls, steadyCalls),
            "O(1)",
            steadyCalls <= STEADY_CALLS_PER_PASS));
    double perHour = (writes + catalogWrites) * 3600.0 / steadySeconds;
    rows.add(
        new Row(
            "S3",
            "steady: API + catalog writes per hour, " + mirrors + " mirrors in sync",
            String.format(
                "%.0f (%d API, %d catalog in %d s)", perHour, writes, catalogWrites, steadySeconds),
            "0",
            writes + catalogWrites == 0));
  }

  /**
   * S4: the operator's heap after GC, and the size of the status object. The operator shares this
   * process with the mock API server (which holds every pod and claim too) and the emulation: its
   * share is the heap after GC with it running, its informers watching every pod and claim, less
   * the heap after GC while it is stopped. It is stopped first and started again, so that whatever
   * its first run left behind counts in both.
   */
  private void footprint(SimulatedEnvironment env, List<Row> rows) throws Exception {
    int status =
        env.client()
            .getKubernetesSerialization()
            .asJson(get(env).getStatus())
            .getBytes(StandardCharsets.UTF_8)
            .length;
    env.stopOperator();
    long without = heapAfterGc();
    env.startOperator();
    Thread.sleep(10_000);
    long with = heapAfterGc();
    long operator = with - without;
    rows.add(
        new Row(
            "S4",
            "operator heap after GC, MiB (process "
                + with
                + " MiB with it, "
                + without
                + " MiB without)",
            String.valueOf(operator),
            "< 256",
            operator < 256));
    rows.add(
        new Row(
            "S4", "status object, KiB", String.valueOf(status >> 10), "< 512", status < 512 << 10));
  }

  /**
   * S10: one scrape of the operator's /metrics with every mirror in sync (per-mirror series: about
   * 13 each): its size, and the slowest of 5 scrapes.
   */
  private static void scrape(SimulatedEnvironment env, int mirrors, List<Row> rows)
      throws Exception {
    java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
    java.net.URI uri =
        java.net.URI.create("http://127.0.0.1:" + env.operatorHttpPort() + "/metrics");
    long bytes = 0;
    long slowest = 0;
    long series = 0;
    for (int i = 0; i < 5; i++) {
      long began = System.nanoTime();
      String body =
          http.send(
                  java.net.http.HttpRequest.newBuilder(uri).build(),
                  java.net.http.HttpResponse.BodyHandlers.ofString())
              .body();
      slowest = Math.max(slowest, (System.nanoTime() - began) / 1_000_000);
      bytes = body.getBytes(StandardCharsets.UTF_8).length;
      series = body.lines().filter(l -> l.startsWith("gpmirrors_mirror_")).count();
    }
    rows.add(
        new Row(
            "S10",
            "/metrics at " + mirrors + " mirrors, KiB (" + series + " per-mirror series)",
            String.valueOf(bytes >> 10),
            "< 4096",
            bytes < 4096L << 10));
    rows.add(
        new Row(
            "S10",
            "/metrics scrape, slowest of 5, ms",
            String.valueOf(slowest),
            "< 1000",
            slowest < 1000));
  }

  /**
   * The used heap after a full collection, MiB: the least of 8, a third of a second apart, so that
   * a list of 1,000 pods in flight (the kubelet's tick, an informer's relist) is not counted.
   */
  private static long heapAfterGc() throws InterruptedException {
    long least = Long.MAX_VALUE;
    for (int i = 0; i < 8; i++) {
      System.gc();
      least = Math.min(least, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
      Thread.sleep(330);
    }
    return least >> 20;
  }

  /** S5 and S6: a mirror's pod deleted: Down in the status, then back in sync once it streams. */
  private void downAndBack(SimulatedEnvironment env, List<Row> rows) throws Exception {
    Pod pod = pods(env).get(0);
    int content = Integer.parseInt(pod.getMetadata().getLabels().get(Labels.CONTENT));
    String uid = pod.getMetadata().getUid();
    long start = System.nanoTime();
    env.client().resource(pod).delete();
    // Down, or already Recovering when the same pass made its pod again: no longer in sync.
    double down =
        await(
            () -> !"Synchronized".equals(row(env, content).getState()),
            Duration.ofMinutes(2),
            start);
    await(
        () ->
            pods(env).stream()
                .anyMatch(
                    p ->
                        !p.getMetadata().getUid().equals(uid)
                            && content
                                == Integer.parseInt(p.getMetadata().getLabels().get(Labels.CONTENT))
                            && p.getStatus() != null
                            && "Running".equals(p.getStatus().getPhase())),
        Duration.ofMinutes(2),
        start);
    long streaming = System.nanoTime();
    double synced =
        await(
            () -> "Synchronized".equals(row(env, content).getState()),
            Duration.ofMinutes(2),
            streaming);
    rows.add(
        new Row("S5", "streaming -> status Synchronized, s", fmt(synced), "<= 2", synced <= 2));
    rows.add(
        new Row("S6", "pod gone -> status Down (or Recovering), s", fmt(down), "<= 2", down <= 2));
  }

  /** A case measured on its own: if it throws, its row says so and the others still print. */
  private static Row attempt(String id, Callable<Row> measure) {
    try {
      return measure.call();
    } catch (Exception e) {
      return new Row(id, "could not be measured", "failed: " + e.getMessage(), "-", false);
    }
  }

  /**
   * S7, with the process simulation (every container a process): 4 hosts x 4 primaries, every copy
   * taking --copy-seconds, maxParallel 16: the wall time from apply to all in sync over one copy's
   * time.
   */
  private Row copyBound() throws Exception {
    SimulationSpeed speed =
        new SimulationSpeed(Duration.ofMillis(100), copySeconds * 10, 3, 10, 12);
    List<String> nodes = List.of("sdw1", "sdw2", "sdw3", "sdw4");
    int saved = maxParallel;
    maxParallel = 16;
    try (SimulatedEnvironment env =
        SimulatedEnvironment.start(
            SimulatedEnvironment.layout(4, 4),
            nodes,
            speed,
            o -> o.withIntervals(Duration.ofMillis(300), Duration.ofSeconds(2)))) {
      long start = System.nanoTime();
      env.client().resource(mirrorSet(env)).create();
      double wall =
          await(
              () -> synchronizedCount(env) == 16,
              Duration.ofSeconds(Math.max(120, copySeconds * 4L)),
              start);
      double ratio = wall / copySeconds;
      return new Row(
          "S7",
          "16 mirrors at once: wall time / one copy ("
              + fmt(wall)
              + " s / "
              + copySeconds
              + " s; fixed cost "
              + fmt(wall - copySeconds)
              + " s)",
          String.format("%.2f", ratio),
          "<= 1.1",
          ratio <= 1.1);
    } finally {
      maxParallel = saved;
    }
  }

  /** The most status bytes a minute that 1,000 copying mirrors may cost (etcd, watchers). */
  private static final long STATUS_BYTES_PER_MINUTE = 5_000_000;

  /**
   * S9: the mirrors are added as in S1, but each copy reports its progress in its base backup log
   * and takes a third of --copying-seconds, so that the window sees copies end and begin: the
   * status bytes the operator writes per minute, and the log reads it sends, over --copying-seconds
   * from the moment maxParallel copies run.
   */
  private Row statusWhileCopying(int mirrors, List<String> nodes) throws Exception {
    int copyTicks = Math.max(1, copyingSeconds / 3) * 10;
    int wave = Math.min(maxParallel, mirrors);
    try (SimulatedEnvironment env =
        SimulatedEnvironment.startInstant(
            SimulatedEnvironment.layout(hosts, perHost),
            nodes,
            SimulationSpeed.fast(),
            o -> o.withIntervals(Duration.ofMillis(300), Duration.ofSeconds(2)),
            copyTicks)) {
      Requests requests = new Requests(env);
      requests.start();
      long start = System.nanoTime();
      env.client().resource(mirrorSet(env)).create();
      try {
        await(() -> copyingCount(env) >= wave, Duration.ofMinutes(3), start);
      } catch (IllegalStateException e) {
        throw new IllegalStateException(e.getMessage() + "; rows by state: " + states(env), e);
      }
      long bytes = requests.statusBytes.get();
      int writes = requests.statusWrites.get();
      int logs = requests.logReads.get();
      long passes = env.catalogCalls().passes();
      Thread.sleep(copyingSeconds * 1000L);
      bytes = requests.statusBytes.get() - bytes;
      writes = requests.statusWrites.get() - writes;
      logs = requests.logReads.get() - logs;
      passes = Math.max(1, env.catalogCalls().passes() - passes);
      requests.stop();
      double perMinute = bytes * 60.0 / copyingSeconds;
      return new Row(
          "S9",
          String.format(
              "status MB per minute while %d mirrors copy, %d at once (%d writes, %d log reads in"
                  + " %d passes, %d s)",
              mirrors, wave, writes, logs, passes, copyingSeconds),
          String.format("%.2f", perMinute / 1e6),
          "<= 5",
          perMinute <= STATUS_BYTES_PER_MINUTE);
    }
  }

  private static java.util.Map<String, Long> states(SimulatedEnvironment env) {
    MirrorSet ms = get(env);
    if (ms == null || ms.getStatus() == null || ms.getStatus().getMirrors() == null) {
      return java.util.Map.of();
    }
    return ms.getStatus().getMirrors().stream()
        .collect(
            java.util.stream.Collectors.groupingBy(
                m -> String.valueOf(m.getState()),
                java.util.TreeMap::new,
                java.util.stream.Collectors.counting()));
  }

  private static long copyingCount(SimulatedEnvironment env) {
    return states(env).getOrDefault("CopyingFromPrimary", 0L);
  }

  /**
   * S8: gpmirrors demo with 128 mirrors (--hosts 32 --primaries-per-host 4 --speed fast) run as its
   * own process: its CPU time over its wall time.
   */
  private Row demoCpu() throws Exception {
    Path jar =
        Path.of(BenchCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    String what = "demo, 128 mirrors: CPU time / wall time";
    if (!jar.toString().endsWith(".jar")) {
      return new Row("S8", what, "not measured (run from the jar)", "< 2", null);
    }
    String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process demo =
        new ProcessBuilder(
                javaBin,
                "-jar",
                jar.toString(),
                "demo",
                "--hosts",
                "32",
                "--primaries-per-host",
                "4",
                "--speed",
                "fast")
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    long start = System.nanoTime();
    Duration cpu = Duration.ZERO;
    while (demo.isAlive()) {
      cpu = demo.toHandle().info().totalCpuDuration().orElse(cpu);
      Thread.sleep(100);
    }
    double wall = (System.nanoTime() - start) / 1e9;
    double ratio = cpu.toMillis() / 1000.0 / wall;
    return new Row(
        "S8",
        what
            + " ("
            + fmt(cpu.toMillis() / 1000.0)
            + " s / "
            + fmt(wall)
            + " s, exit "
            + demo.exitValue()
            + ")",
        String.format("%.2f", ratio),
        "< 2",
        ratio < 2 && demo.exitValue() == 0);
  }

  private MirrorSet mirrorSet(SimulatedEnvironment env) throws IOException, ManifestException {
    MirrorSet ms;
    try (InputStream in =
        BenchCommand.class.getClassLoader().getResourceAsStream("samples/mirrorset-demo.yaml")) {
      if (in == null) {
        throw new IOException("the jar lacks samples/mirrorset-demo.yaml");
      }
      ms = MirrorSetYaml.read(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
    ms.getMetadata().setName(NAME);
    CoordinatorSpec coordinator = env.cluster().coordinatorSpec();
    coordinator.setPasswordSecret(ms.getSpec().getCoordinator().getPasswordSecret());
    ms.getSpec().setCoordinator(coordinator);
    ms.getSpec().setMaxParallel(maxParallel);
    return ms;
  }

  private static MirrorSet get(SimulatedEnvironment env) {
    return env.client()
        .resources(MirrorSet.class)
        .inNamespace(SimulatedEnvironment.NAMESPACE)
        .withName(NAME)
        .get();
  }

  private static int synchronizedCount(SimulatedEnvironment env) {
    MirrorSet ms = get(env);
    MirrorSetStatus s = ms == null ? null : ms.getStatus();
    return s == null || s.getSynchronizedCount() == null ? 0 : s.getSynchronizedCount();
  }

  private static MirrorStatus row(SimulatedEnvironment env, int content) {
    return get(env).getStatus().getMirrors().stream()
        .filter(m -> m.getContent() == content)
        .findFirst()
        .orElseThrow();
  }

  private static List<io.fabric8.kubernetes.api.model.Event> events(SimulatedEnvironment env) {
    return env.client().v1().events().inNamespace(SimulatedEnvironment.NAMESPACE).list().getItems();
  }

  private static java.util.Map<String, Long> eventsByReason(SimulatedEnvironment env) {
    return events(env).stream()
        .collect(
            java.util.stream.Collectors.groupingBy(
                io.fabric8.kubernetes.api.model.Event::getReason,
                java.util.TreeMap::new,
                java.util.stream.Collectors.counting()));
  }

  /**
   * CPU seconds so far, by part of the process, so that the simulation's own cost shows apart: the
   * mock API server (its Vert.x threads), the simulated kubelet and FTS, the emulated catalog
   * (PostgreSQL, child processes), and the rest (the operator, the HTTP clients, this bench).
   */
  private static java.util.Map<String, String> cpuByPart(int port) {
    java.lang.management.ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    java.util.Map<String, Long> nanos = new java.util.TreeMap<>();
    for (java.lang.management.ThreadInfo t : threads.getThreadInfo(threads.getAllThreadIds(), 0)) {
      long cpu = t == null ? -1 : threads.getThreadCpuTime(t.getThreadId());
      if (cpu > 0) {
        nanos.merge(part(t.getThreadName()), cpu, Long::sum);
      }
    }
    java.util.Map<String, String> seconds = new java.util.LinkedHashMap<>();
    nanos.forEach((part, n) -> seconds.put(part, String.format("%.1f s", n / 1e9)));
    seconds.put("emulated catalog (postgres processes)", postgresCpu(port));
    return seconds;
  }

  /**
   * The CPU time of the emulation's PostgreSQL: its postmaster (found by its port) with every
   * backend it has waited for (Linux's /proc: utime + stime + cutime + cstime), or "n/a".
   */
  private static String postgresCpu(int port) {
    return ProcessHandle.allProcesses()
        .filter(
            p ->
                p.info().command().orElse("").endsWith("/postgres")
                    && List.of(p.info().arguments().orElse(new String[0]))
                        .contains(String.valueOf(port)))
        .findFirst()
        .map(p -> Path.of("/proc", String.valueOf(p.pid()), "stat"))
        .map(BenchCommand::ticks)
        .map(ticks -> String.format("%.1f s", ticks / 100.0))
        .orElse("n/a");
  }

  /** Fields 14-17 of /proc/PID/stat (after the command's closing parenthesis), or null. */
  private static Long ticks(Path stat) {
    try {
      String text = java.nio.file.Files.readString(stat);
      String[] fields = text.substring(text.lastIndexOf(')') + 2).split(" ");
      // fields[0] is field 3 (state): utime is field 14, so fields[11] .. fields[14]
      return Long.parseLong(fields[11])
          + Long.parseLong(fields[12])
          + Long.parseLong(fields[13])
          + Long.parseLong(fields[14]);
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  private static String part(String thread) {
    if (thread.startsWith("vert.x")) {
      return "mock API server";
    }
    if (thread.equals("instant-kubelet") || thread.equals("simulated-cluster")) {
      return "simulated kubelet and FTS";
    }
    return "operator, clients, bench";
  }

  /** Each content the MirrorSynchronized events name, as often as they name it. */
  private static List<Integer> synchronizedTold(SimulatedEnvironment env) {
    return events(env).stream()
        .filter(e -> "MirrorSynchronized".equals(e.getReason()))
        .flatMap(e -> ContentRanges.named(e.getMessage()).stream())
        .toList();
  }

  private static List<Pod> pods(SimulatedEnvironment env) {
    return env.client()
        .pods()
        .inNamespace(SimulatedEnvironment.NAMESPACE)
        .withLabel(Labels.COMPONENT, Labels.MIRROR)
        .list()
        .getItems();
  }

  private static int mirrorPods(SimulatedEnvironment env) {
    return pods(env).size();
  }

  private static int catalogMirrors(JdbcGreenplumCatalog catalog) {
    try {
      return catalog.segmentConfiguration().mirrors().size();
    } catch (Exception e) {
      return 0;
    }
  }

  /** Seconds from {@code start} until {@code done}, polled every 50 ms. */
  private static double await(BooleanSupplier done, Duration within, long start)
      throws InterruptedException {
    long deadline = System.nanoTime() + within.toNanos();
    while (!done.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("gave up after " + within.toSeconds() + " s");
      }
      Thread.sleep(50);
    }
    return (System.nanoTime() - start) / 1e9;
  }

  private static String fmt(double seconds) {
    return String.format("%.2f", seconds);
  }

  private static void print(PrintWriter out, List<Row> rows) {
    out.printf("%n%-3s %-72s %-30s %-8s %s%n", "", "case", "figure", "target", "pass");
    for (Row r : rows) {
      out.printf(
          "%-3s %-72s %-30s %-8s %s%n",
          r.id(),
          r.what(),
          r.figure(),
          r.target(),
          r.pass() == null ? "-" : r.pass() ? "yes" : "NO");
    }
    out.flush();
  }

  /** The operator's write requests (its User-Agent; POST, PUT, PATCH, DELETE), counted. */
  private static final class Requests {
    final AtomicInteger writes = new AtomicInteger();

    /** The operator's status writes, and the bytes of their bodies. */
    final AtomicInteger statusWrites = new AtomicInteger();

    final java.util.concurrent.atomic.AtomicLong statusBytes =
        new java.util.concurrent.atomic.AtomicLong();

    /** The operator's container log reads. */
    final AtomicInteger logReads = new AtomicInteger();

    /** Writes by kind ("POST pods", "PATCH mirrorsets/status"), for the profile under the table. */
    final java.util.Map<String, AtomicInteger> byKind =
        new java.util.concurrent.ConcurrentSkipListMap<>();

    private final AtomicBoolean running = new AtomicBoolean(true);
    private final SimulatedEnvironment env;
    private Thread reader;

    Requests(SimulatedEnvironment env) {
      this.env = env;
    }

    void start() {
      reader =
          new Thread(
              () -> {
                while (running.get()) {
                  try {
                    RecordedRequest r = env.server().takeRequest(100, TimeUnit.MILLISECONDS);
                    if (r == null
                        || !String.valueOf(r.getHeader("User-Agent"))
                            .startsWith(OperatorRuntime.USER_AGENT)) {
                      continue;
                    }
                    if ("GET".equals(r.getMethod())) {
                      if (r.getPath().contains("/log?")) {
                        logReads.incrementAndGet();
                      }
                    } else {
                      writes.incrementAndGet();
                      if (kind(r.getPath()).equals("mirrorsets/status")) {
                        statusWrites.incrementAndGet();
                        statusBytes.addAndGet(r.getBody() == null ? 0 : r.getBody().size());
                      }
                      byKind
                          .computeIfAbsent(
                              r.getMethod() + " " + kind(r.getPath()), k -> new AtomicInteger())
                          .incrementAndGet();
                    }
                  } catch (InterruptedException e) {
                    return;
                  }
                }
              },
              "bench-requests");
      reader.setDaemon(true);
      reader.start();
    }

    /** "pods", "mirrorsets/status", "events": the resource of an API path, without names. */
    static String kind(String path) {
      String[] parts = path.replaceFirst("\\?.*", "").split("/");
      for (int i = 0; i < parts.length - 1; i++) {
        if (parts[i].equals("namespaces") && i + 2 < parts.length) {
          String kind = parts[i + 2];
          return i + 4 < parts.length ? kind + "/" + parts[i + 4] : kind;
        }
      }
      return parts.length > 0 ? parts[parts.length - 1] : path;
    }

    void stop() throws InterruptedException {
      running.set(false);
      reader.join(1000);
    }
  }
}
