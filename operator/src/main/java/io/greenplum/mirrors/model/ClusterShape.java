package io.greenplum.mirrors.model;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.IntFunction;

/**
 * Checks that hold for any real gp_segment_configuration, whatever the row order: read from a dump
 * or from a live coordinator, a catalog that breaks them is not planned on.
 */
public final class ClusterShape {
  private ClusterShape() {}

  /**
   * What is wrong with these rows.
   *
   * @param where how to point at a row by its dbid, e.g. "line 7" for a dump, "dbid 7" live
   */
  public static List<String> problems(List<Segment> segments, IntFunction<String> where) {
    List<String> problems = new ArrayList<>();
    Map<Integer, Segment> byDbid = new HashMap<>();
    Map<String, Segment> byContentAndRole = new HashMap<>();
    for (Segment s : segments) {
      Segment other = byDbid.putIfAbsent(s.dbid(), s);
      if (other != null) {
        problems.add(where.apply(s.dbid()) + ": dbid " + s.dbid() + " twice");
        continue;
      }
      String key = s.content() + "/" + s.preferredRole().code();
      Segment twin = byContentAndRole.putIfAbsent(key, s);
      if (twin != null) {
        problems.add(
            where.apply(s.dbid())
                + ": content "
                + s.content()
                + " has two instances with preferred_role "
                + s.preferredRole().code()
                + " (dbid "
                + twin.dbid()
                + " and "
                + s.dbid()
                + ")");
      }
      values(s, where, problems);
    }
    TreeSet<Integer> primaryContents = new TreeSet<>();
    segments.stream()
        .filter(Segment::isPreferredPrimary)
        .forEach(p -> primaryContents.add(p.content()));
    if (primaryContents.isEmpty()) {
      problems.add("no primary segment (content >= 0, preferred_role p) in the catalog");
      return problems;
    }
    for (int c = 0; c <= primaryContents.last(); c++) {
      if (!primaryContents.contains(c)) {
        problems.add(
            "content "
                + c
                + " has no primary: Greenplum numbers contents 0.."
                + primaryContents.last()
                + " without gaps; is a row missing?");
      }
    }
    segments.stream()
        .filter(s -> s.isPreferredMirror() && !primaryContents.contains(s.content()))
        .forEach(
            m ->
                problems.add(
                    where.apply(m.dbid())
                        + ": mirror dbid "
                        + m.dbid()
                        + " is for content "
                        + m.content()
                        + ", which has no primary"));
    return problems;
  }

  /** A row's own values: a port, a host name without blanks, an absolute data directory. */
  private static void values(Segment s, IntFunction<String> where, List<String> problems) {
    if (s.port() < 1 || s.port() > 65535) {
      problems.add(where.apply(s.dbid()) + ": port " + s.port() + " is outside 1..65535");
    }
    for (String host : new String[] {s.hostname(), s.address()}) {
      if (host == null || host.isEmpty() || host.chars().anyMatch(c -> c <= ' ')) {
        problems.add(
            where.apply(s.dbid())
                + ": dbid "
                + s.dbid()
                + " has no usable hostname/address ('"
                + host
                + "')");
        break;
      }
    }
    if (s.dataDirectory() != null && !s.dataDirectory().startsWith("/")) {
      problems.add(
          where.apply(s.dbid())
              + ": dbid "
              + s.dbid()
              + " has a data directory that is not absolute: "
              + s.dataDirectory());
    }
  }
}
