package io.greenplum.mirrors.reconciler;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseSpec;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One writer: before the operator writes to the catalog or the Kubernetes API it makes sure that it
 * still holds the Lease. The leader elector notices a lost Lease only at its next renewal (every 2
 * s) and JOSDK, told not to exit, would go on reconciling; this fence reads the Lease itself (at
 * most once a second) and, once leadership is lost, refuses every further write and calls the
 * election's {@code onLost} (in production: exit, so that the Deployment restarts the replica as a
 * standby).
 */
final class LeaderFence {
  private static final Logger LOG = LoggerFactory.getLogger(LeaderFence.class);

  /** A positive check is trusted this long: far shorter than the Lease's 15 s duration. */
  static final long TRUST_NANOS = 1_000_000_000L;

  /** Thrown when the operator must not write: the pass stops where it is. */
  static final class LeadershipLost extends RuntimeException {
    LeadershipLost(String message) {
      super(message);
    }
  }

  private final KubernetesClient client;
  private final OperatorRuntime.LeaderElection election;
  private final Clock clock;
  private final AtomicBoolean lost = new AtomicBoolean();
  private volatile boolean closing;
  private volatile long checkedAt;
  private volatile boolean checked;

  private LeaderFence(
      KubernetesClient client, OperatorRuntime.LeaderElection election, Clock clock) {
    this.client = client;
    this.election = election;
    this.clock = clock;
  }

  /** No election: one replica, always allowed to write. */
  static LeaderFence none() {
    return new LeaderFence(null, null, Clock.systemUTC());
  }

  static LeaderFence of(
      KubernetesClient client, OperatorRuntime.LeaderElection election, Clock clock) {
    return election == null ? none() : new LeaderFence(client, election, clock);
  }

  /** The leader elector's word that this replica stopped leading. */
  void stoppedLeading() {
    if (!closing) {
      lose("the leader elector could not renew the Lease " + OperatorRuntime.LEASE);
    }
  }

  /** The operator is being stopped: stopping to lead is then expected, not a loss. */
  void closing() {
    closing = true;
  }

  /** True once the operator is being stopped: a pass cut short then is not a failure. */
  boolean isClosing() {
    return closing;
  }

  /**
   * Returns when this replica may write; else throws {@link LeadershipLost} (and, the first time
   * another holder is seen, calls the election's onLost).
   */
  void check() {
    if (election == null) {
      return;
    }
    if (lost.get()) {
      throw new LeadershipLost("this replica no longer holds the Lease: it does not write");
    }
    long now = System.nanoTime();
    if (checked && now - checkedAt < TRUST_NANOS) {
      return;
    }
    String holder = currentHolder();
    if (!election.identity().equals(holder)) {
      lose("the Lease " + OperatorRuntime.LEASE + " is held by " + holder);
      throw new LeadershipLost(
          "this replica (" + election.identity() + ") lost the Lease to " + holder);
    }
    checkedAt = now;
    checked = true;
  }

  /** The Lease's holder while it is valid; null when there is none or it expired. */
  private String currentHolder() {
    Lease lease;
    try {
      lease =
          client.leases().inNamespace(election.namespace()).withName(OperatorRuntime.LEASE).get();
    } catch (KubernetesClientException e) {
      // Leadership cannot be confirmed: this pass writes nothing; the leader elector decides
      // whether the Lease is lost (its renew deadline).
      throw new LeadershipLost("the Lease cannot be read, nothing is written: " + e.getMessage());
    }
    LeaseSpec spec = lease == null ? null : lease.getSpec();
    if (spec == null || spec.getRenewTime() == null || spec.getLeaseDurationSeconds() == null) {
      return null;
    }
    Instant expires = spec.getRenewTime().toInstant().plusSeconds(spec.getLeaseDurationSeconds());
    return expires.isAfter(clock.instant()) ? spec.getHolderIdentity() : null;
  }

  private void lose(String why) {
    if (lost.compareAndSet(false, true)) {
      LOG.error("leadership lost ({}): no further writes; stopping", why);
      election.onLost().run();
    }
  }
}
