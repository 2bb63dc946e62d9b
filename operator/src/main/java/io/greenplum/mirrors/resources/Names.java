package io.greenplum.mirrors.resources;

/** Stable, DNS-safe names of a MirrorSet's objects. */
public final class Names {
  private Names() {}

  /** The pod and the volume claim of a content's mirror: {@code <mirrorset>-m<content>}. */
  public static String mirror(String mirrorSet, int content) {
    String suffix = "-m" + content;
    String base =
        mirrorSet.length() + suffix.length() > 63
            ? mirrorSet.substring(0, 63 - suffix.length())
            : mirrorSet;
    return base.replaceAll("-+$", "") + suffix;
  }
}
