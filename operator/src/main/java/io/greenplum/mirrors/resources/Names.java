package io.greenplum.mirrors.resources;

import io.greenplum.mirrors.model.Fingerprint;
import java.util.Locale;

/** Stable, DNS-safe names of a MirrorSet's objects (at most 63 characters). */
public final class Names {
  private static final int MAX = 63;

  private Names() {}

  /** The pod of a content's mirror: {@code <mirrorset>-m<content>}. */
  public static String mirror(String mirrorSet, int content) {
    return withSuffix(mirrorSet, "-m" + content);
  }

  /**
   * The volume claim of the mirror with {@code dbid}: {@code <mirrorset>-m<content>-d<dbid>}. A
   * mirror registered again under another dbid gets a new volume; the old one is never mounted.
   */
  public static String volume(String mirrorSet, int content, int dbid) {
    return withSuffix(mirrorSet, "-m" + content + "-d" + dbid);
  }

  /**
   * The volume claim of the mirror with {@code dbid} after a move: {@code
   * <mirrorset>-m<content>-d<dbid>-<place>}, {@code place} a fingerprint of where it moved to and
   * from, so that the claim of every place it has held differs.
   */
  public static String movedVolume(String mirrorSet, int content, int dbid, String place) {
    return withSuffix(mirrorSet, "-m" + content + "-d" + dbid + "-" + place);
  }

  /** The PodDisruptionBudget of the MirrorSet's mirror pods: {@code <mirrorset>-mirrors}. */
  public static String budget(String mirrorSet) {
    return withSuffix(mirrorSet, "-mirrors");
  }

  /**
   * The PodDisruptionBudget of the mirror pods whose dbid acts as primary: {@code
   * <mirrorset>-acting-primaries}.
   */
  public static String primariesBudget(String mirrorSet) {
    return withSuffix(mirrorSet, "-acting-primaries");
  }

  /**
   * The preflight pod of a mirror host: {@code <mirrorset>-preflight-<host>}; a host name that is
   * not a DNS label or does not fit is shortened and given its fingerprint, never the MirrorSet's
   * name (two MirrorSets must not share a pod name).
   */
  public static String preflight(String mirrorSet, String host) {
    String label =
        host.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]+", "-").replaceAll("^-+|-+$", "");
    String prefix = "-preflight-";
    int room = MAX - mirrorSet.length() - prefix.length();
    if (label.length() > Math.min(19, room) || !label.equals(host)) {
      int keep = Math.min(16, room - 9);
      label =
          (keep <= 0 ? "" : label.substring(0, Math.min(label.length(), keep)) + "-")
              + Fingerprint.of(host);
    }
    return withSuffix(mirrorSet, prefix + label);
  }

  private static String withSuffix(String mirrorSet, String suffix) {
    String base =
        mirrorSet.length() + suffix.length() > MAX
            ? mirrorSet.substring(0, Math.max(1, MAX - suffix.length()))
            : mirrorSet;
    return base.replaceAll("-+$", "") + suffix;
  }
}
