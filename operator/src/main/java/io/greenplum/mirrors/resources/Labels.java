package io.greenplum.mirrors.resources;

import java.util.Map;
import java.util.TreeMap;

/** The labels on every pod and volume claim of a MirrorSet, and how to select them. */
public final class Labels {
  public static final String NAME = "app.kubernetes.io/name";
  public static final String MANAGED_BY = "app.kubernetes.io/managed-by";
  public static final String COMPONENT = "app.kubernetes.io/component";
  public static final String MIRROR_SET = "greenplum.io/mirrorset";
  public static final String CONTENT = "greenplum.io/content";
  public static final String DBID = "greenplum.io/dbid";
  public static final String ROLE = "greenplum.io/role";

  /** On a preflight pod: a fingerprint of what it checks (image, user, primaries). */
  public static final String CHECKS = "greenplum.io/preflight-checks";

  public static final String APP = "greenplum-mirror";
  public static final String OPERATOR = "gpmirrors";
  public static final String MIRROR = "mirror";
  public static final String PREFLIGHT = "preflight";

  /** Selects everything the operator manages, in any MirrorSet. */
  public static final String SELECTOR = MANAGED_BY + "=" + OPERATOR;

  private Labels() {}

  /** Labels of a content's mirror objects. */
  public static Map<String, String> forMirror(String mirrorSet, int content, int dbid) {
    Map<String, String> labels = common(mirrorSet, MIRROR);
    labels.put(CONTENT, String.valueOf(content));
    labels.put(DBID, String.valueOf(dbid));
    labels.put(ROLE, "mirror");
    return labels;
  }

  /** Labels of a preflight pod; {@code checks} fingerprints what it checks. */
  public static Map<String, String> forPreflight(String mirrorSet, String checks) {
    Map<String, String> labels = common(mirrorSet, PREFLIGHT);
    labels.put(CHECKS, checks);
    return labels;
  }

  /**
   * Whether an object with these labels is a mirror pod or volume: it names a content (objects made
   * before the component label existed have no component).
   */
  public static boolean isMirror(Map<String, String> labels) {
    return labels != null
        && labels.containsKey(CONTENT)
        && !PREFLIGHT.equals(labels.get(COMPONENT));
  }

  /** Whether an object with these labels is a preflight pod. */
  public static boolean isPreflight(Map<String, String> labels) {
    return labels != null && PREFLIGHT.equals(labels.get(COMPONENT));
  }

  private static Map<String, String> common(String mirrorSet, String component) {
    Map<String, String> labels = new TreeMap<>();
    labels.put(NAME, APP);
    labels.put(MANAGED_BY, OPERATOR);
    labels.put(COMPONENT, component);
    labels.put(MIRROR_SET, mirrorSet);
    return labels;
  }
}
