package io.greenplum.mirrors.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.greenplum.mirrors.api.CoordinatorSpec;
import io.greenplum.mirrors.api.SslMode;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * spec.coordinator.tls against a real PostgreSQL serving a certificate this test makes (its own CA,
 * the server's name "localhost"): with the CA the operator connects with verify-full, and refuses a
 * host the certificate does not name and a server signed by another CA, before any password is
 * sent.
 */
class CoordinatorTlsIT {
  private static String ca;
  private static String otherCa;
  private static EmbeddedPostgres postgres;

  @BeforeAll
  static void start() throws Exception {
    KeyPair caKeys = keys();
    X509Certificate caCert =
        certificate("CN=gpmirrors test CA", caKeys, "CN=gpmirrors test CA", caKeys, true, null);
    KeyPair serverKeys = keys();
    X509Certificate serverCert =
        certificate("CN=localhost", serverKeys, "CN=gpmirrors test CA", caKeys, false, "localhost");
    ca = pem(caCert);
    KeyPair otherKeys = keys();
    otherCa = pem(certificate("CN=another CA", otherKeys, "CN=another CA", otherKeys, true, null));
    String certPem = pem(serverCert);
    String keyPem = pem(serverKeys.getPrivate());
    postgres =
        EmbeddedPostgres.builder()
            .setDataDirectoryCustomizer(
                dir -> {
                  try {
                    Path key = dir.toPath().resolve("server.key");
                    Files.writeString(dir.toPath().resolve("server.crt"), certPem);
                    Files.writeString(key, keyPem);
                    Files.setPosixFilePermissions(
                        key, PosixFilePermissions.fromString("rw-------"));
                  } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                  }
                })
            .setServerConfig("ssl", "on")
            .start();
  }

  @AfterAll
  static void stop() throws Exception {
    if (postgres != null) {
      postgres.close();
    }
  }

  @Test
  void withTheCaTheDefaultIsVerifyFullAndTheRightHostConnectsOverTls() throws Exception {
    CoordinatorSettings settings = CoordinatorSettings.of(spec("localhost", null), null, ca);
    assertThat(settings.sslMode()).isEqualTo("verify-full");
    assertThat(settings.toString()).doesNotContain("BEGIN CERTIFICATE");
    try (Connection c = connect(settings);
        ResultSet rs =
            c.createStatement()
                .executeQuery("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()")) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getBoolean(1)).as("the session is encrypted").isTrue();
    }
  }

  @Test
  void aHostTheCertificateDoesNotNameIsRefused() {
    CoordinatorSettings settings = CoordinatorSettings.of(spec("127.0.0.1", null), null, ca);
    assertThatThrownBy(() -> connect(settings).close())
        .isInstanceOf(SQLException.class)
        .hasMessageContaining("127.0.0.1");
  }

  @Test
  void aServerSignedByAnotherCaIsRefused() {
    CoordinatorSettings settings = CoordinatorSettings.of(spec("localhost", null), null, otherCa);
    assertThatThrownBy(() -> connect(settings).close()).isInstanceOf(SQLException.class);
  }

  @Test
  void withoutTheCaPreferStaysTheDefaultAndAnExplicitModeIsKept() throws Exception {
    CoordinatorSettings prefer = CoordinatorSettings.of(spec("localhost", null), null, null);
    assertThat(prefer.sslMode()).isEqualTo("prefer");
    connect(prefer).close();
    assertThat(CoordinatorSettings.of(spec("localhost", SslMode.REQUIRE), null, ca).sslMode())
        .isEqualTo("require");
  }

  private static Connection connect(CoordinatorSettings settings) throws SQLException {
    return DriverManager.getConnection(settings.jdbcUrl(), settings.driverProperties());
  }

  private static CoordinatorSpec spec(String host, SslMode mode) {
    CoordinatorSpec spec = new CoordinatorSpec();
    spec.setHost(host);
    spec.setPort(postgres.getPort());
    spec.setUser("postgres");
    spec.setSslMode(mode);
    return spec;
  }

  private static KeyPair keys() throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(2048);
    return generator.generateKeyPair();
  }

  private static X509Certificate certificate(
      String subject,
      KeyPair subjectKeys,
      String issuer,
      KeyPair issuerKeys,
      boolean isCa,
      String dns)
      throws Exception {
    Instant now = Instant.now();
    JcaX509v3CertificateBuilder builder =
        new JcaX509v3CertificateBuilder(
            new X500Name(issuer),
            BigInteger.valueOf(now.toEpochMilli()),
            Date.from(now.minus(1, ChronoUnit.DAYS)),
            Date.from(now.plus(1, ChronoUnit.DAYS)),
            new X500Name(subject),
            subjectKeys.getPublic());
    builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(isCa));
    if (dns != null) {
      builder.addExtension(
          Extension.subjectAlternativeName,
          false,
          new GeneralNames(new GeneralName(GeneralName.dNSName, dns)));
    }
    return new JcaX509CertificateConverter()
        .getCertificate(
            builder.build(
                new JcaContentSignerBuilder("SHA256withRSA").build(issuerKeys.getPrivate())));
  }

  private static String pem(Object object) throws Exception {
    StringWriter out = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
      writer.writeObject(object);
    }
    return out.toString();
  }
}
