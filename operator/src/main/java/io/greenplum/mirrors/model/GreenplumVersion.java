package io.greenplum.mirrors.model;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Greenplum-family release a coordinator runs, read from {@code SELECT version()}, e.g.
 * "PostgreSQL 12.12 (Greenplum Database 7.1.0 build ...)" or "PostgreSQL 14.4 (Apache Cloudberry
 * 1.6.0 ...)".
 *
 * @param product "Greenplum Database", "Apache Cloudberry" or "Cloudberry Database"
 * @param release the product's release, e.g. "7.1.0" or "4.3.6.1"
 * @param major the product's major release, e.g. 7
 */
public record GreenplumVersion(String product, String release, int major, VersionFamily family) {
  private static final Pattern PRODUCT =
      Pattern.compile(
          "\\((Greenplum Database|Apache Cloudberry|Cloudberry Database) (\\d+)((?:\\.\\d+)*)");

  /** The version, or empty when the string is not a Greenplum-family one. */
  public static Optional<GreenplumVersion> parse(String versionString) {
    if (versionString == null) {
      return Optional.empty();
    }
    Matcher m = PRODUCT.matcher(versionString);
    if (!m.find()) {
      return Optional.empty();
    }
    String product = m.group(1);
    int major = Integer.parseInt(m.group(2));
    boolean greenplum = product.equals("Greenplum Database");
    VersionFamily family = greenplum && major < 6 ? VersionFamily.GP4_GP5 : VersionFamily.GP6_PLUS;
    return Optional.of(new GreenplumVersion(product, m.group(2) + m.group(3), major, family));
  }

  /** Whether the operator knows this release: Greenplum 4.3 to 7, any Cloudberry. */
  public boolean isSupported() {
    return !product.equals("Greenplum Database") || major >= 4;
  }

  /**
   * The segment tools of a WAL-replicating release: Greenplum 6, or Greenplum 7 and Cloudberry;
   * null for Greenplum 4.3/5 (file replication), whose mirrors the operator does not build.
   */
  public SegmentTools tools() {
    if (family != VersionFamily.GP6_PLUS) {
      return null;
    }
    return product.equals("Greenplum Database") && major == 6
        ? SegmentTools.GREENPLUM_6
        : SegmentTools.GREENPLUM_7;
  }

  /** "Greenplum Database 7.1.0". */
  @Override
  public String toString() {
    return product + " " + release;
  }
}
