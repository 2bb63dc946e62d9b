package io.greenplum.mirrors.plan;

import static org.assertj.core.api.Assertions.assertThat;

import io.greenplum.mirrors.TestClusters;
import io.greenplum.mirrors.TestMirrorSets;
import io.greenplum.mirrors.api.MirrorSetSpec;
import io.greenplum.mirrors.model.Segment;
import io.greenplum.mirrors.model.SegmentConfiguration;
import io.greenplum.mirrors.model.VersionFamily;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Placement invariants over generated clusters: 1..64 hosts, 1..16 primaries per host, each host
 * with its own port base and now and then an irregular port like the seed's content 22 (50011).
 * Every fact is checked independently of the planner's own validation.
 */
class PlacementPropertiesTest {

  /** A generated cluster: its layout and the seed used to vary ports and row order. */
  record Layout(int hosts, int perHost, long seed) {
    SegmentConfiguration cluster() {
      Random random = new Random(seed);
      List<Segment> rows = new ArrayList<>();
      rows.add(TestClusters.coordinator(VersionFamily.GP6_PLUS));
      int content = 0;
      for (int h = 0; h < hosts; h++) {
        int base = 6000 + random.nextInt(3000);
        for (int i = 0; i < perHost; i++) {
          int port = random.nextInt(10) == 0 ? 45000 + content : base + i;
          rows.add(
              TestClusters.primary(
                  VersionFamily.GP6_PLUS, content++, TestClusters.host(h, hosts), port));
        }
      }
      Collections.shuffle(rows, random);
      return new SegmentConfiguration(VersionFamily.GP6_PLUS, rows);
    }
  }

  @Provide
  Arbitrary<Layout> groupLayouts() {
    return Combinators.combine(
            Arbitraries.integers().between(2, 64),
            Arbitraries.integers().between(1, 16),
            Arbitraries.longs())
        .as(Layout::new);
  }

  @Provide
  Arbitrary<Layout> spreadLayouts() {
    return Combinators.combine(
            Arbitraries.integers().between(2, 64),
            Arbitraries.integers().between(1, 16),
            Arbitraries.longs())
        .as(Layout::new)
        .filter(l -> l.hosts() > l.perHost());
  }

  @Property(tries = 200)
  void groupKeepsEveryInvariant(@ForAll("groupLayouts") Layout layout) {
    SegmentConfiguration cluster = layout.cluster();
    PlanResult result = MirrorPlanner.plan(cluster, TestMirrorSets.group().build());

    assertCommonInvariants(cluster, result);
    Map<String, Set<String>> targets = targetsByPrimaryHost(result.plan());
    targets.forEach(
        (host, to) -> {
          assertThat(to).as("mirrors of %s's primaries", host).hasSize(1);
          assertThat(to).doesNotContain(host);
        });
  }

  @Property(tries = 200)
  void spreadKeepsEveryInvariant(@ForAll("spreadLayouts") Layout layout) {
    SegmentConfiguration cluster = layout.cluster();
    PlanResult result = MirrorPlanner.plan(cluster, TestMirrorSets.spread().build());

    assertCommonInvariants(cluster, result);
    Map<String, List<String>> targets = new HashMap<>();
    result
        .plan()
        .mirrors()
        .forEach(
            m ->
                targets
                    .computeIfAbsent(m.primary().hostname(), h -> new ArrayList<>())
                    .add(m.hostname()));
    targets.forEach(
        (host, to) ->
            assertThat(new HashSet<>(to))
                .as("mirror hosts of %s's primaries", host)
                .hasSameSizeAs(to));
  }

  @Property(tries = 100)
  void sameInputGivesTheSamePlanWhateverTheRowOrder(
      @ForAll("spreadLayouts") Layout layout, @ForAll long otherSeed) {
    SegmentConfiguration cluster = layout.cluster();
    List<Segment> shuffled = new ArrayList<>(cluster.segments());
    Collections.shuffle(shuffled, new Random(otherSeed));
    MirrorSetSpec spec = TestMirrorSets.spread().build();

    assertThat(MirrorPlanner.plan(new SegmentConfiguration(cluster.family(), shuffled), spec))
        .isEqualTo(MirrorPlanner.plan(cluster, spec));
  }

  @Property(tries = 30)
  void aSingleHostNeedsAllowSameHost(@ForAll("groupLayouts") Layout layout) {
    SegmentConfiguration oneHost = new Layout(1, layout.perHost(), layout.seed()).cluster();

    assertThat(MirrorPlanner.plan(oneHost, TestMirrorSets.group().build()).errors())
        .extracting(Problem::reason)
        .containsExactly("MirrorOnPrimaryHost");
    PlanResult allowed =
        MirrorPlanner.plan(oneHost, TestMirrorSets.group().allowSameHost().build());
    assertCommonInvariants(oneHost, allowed);
  }

  private static void assertCommonInvariants(SegmentConfiguration cluster, PlanResult result) {
    assertThat(result.errors()).isEmpty();
    MirrorPlan plan = result.plan();
    List<Integer> contents = plan.mirrors().stream().map(PlannedMirror::content).sorted().toList();
    assertThat(contents).isEqualTo(cluster.primaries().stream().map(Segment::content).toList());
    boolean singleHost = cluster.primaryHosts().size() == 1;
    Map<String, Set<Integer>> portsByHost = new HashMap<>();
    Map<String, Set<String>> dirsByHost = new HashMap<>();
    for (Segment s : cluster.segments()) {
      assertThat(portsByHost.computeIfAbsent(s.hostname(), h -> new HashSet<>()).add(s.port()))
          .isTrue();
      dirsByHost.computeIfAbsent(s.hostname(), h -> new HashSet<>()).add(s.dataDirectory());
    }
    for (PlannedMirror m : plan.mirrors()) {
      assertThat(m.port()).isBetween(1, 65535);
      if (!singleHost) {
        assertThat(m.hostname()).isNotEqualTo(m.primary().hostname());
      }
      assertThat(portsByHost.computeIfAbsent(m.hostname(), h -> new HashSet<>()).add(m.port()))
          .as("port %d on %s is free", m.port(), m.hostname())
          .isTrue();
      assertThat(
              dirsByHost.computeIfAbsent(m.hostname(), h -> new HashSet<>()).add(m.dataDirectory()))
          .as("directory %s on %s is free", m.dataDirectory(), m.hostname())
          .isTrue();
    }
  }

  private static Map<String, Set<String>> targetsByPrimaryHost(MirrorPlan plan) {
    Map<String, Set<String>> targets = new HashMap<>();
    plan.mirrors()
        .forEach(
            m ->
                targets
                    .computeIfAbsent(m.primary().hostname(), h -> new HashSet<>())
                    .add(m.hostname()));
    return targets;
  }
}
