package io.greenplum.mirrors.catalog;

import io.greenplum.mirrors.api.CoordinatorSpec;
import io.greenplum.mirrors.model.SegmentTools;
import java.time.Duration;
import java.util.Properties;

/**
 * How to reach the coordinator. The password is held only to be handed to the driver: it is in
 * neither the URL nor {@link #toString()}.
 *
 * @param caCertificate the PEM CA certificate the coordinator's server certificate must chain to
 *     (verify-ca, verify-full), or null for the JVM's trust store
 * @param trustedNetwork the network to the server is trusted: md5 and cleartext password requests
 *     are answered without a verified server ({@link PasswordPolicy})
 */
public record CoordinatorSettings(
    String host,
    int port,
    String database,
    String user,
    String password,
    String sslMode,
    Duration connectTimeout,
    Duration socketTimeout,
    Duration statementTimeout,
    String caCertificate,
    boolean trustedNetwork) {

  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
  public static final Duration DEFAULT_SOCKET_TIMEOUT = Duration.ofSeconds(60);
  public static final Duration DEFAULT_STATEMENT_TIMEOUT = Duration.ofSeconds(30);

  /** Without a CA of its own. */
  public CoordinatorSettings(
      String host,
      int port,
      String database,
      String user,
      String password,
      String sslMode,
      Duration connectTimeout,
      Duration socketTimeout,
      Duration statementTimeout) {
    this(
        host,
        port,
        database,
        user,
        password,
        sslMode,
        connectTimeout,
        socketTimeout,
        statementTimeout,
        null,
        false);
  }

  /** Settings from a MirrorSet's coordinator block and the password read from its Secret. */
  public static CoordinatorSettings of(CoordinatorSpec spec, String password) {
    return of(spec, password, null);
  }

  /**
   * The same with the CA read from spec.coordinator.tls: sslMode then defaults to verify-full (the
   * coordinator's certificate must be signed by it and name the host), else to prefer.
   */
  public static CoordinatorSettings of(CoordinatorSpec spec, String password, String ca) {
    String sslMode =
        spec.getSslMode() != null
            ? spec.getSslMode().value()
            : ca != null ? "verify-full" : "prefer";
    return new CoordinatorSettings(
        spec.getHost(),
        spec.getPort() == null ? 5432 : spec.getPort(),
        spec.getDatabase() == null ? "postgres" : spec.getDatabase(),
        spec.getUser() == null ? "gpadmin" : spec.getUser(),
        password,
        sslMode,
        DEFAULT_CONNECT_TIMEOUT,
        DEFAULT_SOCKET_TIMEOUT,
        DEFAULT_STATEMENT_TIMEOUT,
        ca,
        Boolean.TRUE.equals(spec.getTrustedNetwork()));
  }

  /**
   * Settings from a JDBC URL such as {@code jdbc:postgresql://mdw:5432/postgres?sslmode=require}
   * (host, port, database and sslmode are taken from it).
   *
   * @throws IllegalArgumentException when the URL is not a PostgreSQL JDBC URL
   */
  public static CoordinatorSettings fromJdbcUrl(String url, String user, String password) {
    String prefix = "jdbc:postgresql://";
    if (url == null || !url.startsWith(prefix)) {
      throw new IllegalArgumentException(
          "expected a URL like jdbc:postgresql://HOST:PORT/DATABASE, found '" + url + "'");
    }
    java.net.URI uri;
    try {
      uri = new java.net.URI("postgresql://" + url.substring(prefix.length()));
    } catch (java.net.URISyntaxException e) {
      throw new IllegalArgumentException("not a valid JDBC URL: " + e.getMessage(), e);
    }
    if (uri.getHost() == null) {
      throw new IllegalArgumentException("the JDBC URL names no host: '" + url + "'");
    }
    String path = uri.getPath() == null ? "" : uri.getPath().replaceFirst("^/", "");
    String sslMode = "prefer";
    if (uri.getQuery() != null) {
      for (String pair : uri.getQuery().split("&")) {
        if (pair.startsWith("sslmode=")) {
          sslMode = pair.substring("sslmode=".length());
        } else if (pair.startsWith("password=")) {
          throw new IllegalArgumentException(
              "do not put the password in the URL; give it in PGPASSWORD or --password-file");
        }
      }
    }
    return new CoordinatorSettings(
        uri.getHost(),
        uri.getPort() < 0 ? 5432 : uri.getPort(),
        path.isEmpty() ? "postgres" : path,
        user,
        password,
        sslMode,
        DEFAULT_CONNECT_TIMEOUT,
        DEFAULT_SOCKET_TIMEOUT,
        DEFAULT_STATEMENT_TIMEOUT);
  }

  /** The same settings, the network to the server trusted or not ({@link PasswordPolicy}). */
  public CoordinatorSettings trusting(boolean trusted) {
    return new CoordinatorSettings(
        host,
        port,
        database,
        user,
        password,
        sslMode,
        connectTimeout,
        socketTimeout,
        statementTimeout,
        caCertificate,
        trusted);
  }

  /** The same settings with other timeouts. */
  public CoordinatorSettings withTimeouts(Duration connect, Duration socket, Duration statement) {
    return new CoordinatorSettings(
        host,
        port,
        database,
        user,
        password,
        sslMode,
        connect,
        socket,
        statement,
        caCertificate,
        trustedNetwork);
  }

  /** jdbc:postgresql://host:port/database, without credentials. */
  public String jdbcUrl() {
    String h = host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
    return "jdbc:postgresql://" + h + ":" + port + "/" + database;
  }

  /**
   * Driver properties: credentials, sslmode, timeouts (the statement timeout as a server option).
   */
  Properties driverProperties() {
    Properties props = new Properties();
    props.setProperty("user", user);
    if (password != null) {
      props.setProperty("password", password);
    }
    // The driver asks GuardedPassword for the password, which answers only safe requests.
    props.setProperty("authenticationPluginClassName", GuardedPassword.class.getName());
    props.setProperty(GuardedPassword.TRUSTED_NETWORK, String.valueOf(trustedNetwork));
    props.setProperty("sslmode", sslMode);
    if (caCertificate != null) {
      // The CA in memory: no file to write, and the driver still checks the host name
      // (verify-full).
      props.setProperty("sslfactory", "org.postgresql.ssl.SingleCertValidatingFactory");
      props.setProperty("sslfactoryarg", caCertificate.strip());
    }
    props.setProperty("connectTimeout", String.valueOf(seconds(connectTimeout)));
    props.setProperty("loginTimeout", String.valueOf(seconds(connectTimeout)));
    props.setProperty("socketTimeout", String.valueOf(seconds(socketTimeout)));
    props.setProperty("options", "-c statement_timeout=" + statementTimeout.toMillis());
    props.setProperty("ApplicationName", "gpmirrors");
    props.setProperty("tcpKeepAlive", "true");
    return props;
  }

  /**
   * Driver properties of a utility-mode connection to a segment instance, with the coordinator's
   * credentials: {@code options=-c gp_role=utility} (Greenplum 6: gp_session_role), as gprecoverseg
   * and a DBA's PGOPTIONS connect to a primary.
   */
  Properties segmentProperties(SegmentTools tools) {
    Properties props = driverProperties();
    props.setProperty(
        "options", tools.utilityOptions() + " -c statement_timeout=" + statementTimeout.toMillis());
    return props;
  }

  private static long seconds(Duration d) {
    return Math.max(1, (d.toMillis() + 999) / 1000);
  }

  /** "gpadmin@host:port/database (sslmode ...)", never the password. */
  @Override
  public String toString() {
    return user
        + "@"
        + host
        + ":"
        + port
        + "/"
        + database
        + " (sslmode "
        + sslMode
        + (caCertificate == null ? "" : ", CA from spec.coordinator.tls")
        + ")";
  }
}
