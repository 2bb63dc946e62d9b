package io.greenplum.mirrors.diff;

import io.greenplum.mirrors.api.Annotations;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Which volumes hold a complete copy of their mirror, as their pods' init containers reported it
 * and the volume claims record it ({@link Annotations#COMPLETE_COPY}). A pod made again on such a
 * volume starts the mirror without a base backup, so it is made outside maxParallel's budget and
 * does not hold a copy slot while it starts.
 *
 * <p>The name of a copy is the one mirror-init.sh writes into its completion marker and its
 * termination message: "dbid=DBID", and " copy=TOKEN" after a full recovery gave the volume a
 * token. A full recovery's new token makes the recorded copy another one at once.
 */
public final class CompleteCopies {
  private static final String COPIED = "copied: ";
  private static final String KEPT = "kept: complete copy of ";
  private static final java.util.regex.Pattern SIZE =
      java.util.regex.Pattern.compile("\\((\\d+) kB[;)]");

  private CompleteCopies() {}

  /** The name of the copy a pod built for {@code dbid} on a volume with {@code token} needs. */
  static String of(int dbid, String token) {
    return "dbid=" + dbid + (token == null || token.isEmpty() ? "" : " copy=" + token);
  }

  /** The copy the pod's init container last reported complete, or null. */
  static String reported(PodView pod) {
    String message = pod.initMessage();
    if (message == null || pod.baseBackup() != PodView.Step.SUCCEEDED) {
      return null;
    }
    String copy;
    if (message.startsWith(COPIED)) {
      copy = message.substring(COPIED.length());
    } else if (message.startsWith(KEPT)) {
      copy = message.substring(KEPT.length());
    } else {
      return null;
    }
    int aside = copy.indexOf(" (");
    return (aside < 0 ? copy : copy.substring(0, aside)).strip();
  }

  /** The size in kB a "copied: ..." message reports ("copied: dbid=7 (29169 kB)"), or null. */
  static Long size(PodView pod) {
    String message = pod.initMessage();
    if (message == null || !message.startsWith(COPIED)) {
      return null;
    }
    java.util.regex.Matcher m = SIZE.matcher(message);
    return m.find() ? Long.valueOf(m.group(1)) : null;
  }

  /**
   * The kB an {@link Annotations#COPY_SIZE} annotation records ("29169 kB"), or null when it is
   * missing or not one.
   */
  public static Long kilobytes(String annotation) {
    if (annotation == null || !annotation.matches("[0-9]{1,18} kB")) {
      return null;
    }
    return Long.valueOf(annotation.substring(0, annotation.length() - 3));
  }

  /** The init container's last word says the directory cannot be used as it is. */
  private static boolean refused(PodView pod) {
    String message = pod.initMessage();
    return message != null
        && (message.startsWith("failed:")
            || message.startsWith("waiting:")
            || message.startsWith("promoted:"));
  }

  /**
   * The volume (one that can hold the mirror: {@link VolumeView#holds}) holds the complete copy a
   * pod built for {@code dbid} on it needs.
   */
  static boolean complete(VolumeView volume, int dbid) {
    return volume != null && of(dbid, volume.copyToken()).equals(volume.completeCopy());
  }

  /**
   * The pod is made, its copy slot not needed: it starts on a volume that holds a complete copy and
   * its init container has not said otherwise since.
   */
  static boolean restarts(Observation seen, PodView pod) {
    return complete(volumeOf(seen, pod), pod.dbid()) && !refused(pod);
  }

  /** The claim the pod mounts: the one made for its place (or before places were recorded). */
  private static VolumeView volumeOf(Observation seen, PodView pod) {
    return seen.volumes().stream()
        .filter(v -> v.content() == pod.content() && v.dbid() == pod.dbid())
        .filter(v -> v.holds(pod.location()))
        .findFirst()
        .orElse(null);
  }

  /** The claim annotations that bring the volumes' records in line with what the pods reported. */
  static List<Action> records(Observation seen) {
    List<Action> actions = new ArrayList<>();
    for (PodView pod : seen.pods().values()) {
      VolumeView volume = volumeOf(seen, pod);
      if (volume == null || pod.deleting()) {
        continue;
      }
      String reported = reported(pod);
      String needed = of(pod.dbid(), volume.copyToken());
      Long size = size(pod);
      if (needed.equals(reported)
          && (!needed.equals(volume.completeCopy())
              || size != null && !size.equals(volume.copiedKb()))) {
        actions.add(annotate(volume, needed, size));
      } else if (refused(pod) && volume.completeCopy() != null) {
        actions.add(annotate(volume, null, null));
      }
    }
    return actions;
  }

  /**
   * The claim's record of its copy, and of the copy's size when the pod reported one (a pod that
   * copied nothing leaves the size recorded as it was).
   */
  private static Action annotate(VolumeView volume, String copy, Long size) {
    Map<String, String> value = new HashMap<>();
    value.put(Annotations.COMPLETE_COPY, copy);
    if (size != null) {
      value.put(Annotations.COPY_SIZE, size + " kB");
    }
    return new Action.AnnotateVolume(volume.name(), value, null, null);
  }
}
