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

  /** The preflight pod of a mirror host: {@code <mirrorset>-preflight-<host>}. */
  public static String preflight(String mirrorSet, String host) {
    String label =
        host.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]+", "-").replaceAll("^-+|-+$", "");
    String suffix = "-preflight-" + label;
    if (suffix.length() > 30 || !label.equals(host)) {
      suffix =
          "-preflight-"
              + label.substring(0, Math.min(label.length(), 16))
              + "-"
              + Fingerprint.of(host);
    }
    return withSuffix(mirrorSet, suffix);
  }

  private static String withSuffix(String mirrorSet, String suffix) {
    String base =
        mirrorSet.length() + suffix.length() > MAX
            ? mirrorSet.substring(0, Math.max(1, MAX - suffix.length()))
            : mirrorSet;
    return base.replaceAll("-+$", "") + suffix;
  }
}
