package io.greenplum.mirrors.simulation;

import java.util.concurrent.atomic.AtomicLong;

/**
 * SIMULATION. How many catalog calls the operator made, and in how many passes (one catalog
 * connection per pass): for the bench's "catalog statements per pass do not grow with mirrors".
 */
public final class CatalogCalls {
  private final AtomicLong calls = new AtomicLong();
  private final AtomicLong passes = new AtomicLong();

  void called() {
    calls.incrementAndGet();
  }

  void passEnded() {
    passes.incrementAndGet();
  }

  /** Catalog calls so far (each is one statement, or one transaction of them). */
  public long calls() {
    return calls.get();
  }

  /** Passes that opened the catalog so far. */
  public long passes() {
    return passes.get();
  }
}
