package io.greenplum.mirrors.catalog;

import java.util.Map;

/**
 * The mirrors' dbids by content after a registration.
 *
 * @param added true when this call wrote the rows, false when they were already there
 */
public record MirrorRegistration(Map<Integer, Integer> dbidByContent, boolean added) {
  public MirrorRegistration {
    dbidByContent = Map.copyOf(dbidByContent);
  }
}
