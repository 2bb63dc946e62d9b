package io.greenplum.mirrors.model;

import java.util.EnumSet;
import java.util.Set;

/** mode of gp_segment_configuration; which codes exist depends on the version family. */
public enum SegmentMode {
  SYNCHRONIZED('s'),
  /** 6+: the pair is not in sync. */
  NOT_IN_SYNC('n'),
  /** 4.3/5: the primary tracks changes while its mirror is down. */
  CHANGE_TRACKING('c'),
  /** 4.3/5: the mirror is being resynchronised. */
  RESYNCHRONIZING('r');

  private final char code;

  SegmentMode(char code) {
    this.code = code;
  }

  public char code() {
    return code;
  }

  /** The modes a catalog of the given family may hold. */
  public static Set<SegmentMode> validFor(VersionFamily family) {
    return family == VersionFamily.GP4_GP5
        ? EnumSet.of(SYNCHRONIZED, CHANGE_TRACKING, RESYNCHRONIZING)
        : EnumSet.of(SYNCHRONIZED, NOT_IN_SYNC);
  }

  /** The mode for a catalog code, or null when the code is not one. */
  public static SegmentMode fromCode(String code) {
    for (SegmentMode mode : values()) {
      if (code.length() == 1 && code.charAt(0) == mode.code) {
        return mode;
      }
    }
    return null;
  }
}
