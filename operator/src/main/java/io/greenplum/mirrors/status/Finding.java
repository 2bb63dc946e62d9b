package io.greenplum.mirrors.status;

/**
 * Something that stops or degrades the MirrorSet, found before or while observing.
 *
 * @param reason a CamelCase condition reason, e.g. SecretNotFound, PortConflict
 * @param message a sentence a DBA can act on
 * @param specInvalid true when the spec must change (SpecValid=False, phase Invalid)
 */
public record Finding(String reason, String message, boolean specInvalid) {
  public static Finding invalid(String reason, String message) {
    return new Finding(reason, message, true);
  }

  public static Finding degraded(String reason, String message) {
    return new Finding(reason, message, false);
  }
}
