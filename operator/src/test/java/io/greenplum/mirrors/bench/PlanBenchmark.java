package io.greenplum.mirrors.bench;

import io.greenplum.mirrors.TestClusters;
import io.greenplum.mirrors.TestMirrorSets;
import io.greenplum.mirrors.api.MirrorSetSpec;
import io.greenplum.mirrors.model.SegmentConfiguration;
import io.greenplum.mirrors.plan.MirrorPlanner;
import io.greenplum.mirrors.plan.PlanResult;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Plans and validates 10,000 primaries (1,250 hosts x 8). SampleTime mode prints percentiles: p0.50
 * is the median. Run: {@code mvn -B -pl operator -am -Pbench test-compile exec:exec}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(
    value = 1,
    jvmArgs = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class PlanBenchmark {
  private SegmentConfiguration cluster;
  private MirrorSetSpec group;
  private MirrorSetSpec spread;

  @Setup(Level.Trial)
  public void setUp() {
    cluster = TestClusters.gp7(1250, 8);
    group = TestMirrorSets.group().build();
    spread = TestMirrorSets.spread().build();
    PlanResult check = MirrorPlanner.plan(cluster, group);
    if (!check.isValid() || check.plan().mirrors().size() != 10_000) {
      throw new IllegalStateException("benchmark input does not plan: " + check.errors());
    }
  }

  @Benchmark
  public PlanResult groupOf10000Primaries() {
    return MirrorPlanner.plan(cluster, group);
  }

  @Benchmark
  public PlanResult spreadOf10000Primaries() {
    return MirrorPlanner.plan(cluster, spread);
  }
}
