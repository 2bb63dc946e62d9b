package io.greenplum.mirrors.emulation;

import io.greenplum.mirrors.api.CoordinatorSpec;
import io.greenplum.mirrors.catalog.CoordinatorSettings;
import io.greenplum.mirrors.catalog.SegmentConnector;
import io.greenplum.mirrors.model.SegmentTools;
import io.greenplum.mirrors.model.VersionFamily;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real PostgreSQL (embedded, from Maven Central) standing in for a Greenplum coordinator:
 * password authentication over TCP for the operator's user {@value #ADMIN} (a superuser, as
 * gpaddmirrors needs), and one database per emulated cluster. Runs as root too (the embedded
 * library starts PostgreSQL as an unprivileged user in a user namespace).
 */
public final class EmbeddedCoordinator implements AutoCloseable {
  public static final String ADMIN = "gpadmin";

  private final EmbeddedPostgres postgres;
  private final String password;
  private final AtomicInteger databases = new AtomicInteger();

  private EmbeddedCoordinator(EmbeddedPostgres postgres, String password) {
    this.postgres = postgres;
    this.password = password;
  }

  /** Starts PostgreSQL and creates the superuser {@value #ADMIN} with a random password. */
  public static EmbeddedCoordinator start() throws IOException, SQLException {
    EmbeddedPostgres postgres =
        EmbeddedPostgres.builder()
            .setDataDirectoryCustomizer(EmbeddedCoordinator::requirePasswords)
            .setServerConfig("max_connections", "200")
            .start();
    byte[] secret = new byte[16];
    new SecureRandom().nextBytes(secret);
    String password = HexFormat.of().formatHex(secret);
    try (Connection c = postgres.getPostgresDatabase().getConnection();
        Statement s = c.createStatement()) {
      // the password is random hex, so it cannot break out of the literal
      s.execute("CREATE ROLE " + ADMIN + " LOGIN SUPERUSER PASSWORD '" + password + "'");
    }
    return new EmbeddedCoordinator(postgres, password);
  }

  /** TCP connections authenticate with a password, except the embedding library's own user. */
  private static void requirePasswords(File dataDirectory) {
    String hba =
        """
        local all all trust
        host all postgres 127.0.0.1/32 trust
        host all postgres ::1/128 trust
        host all all 127.0.0.1/32 scram-sha-256
        host all all ::1/128 scram-sha-256
        """;
    try {
      Files.writeString(
          new File(dataDirectory, "pg_hba.conf").toPath(), hba, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Creates a fresh database holding the emulated catalog of {@code family}. */
  public Cluster createCluster(VersionFamily family) throws SQLException {
    String database = "gp_" + databases.incrementAndGet();
    try (Connection c = postgres.getPostgresDatabase().getConnection();
        Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + database + " OWNER " + ADMIN);
    }
    GreenplumEmulation emulation =
        GreenplumEmulation.install(postgres.getDatabase("postgres", database), database, family);
    return new Cluster(database, emulation);
  }

  /** An emulated cluster: its database, its emulation helper, and how to reach it. */
  public final class Cluster {
    private final String database;
    private final GreenplumEmulation emulation;

    private Cluster(String database, GreenplumEmulation emulation) {
      this.database = database;
      this.emulation = emulation;
    }

    public String database() {
      return database;
    }

    public GreenplumEmulation emulation() {
      return emulation;
    }

    /** The coordinator block a MirrorSet would carry to reach this cluster. */
    public CoordinatorSpec coordinatorSpec() {
      CoordinatorSpec spec = new CoordinatorSpec();
      spec.setHost("127.0.0.1");
      spec.setPort(postgres.getPort());
      spec.setDatabase(database);
      spec.setUser(ADMIN);
      // sslMode left to its default (prefer): the embedded server offers no TLS, and its
      // password goes by scram-sha-256, which the operator answers on any connection.
      return spec;
    }

    /** Settings with the right password. */
    public CoordinatorSettings settings() {
      return CoordinatorSettings.of(coordinatorSpec(), password);
    }

    /**
     * Connections to the emulated primaries: a session on this database that sees one primary's
     * replication slots. As a real primary does, it refuses a session that does not ask for utility
     * mode the way its release expects (Greenplum 7: {@code -c gp_role=utility}, Greenplum 6:
     * {@code -c gp_session_role=utility}), and a host:port where no primary listens.
     */
    public SegmentConnector segmentConnector() {
      return (host, port, properties) -> {
        String options = properties.getProperty("options", "");
        SegmentTools tools = emulation.tools();
        if (!options.contains(tools.utilityOptions())) {
          throw new SQLException(
              "FATAL: connections to primary segments are not allowed (this emulated "
                  + (tools == SegmentTools.GREENPLUM_6 ? "Greenplum 6" : "Greenplum 7")
                  + " primary asks for "
                  + tools.utilityOptions()
                  + ")",
              "28000");
        }
        Properties session = new Properties();
        session.putAll(properties);
        session.setProperty("options", options.replace(tools.utilityOptions(), "").strip());
        Connection c = DriverManager.getConnection(settings().jdbcUrl(), session);
        try {
          int content = emulation.primaryAt(c, host, port);
          if (content < 0) {
            throw new SQLException(
                "Connection to " + host + ":" + port + " refused: no primary listens there",
                "08001");
          }
          try (Statement s = c.createStatement()) {
            s.execute("SET gp_emulation.content = " + content);
          }
          return c;
        } catch (SQLException | RuntimeException e) {
          c.close();
          throw e;
        }
      };
    }
  }

  /** The password of {@value #ADMIN}; what the MirrorSet's Secret would hold. */
  public String password() {
    return password;
  }

  public int port() {
    return postgres.getPort();
  }

  @Override
  public void close() throws IOException {
    postgres.close();
  }
}
