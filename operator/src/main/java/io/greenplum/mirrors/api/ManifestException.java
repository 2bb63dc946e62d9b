package io.greenplum.mirrors.api;

/** A MirrorSet manifest that cannot be read, with the field or line at fault. */
public class ManifestException extends Exception {
  private static final long serialVersionUID = 1L;

  public ManifestException(String message) {
    super(message);
  }
}
