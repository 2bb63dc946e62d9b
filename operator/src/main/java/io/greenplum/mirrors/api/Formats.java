package io.greenplum.mirrors.api;

/**
 * The shapes of a MirrorSet's values, shared by the CRD schema (as patterns and lengths) and the
 * operator's and CLI's own validation (plan.InputRules), so that both refuse the same things.
 */
public final class Formats {
  private Formats() {}

  /** A Kubernetes resource quantity, as the API server's own schema gives it. */
  public static final String QUANTITY =
      "^(\\+)?(([0-9]+(\\.[0-9]*)?)|(\\.[0-9]+))"
          + "(([KMGTPE]i)|[numkMGTPE]|([eE](\\+|-)?(([0-9]+(\\.[0-9]*)?)|(\\.[0-9]+))))?$";

  /** The prefix of the labels and annotations the operator puts on its objects. */
  public static final String OPERATOR_PREFIX = "greenplum.io/";

  /** The well-known labels the operator sets on its pods. */
  public static final java.util.List<String> OPERATOR_LABELS =
      java.util.List.of(
          "app.kubernetes.io/name", "app.kubernetes.io/managed-by", "app.kubernetes.io/component");

  /** A MirrorSet name: a DNS-1123 label. */
  public static final String NAME = "^[a-z0-9]([-a-z0-9]*[a-z0-9])?$";

  /** Longest MirrorSet name: pods, claims and labels (63) keep room for "-m99999-d99999". */
  public static final int MAX_NAME = 40;

  /** A segment host name (RFC 1123, case as Greenplum has it) or an IPv4 or IPv6 address. */
  public static final String HOST =
      "^([a-zA-Z0-9]([-a-zA-Z0-9]*[a-zA-Z0-9])?(\\.[a-zA-Z0-9]([-a-zA-Z0-9]*[a-zA-Z0-9])?)*"
          + "|[0-9a-fA-F:.]*:[0-9a-fA-F:.]*)$";

  public static final int MAX_HOST = 253;

  /** A Kubernetes object name (DNS-1123 subdomain): Secrets, storage classes, nodes. */
  public static final String OBJECT_NAME =
      "^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$";

  private static final String SEGMENT_CHAR = "[^/:\\x00-\\x1f\\x7f-\\x9f]";
  private static final String SEGMENT_START = "[^/.:\\x00-\\x1f\\x7f-\\x9f]";

  /**
   * An absolute, normalised path: segments that are not "." or "..", no "//", no control character,
   * no ':' (gpaddmirrors' configuration file separator); one trailing "/" is allowed (the seed's
   * gpaddmirrors run had one).
   */
  public static final String PATH =
      "^(/|(/("
          + SEGMENT_START
          + SEGMENT_CHAR
          + "*|\\."
          + SEGMENT_START
          + SEGMENT_CHAR
          + "*|\\.\\."
          + SEGMENT_CHAR
          + "+))+/?)$";

  /** PATH_MAX: a longer data directory cannot be created. */
  public static final int MAX_PATH_BYTES = 4096;

  /** An image reference: no blanks or control characters. */
  public static final String IMAGE = "^[^\\s\\x00-\\x1f\\x7f]+$";

  public static final int MAX_IMAGE = 1024;
  public static final int MAX_HOSTS = 1000;
  public static final int MAX_MIRRORS = 10000;
  public static final int MAX_LOCATIONS = 128;
}
