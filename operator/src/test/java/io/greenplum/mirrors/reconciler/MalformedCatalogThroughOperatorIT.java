package io.greenplum.mirrors.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.greenplum.mirrors.TestClusters;
import io.greenplum.mirrors.TestMirrorSets;
import io.greenplum.mirrors.api.MirrorSetStatus;
import io.greenplum.mirrors.emulation.EmbeddedGreenplum;
import io.greenplum.mirrors.model.Role;
import io.greenplum.mirrors.model.Segment;
import io.greenplum.mirrors.model.SegmentConfiguration;
import io.greenplum.mirrors.model.SegmentMode;
import io.greenplum.mirrors.model.SegmentStatus;
import io.greenplum.mirrors.status.Conditions;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A live gp_segment_configuration that no real Greenplum keeps (a content without its primary, a
 * mirror of nothing, a port or host name that cannot be, a relative data directory) is refused by
 * the running operator with the offending dbid: Degraded, reason CatalogShape, nothing planned, no
 * catalog write, no pod, no volume. The same checks refuse malformed dumps
 * (MalformedDumpPropertiesTest).
 */
@EnableKubernetesMockClient(crud = true)
class MalformedCatalogThroughOperatorIT extends OperatorTestBase {
  @RegisterExtension static final EmbeddedGreenplum GP = EmbeddedGreenplum.gp7();

  @Override
  EmbeddedGreenplum gp() {
    return GP;
  }

  static Stream<Arguments> catalogs() {
    return Stream.of(
        broken("content 1 has no primary", rows -> without(rows, 1)),
        broken("is for content 9, which has no primary", rows -> plus(rows, mirror(9, 7009))),
        broken("port 0 is outside", rows -> replace(rows, 2, port(rows.get(2), 0))),
        broken("port 70000 is outside", rows -> replace(rows, 3, port(rows.get(3), 70000))),
        broken("no usable hostname", rows -> replace(rows, 2, host(rows.get(2), ""))),
        broken("no usable hostname", rows -> replace(rows, 4, host(rows.get(4), "sdw 1"))),
        broken("not absolute", rows -> replace(rows, 1, dir(rows.get(1), "data/gpseg0"))),
        broken("no primary segment", rows -> new ArrayList<>(rows.subList(0, 1))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("catalogs")
  void aCatalogNoGreenplumKeepsIsRefusedAndNothingIsWritten(
      String expected, UnaryOperator<List<Segment>> breakIt) throws Exception {
    SegmentConfiguration valid = TestClusters.gp7(2, 2);
    GP.load(
        new SegmentConfiguration(valid.family(), breakIt.apply(new ArrayList<>(valid.segments()))));
    startOperator("sdw1", "sdw2");
    apply("shape", TestMirrorSets.group().build());

    MirrorSetStatus status = awaitStatus("shape", conditionIs("Degraded", "True", "CatalogShape"));
    assertThat(condition(status, Conditions.DEGRADED).getMessage())
        .contains(expected)
        .contains("nothing is planned or written");
    assertThat(client.pods().inNamespace(TestKubernetes.NAMESPACE).list().getItems()).isEmpty();
    assertThat(volumes()).isZero();
    assertThat(GP.emulation().history()).as("catalog writes").isEmpty();
  }

  private static Arguments broken(String expected, UnaryOperator<List<Segment>> change) {
    return Arguments.of(expected, change);
  }

  private static List<Segment> without(List<Segment> rows, int content) {
    rows.removeIf(s -> s.content() == content);
    return rows;
  }

  private static List<Segment> plus(List<Segment> rows, Segment row) {
    rows.add(row);
    return rows;
  }

  private static List<Segment> replace(List<Segment> rows, int index, Segment row) {
    rows.set(index, row);
    return rows;
  }

  private static Segment mirror(int content, int port) {
    return new Segment(
        20 + content,
        content,
        Role.MIRROR,
        Role.MIRROR,
        SegmentMode.NOT_IN_SYNC,
        SegmentStatus.DOWN,
        port,
        "sdw2",
        "sdw2",
        "/data/mirror/gpseg" + content,
        null);
  }

  private static Segment port(Segment s, int port) {
    return copy(s, port, s.hostname(), s.dataDirectory());
  }

  private static Segment host(Segment s, String host) {
    return copy(s, s.port(), host, s.dataDirectory());
  }

  private static Segment dir(Segment s, String dir) {
    return copy(s, s.port(), s.hostname(), dir);
  }

  /** {@code s} with another port, host name (and address) and data directory. */
  private static Segment copy(Segment s, int port, String host, String dir) {
    return new Segment(
        s.dbid(),
        s.content(),
        s.role(),
        s.preferredRole(),
        s.mode(),
        s.status(),
        port,
        host,
        host,
        dir,
        s.replicationPort());
  }
}
