package io.greenplum.mirrors.resources;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The bash scripts the operator's pods run, kept as files under {@code scripts/} (so that tests run
 * them as they are) and passed to {@code bash -c} with their values as positional arguments.
 */
public final class Scripts {
  /** The mirror pod's init container: decide whether the data directory may be used, or copy. */
  public static final String MIRROR_INIT = load("scripts/mirror-init.sh");

  /** The preflight pod: can this host copy from its primaries, does the image fit the cluster. */
  public static final String PREFLIGHT = load("scripts/preflight.sh");

  private Scripts() {}

  private static String load(String name) {
    try (InputStream in = Scripts.class.getClassLoader().getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
