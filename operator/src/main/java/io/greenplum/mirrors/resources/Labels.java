package io.greenplum.mirrors.resources;

import java.util.Map;
import java.util.TreeMap;

/** The labels on every mirror pod and volume claim, and how to select them. */
public final class Labels {
  public static final String NAME = "app.kubernetes.io/name";
  public static final String MANAGED_BY = "app.kubernetes.io/managed-by";
  public static final String MIRROR_SET = "greenplum.io/mirrorset";
  public static final String CONTENT = "greenplum.io/content";
  public static final String DBID = "greenplum.io/dbid";
  public static final String ROLE = "greenplum.io/role";

  public static final String APP = "greenplum-mirror";
  public static final String OPERATOR = "gpmirrors";

  /** Selects everything the operator manages, in any MirrorSet. */
  public static final String SELECTOR = MANAGED_BY + "=" + OPERATOR;

  private Labels() {}

  /** Labels of a content's mirror objects. */
  public static Map<String, String> forMirror(String mirrorSet, int content, int dbid) {
    Map<String, String> labels = new TreeMap<>();
    labels.put(NAME, APP);
    labels.put(MANAGED_BY, OPERATOR);
    labels.put(MIRROR_SET, mirrorSet);
    labels.put(CONTENT, String.valueOf(content));
    labels.put(DBID, String.valueOf(dbid));
    labels.put(ROLE, "mirror");
    return labels;
  }
}
