package io.greenplum.mirrors.plan;

import io.greenplum.mirrors.model.Segment;

/**
 * Where a mirror lives: its host, address, port and data directory, the four things a move changes
 * (gpmovemirrors' old and new "address|port|datadir"). Pods and volume claims carry its {@link
 * #key()} so that the operator can tell the ones of a mirror's old place from its new one.
 */
public record MirrorLocation(String hostname, String address, int port, String dataDirectory) {

  public MirrorLocation {
    dataDirectory = dataDirectory == null ? null : DataDirectories.normalize(dataDirectory);
  }

  /** Where the catalog has the mirror. */
  public static MirrorLocation of(Segment mirror) {
    return new MirrorLocation(
        mirror.hostname(), mirror.address(), mirror.port(), mirror.dataDirectory());
  }

  /** Where the plan puts the mirror. */
  public static MirrorLocation of(PlannedMirror mirror) {
    return new MirrorLocation(
        mirror.hostname(), mirror.address(), mirror.port(), mirror.dataDirectory());
  }

  /** The place a {@link #key()} names, or null when the text is not one. */
  public static MirrorLocation parse(String key) {
    String[] parts = key == null ? new String[0] : key.split("\\|", 4);
    if (parts.length != 4 || !parts[2].matches("[0-9]{1,5}")) {
      return null;
    }
    return new MirrorLocation(
        parts[0], parts[1], Integer.parseInt(parts[2]), "null".equals(parts[3]) ? null : parts[3]);
  }

  /** The text kept in annotations and compared: host|address|port|directory. */
  public String key() {
    return hostname + "|" + address + "|" + port + "|" + dataDirectory;
  }

  /** Both hold the same host and port, or the same directory on the same host. */
  public boolean overlaps(MirrorLocation other) {
    return hostname.equals(other.hostname)
        && (port == other.port
            || (dataDirectory != null && dataDirectory.equals(other.dataDirectory)));
  }

  /**
   * The other place is this one on another port: same host, address and data directory. A mirror
   * moved there is started again on its volume, nothing copied (its port is an argument of
   * postgres, not a property of its directory).
   */
  public boolean onlyPortDiffers(MirrorLocation other) {
    return other != null
        && port != other.port
        && hostname.equals(other.hostname)
        && address.equals(other.address)
        && dataDirectory != null
        && dataDirectory.equals(other.dataDirectory);
  }

  /** As gpstate shows an instance: "sdw2:7001 /data/mirror/gpseg5". */
  @Override
  public String toString() {
    return hostname
        + (address.equals(hostname) ? "" : " (" + address + ")")
        + ":"
        + port
        + (dataDirectory == null ? "" : " " + dataDirectory);
  }
}
