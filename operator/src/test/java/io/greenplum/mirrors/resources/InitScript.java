package io.greenplum.mirrors.resources;

import static org.assertj.core.api.Assertions.assertThat;

import io.greenplum.mirrors.model.SegmentTools;
import io.greenplum.mirrors.simulation.FakeTools;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Runs the mirror pod's init script (scripts/mirror-init.sh) as it is under bash, with the
 * arguments the pod builder gives it, against a temporary volume and the simulation's fake
 * Greenplum programs, in a world where the content's primary runs at sdw1:6000 (simworld) unless a
 * test says otherwise.
 */
final class InitScript {
  static final String PEER = "sdw1:6000";

  final Path volume;
  final Path dir;
  final Path marker;
  final Path rewinding;
  final Path aside;
  private final Path tmp;
  private final Path events;
  private final Path world;
  private final Path roleFile;

  InitScript(Path tmp) throws IOException {
    this.tmp = tmp;
    volume = Files.createDirectories(tmp.resolve("volume"));
    dir = volume.resolve("gpseg0");
    marker = volume.resolve(".gpmirrors-gpseg0");
    rewinding = volume.resolve(".gpmirrors-gpseg0.rewinding");
    aside = volume.resolve(".gpmirrors-gpseg0.wiping");
    events = tmp.resolve("events");
    world = Files.createDirectories(tmp.resolve("world"));
    roleFile = tmp.resolve("role");
    Files.writeString(events, "");
    peer("primary 1");
  }

  /** What one run did. */
  record Run(int exit, String output, String decision, List<String> events) {
    long copies() {
      return events.stream().filter(e -> e.startsWith("copy ")).count();
    }

    long rewinds() {
      return events.stream().filter(e -> e.startsWith("rewind ")).count();
    }
  }

  /** One run's arguments and world. */
  static final class Args {
    SegmentTools tools = SegmentTools.GREENPLUM_7;
    int dbid = 5;
    String token;
    boolean acting;
    boolean rewind;
    final Map<String, String> env = new HashMap<>();

    Args gp6() {
      tools = SegmentTools.GREENPLUM_6;
      return this;
    }

    Args dbid(int value) {
      dbid = value;
      return this;
    }

    Args token(String value) {
      token = value;
      return this;
    }

    /** The pod was made while the catalog said this dbid acts as primary. */
    Args acting() {
      acting = true;
      return this;
    }

    Args rewind() {
      rewind = true;
      return this;
    }

    Args env(String name, String value) {
      env.put(name, value);
      return this;
    }
  }

  static Args args() {
    return new Args();
  }

  /** What runs at the peer now: "primary TL [CHECKPOINT_TL]", "standby TL", or null for nothing. */
  void peer(String state) throws IOException {
    Path file = world.resolve(PEER);
    if (state == null) {
      Files.deleteIfExists(file);
    } else {
      Files.writeString(file, state + "\n");
    }
  }

  /** The pod's role annotation as its downward-API file shows it; null: no file. */
  void role(String role) throws IOException {
    if (role == null) {
      Files.deleteIfExists(roleFile);
    } else {
      Files.writeString(roleFile, role);
    }
  }

  Run run(Args a) throws Exception {
    String[] peer = PEER.split(":");
    BaseBackupCommand copy =
        BaseBackupCommand.of(a.tools, dir.toString(), peer[0], 6000, "gpadmin", a.dbid);
    List<String> command =
        new ArrayList<>(List.of("/bin/bash", "-c", Scripts.MIRROR_INIT, "mirror-init"));
    List<String> args =
        MirrorInit.arguments(
            a.tools,
            dir.toString(),
            a.dbid,
            a.token,
            a.acting,
            new MirrorInit.Peer(peer[0], 6000, "gpadmin", a.tools.utilityOptions()),
            a.rewind,
            copy);
    // The kubelet mounts the downward-API volume where the pod says; here, a file of the test's.
    args.set(args.indexOf(MirrorInit.ROLE_FILE), roleFile.toString());
    command.addAll(args);
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    Path bin = FakeTools.install(tmp.resolve("bin"));
    Path decision = tmp.resolve("termination-log");
    Files.deleteIfExists(decision);
    Map<String, String> env = builder.environment();
    env.put("PATH", bin + ":" + System.getenv("PATH"));
    env.put("TMPDIR", tmp.toString());
    env.put("GPMIRRORS_TERMINATION_LOG", decision.toString());
    env.put("SIM_GP_VERSION", a.tools == SegmentTools.GREENPLUM_6 ? "6.26.1" : "7.1.0");
    env.put("SIM_CONTENT", "0");
    env.put("SIM_COPY_MS", "50");
    env.put("SIM_EVENTS", events.toString());
    env.put("SIM_HOST_ADDRESS", "10.0.0.2");
    env.put("SIM_WORLD", world.toString());
    env.putAll(a.env);
    Files.writeString(events, "");
    Process p = builder.start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    return new Run(
        p.exitValue(),
        output,
        Files.exists(decision) ? Files.readString(decision) : null,
        Files.readAllLines(events));
  }

  /** A finished copy of {@code dbid} left by an earlier pod: marker, standby.signal, gp_dbid. */
  void complete(int dbid, String mode) throws IOException {
    Files.createDirectories(dir.resolve("global"));
    Files.writeString(dir.resolve("PG_VERSION"), "12\n");
    Files.writeString(dir.resolve("internal.auto.conf"), "gp_dbid=" + dbid + "\n");
    Files.writeString(dir.resolve("standby.signal"), "");
    Files.writeString(dir.resolve("backup_label.old"), "START WAL LOCATION: 0/8000028\n");
    Files.writeString(dir.resolve("global/pg_control"), "timeline 1\n");
    Files.writeString(dir.resolve("data"), "the mirror's data");
    Files.writeString(marker, "dbid=" + dbid + "\n");
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString(mode));
  }

  /**
   * A complete copy of {@code dbid} that was promoted and ran as a primary on {@code timeline}: no
   * standby file, the promotion's history file.
   */
  void ranAsPrimary(int dbid, int timeline) throws IOException {
    complete(dbid, "rwx------");
    Files.delete(dir.resolve("standby.signal"));
    Files.createDirectories(dir.resolve("pg_wal"));
    Files.writeString(dir.resolve("pg_wal/%08X.history".formatted(timeline)), "1\t0/C002598\n");
    Files.writeString(dir.resolve("global/pg_control"), "timeline " + timeline + "\n");
    Files.writeString(dir.resolve("data"), "commits since the failover");
  }

  /** What operator-steps-on-real-cluster.txt step 4 found after a copy killed half way. */
  void partial(int dbid) throws IOException {
    Files.createDirectories(dir.resolve("base"));
    Files.writeString(dir.resolve("PG_VERSION"), "12\n");
    Files.writeString(dir.resolve("backup_label"), "START WAL LOCATION: 0/8000028\n");
    Files.writeString(dir.resolve("internal.auto.conf"), "gp_dbid=" + dbid + "\n");
  }

  /** Every file of the data directory with its content: to prove it was not touched. */
  Map<String, String> files() throws IOException {
    Map<String, String> all = new TreeMap<>();
    if (!Files.exists(dir)) {
      return all;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.filter(Files::isRegularFile).toList()) {
        all.put(dir.relativize(p).toString(), Files.readString(p));
      }
    }
    return all;
  }

  void assertCopiedOnce(Run run, int dbid) throws IOException {
    assertCopiedOnce(run, dbid, null);
  }

  void assertCopiedOnce(Run run, int dbid, String token) throws IOException {
    assertThat(run.exit()).as(run.output()).isZero();
    assertThat(run.copies()).isEqualTo(1);
    assertThat(Files.readString(marker))
        .isEqualTo("dbid=" + dbid + (token == null ? "" : " copy=" + token) + "\n");
    assertThat(dir.resolve("standby.signal")).exists();
    assertThat(Files.readString(dir.resolve("internal.auto.conf"))).contains("gp_dbid=" + dbid);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)))
        .isEqualTo("rwx------");
    assertThat(aside).doesNotExist();
  }
}
