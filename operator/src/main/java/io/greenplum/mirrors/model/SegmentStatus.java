package io.greenplum.mirrors.model;

/** status of gp_segment_configuration, as FTS last saw the instance. */
public enum SegmentStatus {
  UP('u'),
  DOWN('d');

  private final char code;

  SegmentStatus(char code) {
    this.code = code;
  }

  public char code() {
    return code;
  }

  /** The status for a catalog code, or null when the code is not one. */
  public static SegmentStatus fromCode(String code) {
    for (SegmentStatus status : values()) {
      if (code.length() == 1 && code.charAt(0) == status.code) {
        return status;
      }
    }
    return null;
  }
}
