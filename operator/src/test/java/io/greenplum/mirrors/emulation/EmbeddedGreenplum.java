package io.greenplum.mirrors.emulation;

import io.greenplum.mirrors.Fixtures;
import io.greenplum.mirrors.catalog.CoordinatorSettings;
import io.greenplum.mirrors.catalog.JdbcGreenplumCatalog;
import io.greenplum.mirrors.dump.DumpFormatException;
import io.greenplum.mirrors.dump.SegmentConfigurationReader;
import io.greenplum.mirrors.model.SegmentConfiguration;
import io.greenplum.mirrors.model.VersionFamily;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * JUnit 5 extension: one embedded PostgreSQL per test class, a fresh database with the Greenplum
 * catalog emulation per test. Register it as a static field: {@code @RegisterExtension static final
 * EmbeddedGreenplum gp = EmbeddedGreenplum.gp7();}
 */
public final class EmbeddedGreenplum
    implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback {
  private final VersionFamily family;
  private EmbeddedCoordinator coordinator;
  private EmbeddedCoordinator.Cluster cluster;

  private EmbeddedGreenplum(VersionFamily family) {
    this.family = family;
  }

  /** Greenplum 6+/Cloudberry catalog (version() says Greenplum 7.1.0 unless set otherwise). */
  public static EmbeddedGreenplum gp7() {
    return new EmbeddedGreenplum(VersionFamily.GP6_PLUS);
  }

  /** Greenplum 4.3/5 catalog (version() says Greenplum 4.3.6.1, as the seed's cluster). */
  public static EmbeddedGreenplum gp43() {
    return new EmbeddedGreenplum(VersionFamily.GP4_GP5);
  }

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    coordinator = EmbeddedCoordinator.start();
  }

  @Override
  public void beforeEach(ExtensionContext context) throws Exception {
    cluster = coordinator.createCluster(family);
  }

  @Override
  public void afterAll(ExtensionContext context) throws Exception {
    coordinator.close();
  }

  public GreenplumEmulation emulation() {
    return cluster.emulation();
  }

  /** Settings of the operator's user, password included. */
  public CoordinatorSettings settings() {
    return cluster.settings();
  }

  /** The coordinator block a MirrorSet needs to reach this emulated cluster (no Secret ref). */
  public io.greenplum.mirrors.api.CoordinatorSpec coordinatorSpec() {
    return cluster.coordinatorSpec();
  }

  public JdbcGreenplumCatalog catalog() {
    return new JdbcGreenplumCatalog(settings(), cluster.segmentConnector());
  }

  public String password() {
    return coordinator.password();
  }

  public String jdbcUrl() {
    return settings().jdbcUrl();
  }

  /** A connection as the operator's user, for asserting on what the catalog holds. */
  public Connection connect() throws SQLException {
    return DriverManager.getConnection(jdbcUrl(), EmbeddedCoordinator.ADMIN, password());
  }

  /** Loads a catalog dump from fixtures/ into the emulation and returns what it holds. */
  public SegmentConfiguration load(String fixture) throws SQLException, DumpFormatException {
    SegmentConfiguration parsed = SegmentConfigurationReader.read(Fixtures.read(fixture));
    emulation().load(parsed);
    return parsed;
  }

  /** Loads a generated cluster into the emulation. */
  public SegmentConfiguration load(SegmentConfiguration cluster) throws SQLException {
    emulation().load(cluster);
    return cluster;
  }
}
