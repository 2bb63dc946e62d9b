package io.greenplum.mirrors.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * An immutable copy of gp_segment_configuration, with the questions the planner asks of it. Rows
 * are kept sorted by dbid, so nothing depends on the order a dump listed them in.
 */
public final class SegmentConfiguration {
  /** Mirror directories are named prefix + content; gpseg unless the coordinator says else. */
  public static final String DEFAULT_PREFIX = "gpseg";

  private final VersionFamily family;
  private final List<Segment> segments;
  private final List<Segment> primaries;
  private final List<Segment> mirrors;
  private final SortedMap<String, List<Segment>> primariesByHost;
  private final Map<Integer, Segment> primariesByContent;
  private final Map<Integer, Segment> mirrorsByContent;

  public SegmentConfiguration(VersionFamily family, List<Segment> segments) {
    this.family = family;
    List<Segment> sorted = new ArrayList<>(segments);
    sorted.sort(Comparator.comparingInt(Segment::dbid));
    this.segments = Collections.unmodifiableList(sorted);
    Comparator<Segment> byContent = Comparator.comparingInt(Segment::content);
    this.primaries = sorted.stream().filter(Segment::isPreferredPrimary).sorted(byContent).toList();
    this.mirrors = sorted.stream().filter(Segment::isPreferredMirror).sorted(byContent).toList();
    this.primariesByHost = groupByHost(primaries);
    this.primariesByContent = byContent(primaries);
    this.mirrorsByContent = byContent(mirrors);
  }

  /** Asked for in loops over every content: made once, not per call (1,000 mirrors). */
  private static Map<Integer, Segment> byContent(List<Segment> rows) {
    Map<Integer, Segment> byContent = new TreeMap<>();
    rows.forEach(r -> byContent.put(r.content(), r));
    return Collections.unmodifiableMap(byContent);
  }

  private static SortedMap<String, List<Segment>> groupByHost(List<Segment> primaries) {
    SortedMap<String, List<Segment>> byHost = new TreeMap<>();
    for (Segment primary : primaries) {
      byHost.computeIfAbsent(primary.hostname(), h -> new ArrayList<>()).add(primary);
    }
    byHost.replaceAll(
        (host, list) ->
            list.stream()
                .sorted(Comparator.comparingInt(Segment::port).thenComparingInt(Segment::content))
                .toList());
    return Collections.unmodifiableSortedMap(byHost);
  }

  public VersionFamily family() {
    return family;
  }

  /** Every row, by dbid. */
  public List<Segment> segments() {
    return segments;
  }

  /** The coordinator (content -1, preferred role primary), if the dump has it. */
  public Optional<Segment> coordinator() {
    return segments.stream()
        .filter(s -> s.isCoordinatorOrStandby() && s.preferredRole() == Role.PRIMARY)
        .findFirst();
  }

  /** The primaries (by preferred role), ordered by content. */
  public List<Segment> primaries() {
    return primaries;
  }

  /** The mirrors (by preferred role), ordered by content. */
  public List<Segment> mirrors() {
    return mirrors;
  }

  /** Mirrors keyed by content. */
  public Map<Integer, Segment> mirrorsByContent() {
    return mirrorsByContent;
  }

  /** Primaries keyed by content. */
  public Map<Integer, Segment> primariesByContent() {
    return primariesByContent;
  }

  /**
   * Primaries grouped by host, hosts sorted by name and each host's primaries by port, as
   * gpaddmirrors' GpMirrorBuildCalculator orders them.
   */
  public SortedMap<String, List<Segment>> primariesByHost() {
    return primariesByHost;
  }

  /** Hosts that run a primary, sorted by name. */
  public List<String> primaryHosts() {
    return List.copyOf(primariesByHost().keySet());
  }

  /** The largest primary count on any host (gpaddmirrors asks for this many data locations). */
  public int maxPrimariesPerHost() {
    return primariesByHost().values().stream().mapToInt(List::size).max().orElse(0);
  }

  /** Largest dbid in use; new mirrors get the dbids after it. */
  public int maxDbid() {
    return segments.stream().mapToInt(Segment::dbid).max().orElse(0);
  }

  /**
   * The prefix of segment data directory names: the coordinator's directory name without its "-1"
   * ("gpseg-1" gives "gpseg", "demoDataDir-1" gives "demoDataDir").
   */
  public String dataDirectoryPrefix() {
    return coordinator()
        .map(Segment::dataDirectory)
        .map(SegmentConfiguration::prefixOf)
        .orElse(DEFAULT_PREFIX);
  }

  private static String prefixOf(String coordinatorDir) {
    String dir = coordinatorDir;
    while (dir.endsWith("/") && dir.length() > 1) {
      dir = dir.substring(0, dir.length() - 1);
    }
    String name = dir.substring(dir.lastIndexOf('/') + 1);
    return name.endsWith("-1") && name.length() > 2
        ? name.substring(0, name.length() - 2)
        : DEFAULT_PREFIX;
  }

  /** The same cluster without its mirror rows: what gpaddmirrors would have seen. */
  public SegmentConfiguration withoutMirrors() {
    return new SegmentConfiguration(
        family, segments.stream().filter(s -> !s.isPreferredMirror()).toList());
  }

  /** Data directories filled in from pg_filespace_entry (4.3/5), keyed by dbid. */
  public SegmentConfiguration withDataDirectories(Map<Integer, String> byDbid) {
    return new SegmentConfiguration(
        family,
        segments.stream()
            .map(s -> byDbid.containsKey(s.dbid()) ? s.withDataDirectory(byDbid.get(s.dbid())) : s)
            .toList());
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SegmentConfiguration other
        && family == other.family
        && segments.equals(other.segments);
  }

  @Override
  public int hashCode() {
    return family.hashCode() * 31 + segments.hashCode();
  }

  @Override
  public String toString() {
    return "SegmentConfiguration[" + family.label() + ", " + segments.size() + " rows]";
  }
}
