package io.greenplum.mirrors.simulation;

import io.greenplum.mirrors.model.SegmentTools;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * SIMULATION. What runs where at this moment, as the fake programs find out when they connect (the
 * simworld program reads it): one file per listening instance, named host:port, saying "primary
 * TIMELINE" or "standby TIMELINE"; no file, nothing listens. Also each instance's timeline (a
 * promotion starts a new one, a copy or a rewind takes the source's) and the primaries running per
 * content, for the tests' sampler.
 */
final class SimulatedWorld {
  /** What one instance is doing. */
  record Instance(int dbid, int content, String host, int port, boolean primary) {}

  private final Path dir;
  private final Map<Integer, Integer> timelines = new ConcurrentHashMap<>();
  private final Map<String, String> written = new HashMap<>();
  private volatile Map<Integer, List<Integer>> primaries = Map.of();
  private volatile Map<Integer, List<Integer>> standbys = Map.of();

  SimulatedWorld(Path dir) {
    this.dir = dir;
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  Path dir() {
    return dir;
  }

  int timeline(int dbid) {
    return timelines.getOrDefault(dbid, 1);
  }

  void timeline(int dbid, int timeline) {
    timelines.put(dbid, timeline);
  }

  /** A promotion of {@code dbid}: the next timeline after every one its content has used. */
  int promote(int dbid, List<Integer> contentDbids) {
    int next = contentDbids.stream().mapToInt(this::timeline).max().orElse(1) + 1;
    timelines.put(dbid, next);
    return next;
  }

  /**
   * The promotion of {@code dbid} whose directory is {@code dir}: it leaves recovery on a new
   * timeline, its standby file goes (promoted-mirror.datadir-check), a history file names the
   * timeline and its control file says so after the promotion's checkpoint.
   */
  void promoteDirectory(int dbid, List<Integer> contentDbids, Path dir, SegmentTools tools) {
    int timeline = promote(dbid, contentDbids);
    try {
      Files.deleteIfExists(dir.resolve(tools.standbyFile()));
      Path wal =
          Files.createDirectories(
              dir.resolve(tools == SegmentTools.GREENPLUM_6 ? "pg_xlog" : "pg_wal"));
      Files.writeString(wal.resolve("%08X.history".formatted(timeline)), "promoted\n");
      Files.createDirectories(dir.resolve("global"));
      Files.writeString(dir.resolve("global/pg_control"), "timeline " + timeline + "\n");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The dbids running as primary, by content (more than one is two primaries). */
  Map<Integer, List<Integer>> primaries() {
    return primaries;
  }

  /** The dbids running as standby (a mirror replaying), by content. */
  Map<Integer, List<Integer>> standbys() {
    return standbys;
  }

  /** Makes the files say exactly {@code running}: new and changed ones written, stopped removed. */
  synchronized void show(List<Instance> running) {
    Map<String, String> now = new TreeMap<>();
    Map<Integer, List<Integer>> byContent = new TreeMap<>();
    Map<Integer, List<Integer>> standing = new TreeMap<>();
    for (Instance i : running) {
      now.put(
          i.host() + ":" + i.port(), (i.primary() ? "primary " : "standby ") + timeline(i.dbid()));
      (i.primary() ? byContent : standing)
          .computeIfAbsent(i.content(), c -> new java.util.ArrayList<>())
          .add(i.dbid());
    }
    try {
      for (Map.Entry<String, String> e : now.entrySet()) {
        if (!e.getValue().equals(written.get(e.getKey()))) {
          Path tmp = dir.resolve(e.getKey() + ".tmp");
          Files.writeString(tmp, e.getValue() + "\n", StandardCharsets.UTF_8);
          Files.move(tmp, dir.resolve(e.getKey()), StandardCopyOption.ATOMIC_MOVE);
        }
      }
      for (String gone : written.keySet()) {
        if (!now.containsKey(gone)) {
          Files.deleteIfExists(dir.resolve(gone));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    written.clear();
    written.putAll(now);
    primaries = Map.copyOf(byContent);
    standbys = Map.copyOf(standing);
  }
}
