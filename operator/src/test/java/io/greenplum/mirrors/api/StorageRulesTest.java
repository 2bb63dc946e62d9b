package io.greenplum.mirrors.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cel.common.CelFunctionDecl;
import dev.cel.common.CelOverloadDecl;
import dev.cel.common.types.CelType;
import dev.cel.common.types.OpaqueType;
import dev.cel.common.types.SimpleType;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelFunctionBinding;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelRuntimeFactory;
import io.fabric8.kubernetes.api.model.Quantity;
import io.greenplum.mirrors.TestClusters;
import io.greenplum.mirrors.TestMirrorSets;
import io.greenplum.mirrors.TestObservation;
import io.greenplum.mirrors.diff.VolumeView;
import io.greenplum.mirrors.diff.Volumes;
import io.greenplum.mirrors.plan.Problem;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * spec.storage after creation: the CRD's transition rules (its CEL, evaluated by cel-java with
 * Kubernetes' quantity functions: quantity(), compareTo()) and the operator's own validation
 * against the claims it made refuse the same edits: a smaller size, another storage class; a larger
 * size passes both.
 */
class StorageRulesTest {
  private static final CelType QUANTITY = OpaqueType.create("kubernetes.Quantity");

  /** Kubernetes' quantity, compared by value (Fabric8's parsing, not the operator's). */
  record KubeQuantity(BigDecimal value) {}

  private static final CelCompiler COMPILER =
      CelCompilerFactory.standardCelCompilerBuilder()
          .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
          .addVar("self", SimpleType.DYN)
          .addVar("oldSelf", SimpleType.DYN)
          .addFunctionDeclarations(
              CelFunctionDecl.newFunctionDeclaration(
                  "quantity",
                  CelOverloadDecl.newGlobalOverload(
                      "string_quantity", QUANTITY, SimpleType.STRING)),
              CelFunctionDecl.newFunctionDeclaration(
                  "compareTo",
                  CelOverloadDecl.newMemberOverload(
                      "quantity_compareTo", SimpleType.INT, QUANTITY, QUANTITY)))
          .build();

  private static final CelRuntime RUNTIME =
      CelRuntimeFactory.standardCelRuntimeBuilder()
          .addFunctionBindings(
              CelFunctionBinding.from(
                  "string_quantity",
                  String.class,
                  s -> new KubeQuantity(new Quantity(s).getNumericalAmount())),
              CelFunctionBinding.from(
                  "quantity_compareTo",
                  KubeQuantity.class,
                  KubeQuantity.class,
                  (a, b) -> (long) a.value().compareTo(b.value())))
          .build();

  static Stream<Arguments> edits() {
    return Stream.of(
        Arguments.of("100Gi", null, "200Gi", null, null),
        Arguments.of("100Gi", "fast", "100Gi", "fast", null),
        Arguments.of("100Gi", null, 107374182400L, null, null),
        Arguments.of("100Gi", null, "2Ti", null, null),
        Arguments.of("100Gi", null, "50Gi", null, "StorageShrinkRefused"),
        Arguments.of("1Ti", null, "1000Gi", null, "StorageShrinkRefused"),
        Arguments.of("100Gi", null, 1000000L, null, "StorageShrinkRefused"),
        Arguments.of("100Gi", "fast", "100Gi", "slow", "StorageClassChangeRefused"),
        Arguments.of("100Gi", null, "100Gi", "fast", "StorageClassChangeRefused"),
        Arguments.of("100Gi", "fast", "100Gi", null, "StorageClassChangeRefused"));
  }

  @ParameterizedTest(name = "{0} {1} -> {2} {3}: {4}")
  @MethodSource("edits")
  void theCrdAndTheOperatorRefuseTheSameStorageEdits(
      String oldSize, String oldClass, Object newSize, String newClass, String refusal)
      throws Exception {
    List<String> cel = celRefusals(storage(oldSize, oldClass), storage(newSize, newClass));
    List<Problem> operator = operatorRefusals(oldSize, oldClass, String.valueOf(newSize), newClass);

    if (refusal == null) {
      assertThat(cel).as("the CRD's rules").isEmpty();
      assertThat(operator).as("the operator").isEmpty();
    } else {
      assertThat(cel)
          .as("the CRD's rules")
          .singleElement()
          .asString()
          .contains(refusal.equals("StorageShrinkRefused") ? "cannot shrink" : "cannot change");
      assertThat(operator).as("the operator").extracting(Problem::reason).containsExactly(refusal);
    }
  }

  private static Map<String, Object> storage(Object size, String storageClass) {
    Map<String, Object> storage = new HashMap<>();
    storage.put("size", size);
    if (storageClass != null) {
      storage.put("storageClassName", storageClass);
    }
    return storage;
  }

  /** The messages of the CRD's spec.storage rules that the edit breaks. */
  private static List<String> celRefusals(Map<String, Object> old, Map<String, Object> edited)
      throws Exception {
    JsonNode rules =
        CrdTest.schema()
            .path("properties")
            .path("spec")
            .path("properties")
            .path("storage")
            .path("x-kubernetes-validations");
    assertThat(rules).hasSize(2);
    List<String> broken = new ArrayList<>();
    for (JsonNode rule : rules) {
      var ast = COMPILER.compile(rule.path("rule").asText()).getAst();
      Object ok = RUNTIME.createProgram(ast).eval(Map.of("self", edited, "oldSelf", old));
      if (!Boolean.TRUE.equals(ok)) {
        broken.add(rule.path("message").asText());
      }
    }
    return broken;
  }

  /** What the operator says of the edited spec against a claim made with the old one. */
  private static List<Problem> operatorRefusals(
      String oldSize, String oldClass, String newSize, String newClass) {
    var spec = TestMirrorSets.group().build();
    spec.getStorage().setSize(newSize);
    spec.getStorage().setStorageClassName(newClass);
    var seen =
        TestObservation.of(TestClusters.gp7(2, 2), spec)
            .volume(
                new VolumeView(
                    "ms-m0-d6",
                    0,
                    6,
                    false,
                    false,
                    null,
                    null,
                    null,
                    false,
                    oldSize,
                    oldClass == null ? "standard" : oldClass,
                    oldClass == null ? "" : oldClass,
                    null,
                    null))
            .build();
    return Volumes.refusals(seen);
  }
}
