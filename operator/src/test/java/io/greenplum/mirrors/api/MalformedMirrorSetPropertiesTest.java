package io.greenplum.mirrors.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.greenplum.mirrors.TestClusters;
import io.greenplum.mirrors.model.SegmentConfiguration;
import io.greenplum.mirrors.plan.InputRules;
import io.greenplum.mirrors.plan.MirrorPlanner;
import io.greenplum.mirrors.plan.Problem;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

/**
 * Malformed MirrorSets, generated: each is refused with a reason naming the field, by the same code
 * the CLI and the operator run (manifest reading, name and spec rules, the planner), and never with
 * a stack trace. Where a schema can say it, the CRD refuses it too.
 */
public class MalformedMirrorSetPropertiesTest {
  static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final SegmentConfiguration CLUSTER = TestClusters.gp7(4, 2);

  static final String VALID =
      """
      apiVersion: greenplum.io/v1alpha1
      kind: MirrorSet
      metadata:
        name: prod-mirrors
      spec:
        coordinator:
          host: mdw
          passwordSecret: {name: gp-admin, key: password}
        placement:
          strategy: Group
        dataDirectories: [/data/mirror]
        template:
          image: greenplum:7
        storage:
          size: 100Gi
      """;

  /**
   * One way to break a manifest.
   *
   * @param field what the refusal must name
   * @param schemaRefuses the CRD's schema (not its CEL rules) refuses it too
   */
  public record Malformation(
      String kind, String field, boolean schemaRefuses, Function<ObjectNode, String> apply) {
    @Override
    public String toString() {
      return kind;
    }
  }

  /** The spec of {@link #VALID}, to be broken. */
  public static ObjectNode valid() {
    try {
      return (ObjectNode) YAML.readTree(VALID);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @Property(tries = 600)
  public void everyMalformedMirrorSetIsRefusedWithItsField(@ForAll("malformed") Malformation m)
      throws Exception {
    Statistics.collect(m.kind());
    String text = m.apply().apply(valid());
    List<String> refusals = refusals(text);
    assertThat(refusals).as(m.kind() + ": " + abbreviate(text)).isNotEmpty();
    assertThat(String.join("\n", refusals)).as(m.kind()).contains(m.field());
    if (m.schemaRefuses()) {
      JsonNode doc = YAML.readTree(text);
      assertThat(CrdSchema.violations(CrdTest.schema(), doc))
          .as("the CRD refuses " + m.kind())
          .isNotEmpty();
    }
  }

  @Property(tries = 50)
  void theValidManifestPasses() throws Exception {
    assertThat(refusals(VALID)).isEmpty();
    assertThat(CrdSchema.violations(CrdTest.schema(), YAML.readTree(VALID))).isEmpty();
  }

  /** What the CLI and the operator say against this manifest; any other exception fails. */
  public static List<String> refusals(String text) {
    MirrorSet ms;
    try {
      ms = MirrorSetYaml.read(text);
    } catch (ManifestException e) {
      return List.of(e.getMessage());
    }
    List<Problem> problems = new ArrayList<>();
    InputRules.name(ms.getMetadata() == null ? null : ms.getMetadata().getName(), problems);
    problems.addAll(MirrorPlanner.plan(CLUSTER, ms.getSpec()).errors());
    return problems.stream().map(p -> "[" + p.reason() + "] " + p.message()).toList();
  }

  private static String abbreviate(String text) {
    return text.length() < 600 ? text : text.substring(0, 600) + "...";
  }

  @Provide
  public static Arbitrary<Malformation> malformed() {
    return Arbitraries.oneOf(
        sizes(),
        images(),
        dataDirectories(),
        hostNames(),
        names(),
        objectNames(),
        coordinatorHosts(),
        duplicates(),
        ranges(),
        documents(),
        podFields(),
        tooMany());
  }

  private static Arbitrary<String> junk() {
    return Arbitraries.strings().all().ofMinLength(1).ofMaxLength(40);
  }

  private static Arbitrary<Malformation> sizes() {
    Arbitrary<String> bad =
        Arbitraries.oneOf(
            Arbitraries.of("ten", "", "-1Gi", "1.5.5Gi", "100 Gi", "100gi", "0", "Gi", "1e"),
            junk().filter(s -> !s.matches(Formats.QUANTITY)));
    return bad.map(
        size ->
            new Malformation(
                "storage.size",
                "storage.size",
                !size.isEmpty() && !size.equals("0"),
                doc -> set(doc, "/spec/storage", "size", size)));
  }

  private static Arbitrary<Malformation> images() {
    Arbitrary<String> bad =
        Arbitraries.oneOf(
            Arbitraries.of("", " ", "greenplum: 7", "greenplum:7\n"),
            junk().map(s -> "gp " + s),
            Arbitraries.strings().alpha().ofLength(1025));
    return bad.map(
        image ->
            new Malformation(
                "template.image",
                "template.image",
                true,
                doc -> set(doc, "/spec/template", "image", image)));
  }

  private static Arbitrary<Malformation> dataDirectories() {
    Arbitrary<String> segment =
        Arbitraries.strings().alpha().numeric().ofMinLength(1).ofMaxLength(12);
    Arbitrary<String> bad =
        Arbitraries.oneOf(
            segment,
            segment.map(s -> "/data/" + s + "\n/etc"),
            segment.map(s -> "/data/../" + s),
            segment.map(s -> "/data/./" + s),
            segment.map(s -> "/data//" + s),
            segment.map(s -> "/data/" + s + "/.."),
            segment.map(s -> "/data/" + s + ":x"),
            segment.map(s -> "/data/\t" + s),
            Arbitraries.integers().between(4097, 6000).map(n -> "/" + "d".repeat(n)));
    return Combinators.combine(bad, Arbitraries.of(true, false))
        .as(
            (path, explicit) ->
                explicit
                    ? new Malformation(
                        "placement.mirrors[].dataDirectory",
                        "dataDirectory",
                        true,
                        doc -> explicitWith(doc, path))
                    : new Malformation(
                        "dataDirectories",
                        "dataDirectories[0]",
                        false,
                        doc -> {
                          ((ObjectNode) doc.get("spec")).putArray("dataDirectories").add(path);
                          return write(doc);
                        }));
  }

  private static Arbitrary<Malformation> podFields() {
    Arbitrary<String> key = Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(10);
    return Arbitraries.oneOf(
        key.map(
            k ->
                new Malformation(
                    "template.labels reserved",
                    "template.labels 'greenplum.io/" + k + "'",
                    false,
                    doc -> {
                      ((ObjectNode) doc.at("/spec/template"))
                          .putObject("labels")
                          .put("greenplum.io/" + k, "x");
                      return write(doc);
                    })),
        Arbitraries.of("a b", "x".repeat(64), "-x", "x\n")
            .map(
                v ->
                    new Malformation(
                        "template.nodeSelector value",
                        "template.nodeSelector 'disk'",
                        false,
                        doc -> {
                          ((ObjectNode) doc.at("/spec/template"))
                              .putObject("nodeSelector")
                              .put("disk", v);
                          return write(doc);
                        })),
        Arbitraries.of("GPMIRRORS_X", "PGPASSFILE", "PGPASSWORD", "1X", "A B")
            .map(
                name ->
                    new Malformation(
                        "template.env name",
                        "template.env[0].name",
                        false,
                        doc -> {
                          ((ObjectNode) doc.at("/spec/template"))
                              .putArray("env")
                              .addObject()
                              .put("name", name)
                              .put("value", "1");
                          return write(doc);
                        })));
  }

  private static Arbitrary<Malformation> hostNames() {
    Arbitrary<String> bad =
        Arbitraries.oneOf(
            Arbitraries.of("sdw_1", "sdw 1", "-sdw1", "sdw1-", "sdw1..x", "sdw\n1", "hôte"),
            junk().filter(s -> !s.matches(Formats.HOST)),
            Arbitraries.integers().between(254, 400).map("a"::repeat));
    return bad.map(
        host ->
            new Malformation(
                "placement.hosts[].name",
                "placement.hosts[0].name",
                true,
                doc -> {
                  ObjectNode placement = (ObjectNode) doc.at("/spec/placement");
                  placement.putArray("hosts").addObject().put("name", host);
                  return write(doc);
                }));
  }

  private static Arbitrary<Malformation> names() {
    Arbitrary<String> bad =
        Arbitraries.oneOf(
            Arbitraries.integers().between(41, 253).map("m"::repeat),
            Arbitraries.of("Prod", "prod_mirrors", "prod.mirrors", "-prod", "prod-"));
    return bad.map(
        name ->
            new Malformation(
                "metadata.name",
                "metadata.name",
                false,
                doc -> set(doc, "/metadata", "name", name)));
  }

  private static Arbitrary<Malformation> objectNames() {
    Arbitrary<String> bad =
        Arbitraries.oneOf(
            Arbitraries.of("Fast", "fast_ssd", "fast ssd", "-fast", "fast."),
            Arbitraries.integers().between(254, 300).map("s"::repeat));
    return Combinators.combine(bad, Arbitraries.of(true, false))
        .as(
            (name, storage) ->
                storage
                    ? new Malformation(
                        "storage.storageClassName",
                        "storage.storageClassName",
                        true,
                        doc -> set(doc, "/spec/storage", "storageClassName", name))
                    : new Malformation(
                        "coordinator.passwordSecret.name",
                        "coordinator.passwordSecret.name",
                        true,
                        doc -> set(doc, "/spec/coordinator/passwordSecret", "name", name)));
  }

  private static Arbitrary<Malformation> coordinatorHosts() {
    Arbitrary<String> bad =
        Arbitraries.oneOf(
            Arbitraries.of("mdw;drop", "mdw/x", "mdw 1", "", "http://mdw"),
            junk().filter(s -> !s.matches(Formats.HOST)));
    return bad.map(
        host ->
            new Malformation(
                "coordinator.host",
                "coordinator.host",
                !host.isEmpty(),
                doc -> set(doc, "/spec/coordinator", "host", host)));
  }

  private static Arbitrary<Malformation> duplicates() {
    return Arbitraries.of(
        new Malformation(
            "duplicate host",
            "listed twice",
            false,
            doc -> {
              ArrayNode hosts = ((ObjectNode) doc.at("/spec/placement")).putArray("hosts");
              hosts.addObject().put("name", "sdw1");
              hosts.addObject().put("name", "sdw1");
              return write(doc);
            }),
        new Malformation(
            "duplicate content",
            "content 0 is listed",
            false,
            doc -> {
              explicitWith(doc, "/data/mirror/gpseg0");
              ArrayNode mirrors = (ArrayNode) doc.at("/spec/placement/mirrors");
              mirrors.add(mirrors.get(0).deepCopy());
              return write(doc);
            }));
  }

  private static Arbitrary<Malformation> ranges() {
    return Arbitraries.oneOf(
        Arbitraries.integers()
            .between(-100000, 100000)
            .filter(n -> n < 1 || n > 64)
            .map(
                n ->
                    new Malformation(
                        "maxParallel",
                        "maxParallel",
                        true,
                        doc -> {
                          ((ObjectNode) doc.get("spec")).put("maxParallel", n);
                          return write(doc);
                        })),
        Arbitraries.integers()
            .between(-100000, 1000000)
            .filter(n -> n < 1 || n > 65535)
            .map(
                n ->
                    new Malformation(
                        "ports.mirrorBase",
                        "ports.mirrorBase",
                        true,
                        doc -> {
                          ((ObjectNode) doc.get("spec")).putObject("ports").put("mirrorBase", n);
                          return write(doc);
                        })));
  }

  private static Arbitrary<Malformation> documents() {
    return Arbitraries.oneOf(
        Arbitraries.of(
            new Malformation(
                "two documents", "2 YAML documents", false, doc -> write(doc) + "---\n" + VALID),
            new Malformation(
                "wrong kind", "kind", false, doc -> set(doc, "", "kind", "MirrorSets")),
            new Malformation(
                "port as text",
                "spec.ports.mirrorBase",
                true,
                doc -> {
                  ((ObjectNode) doc.get("spec")).putObject("ports").put("mirrorBase", "seven");
                  return write(doc);
                }),
            new Malformation("no spec", "apiVersion", false, doc -> "apiVersion: x\n")),
        Arbitraries.strings()
            .alpha()
            .ofMinLength(3)
            .ofMaxLength(12)
            .map(
                field ->
                    new Malformation(
                        "unknown field",
                        "unknown field 'x" + field + "'",
                        true,
                        doc -> set(doc, "/spec", "x" + field, "1"))),
        Arbitraries.integers()
            .between(1, VALID.indexOf("100Gi") - 1)
            .map(
                cut ->
                    new Malformation(
                        "truncated", "", false, doc -> VALID.substring(0, cut) + "\n")));
  }

  private static Arbitrary<Malformation> tooMany() {
    return Arbitraries.of(
        new Malformation(
            "1001 hosts",
            "placement.hosts has 1001 entries",
            true,
            doc -> {
              ArrayNode hosts = ((ObjectNode) doc.at("/spec/placement")).putArray("hosts");
              for (int i = 0; i < 1001; i++) {
                hosts.addObject().put("name", "sdw" + i);
              }
              return write(doc);
            }),
        new Malformation(
            "129 data locations",
            "dataDirectories has 129 entries",
            true,
            doc -> {
              ArrayNode dirs = ((ObjectNode) doc.get("spec")).putArray("dataDirectories");
              for (int i = 0; i < 129; i++) {
                dirs.add("/data" + i);
              }
              return write(doc);
            }));
  }

  private static String explicitWith(ObjectNode doc, String path) {
    ObjectNode placement = (ObjectNode) doc.at("/spec/placement");
    placement.put("strategy", "Explicit");
    ArrayNode mirrors = placement.putArray("mirrors");
    for (int content = 0; content < CLUSTER.primaries().size(); content++) {
      mirrors
          .addObject()
          .put("content", content)
          .put("host", "sdw" + (content % 4 + 1))
          .put("port", 7000 + content)
          .put("dataDirectory", content == 0 ? path : "/data/mirror/gpseg" + content);
    }
    ((ObjectNode) doc.get("spec")).remove("dataDirectories");
    return write(doc);
  }

  private static String set(ObjectNode doc, String at, String field, String value) {
    ((ObjectNode) (at.isEmpty() ? doc : doc.at(at))).put(field, value);
    return write(doc);
  }

  static String write(JsonNode doc) {
    try {
      return YAML.writeValueAsString(doc);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
