package io.greenplum.mirrors.simulation;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * SIMULATION. One container of a pod, run as a real process: its command (a pod script under bash),
 * its log (what kubectl logs shows) and its termination message (/dev/termination-log), which the
 * kubelet puts in the container's status.
 */
final class PodProcess {
  private final Process process;
  private final Path log;
  private final Path terminationLog;

  private PodProcess(Process process, Path log, Path terminationLog) {
    this.process = process;
    this.log = log;
    this.terminationLog = terminationLog;
  }

  /** Starts {@code command} with {@code env}, its output appended to {@code log}. */
  static PodProcess start(List<String> command, Map<String, String> env, Path workDir, Path log) {
    try {
      Files.createDirectories(workDir);
      Path terminationLog = workDir.resolve("termination-log");
      Files.deleteIfExists(terminationLog);
      ProcessBuilder builder = new ProcessBuilder(command);
      builder.environment().putAll(env);
      builder.environment().put("GPMIRRORS_TERMINATION_LOG", terminationLog.toString());
      builder.environment().put("TMPDIR", workDir.toString());
      builder.redirectErrorStream(true);
      builder.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
      return new PodProcess(builder.start(), log, terminationLog);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  boolean alive() {
    return process.isAlive();
  }

  int exitCode() {
    return process.exitValue();
  }

  /** What the container wrote to its termination log, or null. */
  String terminationMessage() {
    try {
      return Files.exists(terminationLog)
          ? Files.readString(terminationLog, StandardCharsets.UTF_8)
          : null;
    } catch (IOException e) {
      return null;
    }
  }

  /** The container's log so far. */
  String log() {
    try {
      return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
    } catch (IOException e) {
      return "";
    }
  }

  /** SIGKILL to the container and everything it started, as when its pod or node goes. */
  void kill() {
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
    try {
      process.waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
