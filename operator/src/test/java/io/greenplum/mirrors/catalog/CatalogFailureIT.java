package io.greenplum.mirrors.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.greenplum.mirrors.TestClusters;
import io.greenplum.mirrors.TestMirrorSets;
import io.greenplum.mirrors.catalog.CatalogException.Reason;
import io.greenplum.mirrors.emulation.EmbeddedGreenplum;
import io.greenplum.mirrors.model.SegmentConfiguration;
import io.greenplum.mirrors.plan.MirrorPlanner;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;

/** Each way a coordinator call fails ends in a typed, actionable error that holds no secret. */
class CatalogFailureIT {
  @RegisterExtension static final EmbeddedGreenplum GP = EmbeddedGreenplum.gp7();

  private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
  private Logger root;

  @BeforeEach
  void captureLogs() {
    root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    root.setLevel(Level.DEBUG);
    logs.start();
    root.addAppender(logs);
  }

  @AfterEach
  void noSecretWasLogged() {
    root.detachAppender(logs);
    root.setLevel(Level.WARN);
    assertThat(logs.list)
        .extracting(ILoggingEvent::getFormattedMessage)
        .noneMatch(m -> m.contains(GP.password()));
  }

  private static CatalogException failure(ThrowingCallable call) {
    Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(call);
    assertThat(thrown).isInstanceOf(CatalogException.class);
    assertThat(thrown.getMessage()).doesNotContain(GP.password());
    return (CatalogException) thrown;
  }

  @Test
  void connectionRefusedIsTransient() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    CoordinatorSettings settings = GP.settings();
    CoordinatorSettings nowhere =
        new CoordinatorSettings(
            "127.0.0.1",
            closedPort,
            settings.database(),
            settings.user(),
            settings.password(),
            "disable",
            Duration.ofSeconds(2),
            Duration.ofSeconds(2),
            Duration.ofSeconds(2));

    CatalogException e = failure(() -> new JdbcGreenplumCatalog(nowhere).version());

    assertThat(e.reason()).isEqualTo(Reason.CoordinatorUnreachable);
    assertThat(e.isTransient()).isTrue();
    assertThat(e.getMessage()).contains("127.0.0.1:" + closedPort).contains("refused");
    assertThat(nowhere.toString()).doesNotContain(GP.password());
  }

  @Test
  void aWrongPasswordIsAPermanentAuthenticationFailure() {
    CoordinatorSettings right = GP.settings();
    CoordinatorSettings wrong =
        new CoordinatorSettings(
            right.host(),
            right.port(),
            right.database(),
            right.user(),
            "not-" + GP.password(),
            "disable",
            right.connectTimeout(),
            right.socketTimeout(),
            right.statementTimeout());

    CatalogException e = failure(() -> new JdbcGreenplumCatalog(wrong).segmentConfiguration());

    assertThat(e.reason()).isEqualTo(Reason.AuthenticationFailed);
    assertThat(e.isTransient()).isFalse();
    assertThat(e.getMessage())
        .contains("password authentication failed for user \"gpadmin\"")
        .contains("the password in the referenced Secret")
        .doesNotContain(wrong.password());
  }

  @Test
  void aStatementPastItsTimeoutIsTransient() throws Exception {
    GP.load(TestClusters.gp7(2, 1));
    GP.emulation().setFtsProbeDelay(Duration.ofSeconds(5));
    CoordinatorSettings impatient =
        GP.settings()
            .withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(10), Duration.ofMillis(300));

    CatalogException e = failure(() -> new JdbcGreenplumCatalog(impatient).requestFtsProbe());

    assertThat(e.reason()).isEqualTo(Reason.StatementTimeout);
    assertThat(e.isTransient()).isTrue();
    assertThat(e.getMessage()).contains("statement timeout");
  }

  @Test
  void aPlainPostgresIsNotAGreenplumCoordinator() throws Exception {
    GP.emulation().setVersion("PostgreSQL 18.3 on x86_64-pc-linux-gnu, compiled by gcc, 64-bit");

    CatalogException e = failure(() -> GP.catalog().segmentConfiguration());

    assertThat(e.reason()).isEqualTo(Reason.NotGreenplum);
    assertThat(e.getMessage())
        .contains("is not a Greenplum coordinator: version() says 'PostgreSQL 18.3")
        .contains("point spec.coordinator at the Greenplum coordinator");
  }

  @Test
  void aCatalogMissingAColumnIsNamed() throws Exception {
    GP.load(TestClusters.gp7(2, 1));
    try (Connection c = GP.connect();
        Statement s = c.createStatement()) {
      s.execute("ALTER TABLE gp_emulation.gp_segment_configuration DROP COLUMN datadir");
    }

    CatalogException e = failure(() -> GP.catalog().segmentConfiguration());

    assertThat(e.reason()).isEqualTo(Reason.CatalogShape);
    assertThat(e.getMessage())
        .isEqualTo(
            "gp_segment_configuration has no column(s) datadir: not the catalog of a Greenplum 6+"
                + " coordinator");
  }

  @Test
  void aNonSuperuserMayNotRegisterMirrors() throws Exception {
    SegmentConfiguration cluster = GP.load(TestClusters.gp7(2, 1));
    try (Connection c = GP.connect();
        Statement s = c.createStatement()) {
      s.execute("CREATE ROLE monitor LOGIN PASSWORD 'monitor-pw'");
      s.execute("GRANT USAGE ON SCHEMA gp_emulation TO monitor");
      s.execute("GRANT SELECT ON ALL TABLES IN SCHEMA gp_emulation TO monitor");
    }
    CoordinatorSettings gpadmin = GP.settings();
    CoordinatorSettings monitor =
        new CoordinatorSettings(
            gpadmin.host(),
            gpadmin.port(),
            gpadmin.database(),
            "monitor",
            "monitor-pw",
            "disable",
            gpadmin.connectTimeout(),
            gpadmin.socketTimeout(),
            gpadmin.statementTimeout());
    var plan = MirrorPlanner.plan(cluster, TestMirrorSets.group().build()).plan();

    CatalogException e = failure(() -> new JdbcGreenplumCatalog(monitor).registerMirrors(plan));

    assertThat(e.reason()).isEqualTo(Reason.PermissionDenied);
    assertThat(e.getMessage()).contains("must be a superuser");
    assertThat(GP.catalog().segmentConfiguration().mirrors()).isEmpty();
  }

  @Test
  void cloudberryCatalogsWithExtraColumnsAreReadByName() throws Exception {
    SegmentConfiguration cluster = GP.load(TestClusters.gp7(2, 2));
    GP.emulation()
        .setVersion("PostgreSQL 14.4 (Apache Cloudberry 1.6.0 build 1) on x86_64-pc-linux-gnu");
    try (Connection c = GP.connect();
        Statement s = c.createStatement()) {
      s.execute(
          "ALTER TABLE gp_emulation.gp_segment_configuration ADD COLUMN warehouseid oid DEFAULT 0");
    }

    assertThat(GP.catalog().version().product()).isEqualTo("Apache Cloudberry");
    assertThat(GP.catalog().segmentConfiguration()).isEqualTo(cluster);
  }
}
