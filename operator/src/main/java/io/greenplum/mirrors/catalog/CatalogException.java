package io.greenplum.mirrors.catalog;

/**
 * A failed catalog call, classified at the edge: transient ones are retried with back-off,
 * permanent ones become a condition the DBA must act on. Messages never carry the password.
 */
public class CatalogException extends Exception {
  private static final long serialVersionUID = 1L;

  /** Why the call failed; the name is the condition reason shown in status. */
  public enum Reason {
    /** Connection refused, reset or timed out (SQLSTATE class 08). Transient. */
    CoordinatorUnreachable(true),
    /** The coordinator is shutting down or restarting (57P01..57P03). Transient. */
    CoordinatorRestarting(true),
    /** The statement ran past its timeout (57014). Transient. */
    StatementTimeout(true),
    /** Wrong user or password, or pg_hba.conf refuses us (class 28). Permanent. */
    AuthenticationFailed(false),
    /**
     * The server asked for the password in a form a listener could use (cleartext, md5) on a
     * connection whose server is not verified: it was not sent. Permanent.
     */
    InsecureAuthentication(false),
    /** The user may not do this, e.g. is not a superuser (42501). Permanent. */
    PermissionDenied(false),
    /** version() names no Greenplum-family product. Permanent. */
    NotGreenplum(false),
    /** A Greenplum release the operator does not know. Permanent. */
    UnsupportedVersion(false),
    /** The catalog lacks a table or column the operator reads. Permanent. */
    CatalogShape(false),
    /** Every content has a mirror, but not the planned one. Permanent: nothing was written. */
    MirrorsDifferFromPlan(false),
    /** Some contents have a mirror and some do not. Permanent: nothing was written. */
    PartialMirroring(false),
    /** The plan does not cover every primary content exactly once. Nothing was written. */
    IncompletePlan(false),
    /** Removal asked while a mirror is still up or acts as primary. Nothing was written. */
    MirrorsNotDown(false),
    /** A move's new place is held by another instance. Nothing was written. */
    MoveTargetTaken(false),
    /** Anything else the server refused; its message is kept. Permanent. */
    QueryFailed(false);

    private final boolean transientFailure;

    Reason(boolean transientFailure) {
      this.transientFailure = transientFailure;
    }

    public boolean isTransient() {
      return transientFailure;
    }
  }

  private final Reason reason;

  public CatalogException(Reason reason, String message) {
    this(reason, message, null);
  }

  public CatalogException(Reason reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }

  /** Whether retrying later may succeed. */
  public boolean isTransient() {
    return reason.isTransient();
  }
}
