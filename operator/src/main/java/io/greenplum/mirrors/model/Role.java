package io.greenplum.mirrors.model;

/** role / preferred_role of gp_segment_configuration. */
public enum Role {
  PRIMARY('p'),
  MIRROR('m');

  private final char code;

  Role(char code) {
    this.code = code;
  }

  public char code() {
    return code;
  }

  /** The role for a catalog code, or null when the code is not one. */
  public static Role fromCode(String code) {
    for (Role role : values()) {
      if (code.length() == 1 && code.charAt(0) == role.code) {
        return role;
      }
    }
    return null;
  }
}
