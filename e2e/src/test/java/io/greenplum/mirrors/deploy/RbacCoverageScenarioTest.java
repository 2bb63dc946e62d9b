package io.greenplum.mirrors.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.greenplum.mirrors.TestMirrorSets;
import io.greenplum.mirrors.api.DeletionPolicy;
import io.greenplum.mirrors.api.MirrorSet;
import io.greenplum.mirrors.e2e.Scenario;
import io.greenplum.mirrors.reconciler.OperatorRuntime;
import io.greenplum.mirrors.resources.Names;
import io.greenplum.mirrors.simulation.SimulatedEnvironment;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The RBAC rules of each overlay are exactly what the operator uses: every API call the operator
 * makes in a whole run (leader election, mirrors added, a copy failed and retried, an evicted pod
 * replaced, events, status) is granted, and every granted rule is used by some call.
 */
class RbacCoverageScenarioTest extends Scenario {
  /** Granted without an API call of the operator's in every run, with the reason. */
  private static final Set<String> NOT_ALWAYS_CALLED =
      Set.of(
          // JOSDK's start-up check (a SelfSubjectRulesReview) demands it; the elector patches.
          "update coordination.k8s.io/leases",
          // JOSDK reads the MirrorSet again only when adding or removing its finalizer meets a
          // conflict (409), which depends on timing.
          "get greenplum.io/mirrorsets",
          // Only with spec.coordinator.tls.caConfigMap (CoordinatorTlsIT covers the CA itself).
          "get configmaps");

  /**
   * A MirrorSet on an expandable storage class, in sync; then a larger storage.size: the class is
   * read and the claims are patched.
   */
  private void applyAndGrowItsVolumes() {
    env.client()
        .resource(
            new io.fabric8.kubernetes.api.model.storage.StorageClassBuilder()
                .withNewMetadata()
                .withName("expandable")
                .endMetadata()
                .withProvisioner("example.com/csi")
                .withAllowVolumeExpansion(true)
                .build())
        .create();
    var spec = TestMirrorSets.group().build();
    spec.getStorage().setStorageClassName("expandable");
    apply("rbac", spec);
    awaitPhase("rbac", "Synchronized");
    edit("rbac", s -> s.getStorage().setSize("20Gi"));
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                volumes("rbac").stream()
                    .allMatch(
                        v ->
                            "20Gi"
                                .equals(
                                    v.getSpec()
                                        .getResources()
                                        .getRequests()
                                        .get("storage")
                                        .toString())));
  }

  @ParameterizedTest
  @ValueSource(strings = {"namespaced", "all-namespaces"})
  void theOverlaysRulesAreExactlyTheCallsTheOperatorMakes(String overlay) throws Exception {
    boolean namespaced = overlay.equals("namespaced");
    // Namespaced: the operator lives in the Greenplum namespace; else in a namespace of its own.
    String operatorNamespace = namespaced ? SimulatedEnvironment.NAMESPACE : "gpmirrors-system";
    start(
        options ->
            options
                .withLeaderElection(operatorNamespace)
                .withNamespaces(namespaced ? Set.of(NAMESPACE) : Set.of()),
        SimulatedEnvironment.layout(2, 2),
        "sdw1",
        "sdw2");
    env.simulation().failNextCopy(1);
    applyAndGrowItsVolumes();
    String evicted = Names.mirror("rbac", 1);
    String uid = pod(evicted).getMetadata().getUid();
    env.simulation().evict(evicted);
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> pod(evicted), p -> p != null && !p.getMetadata().getUid().equals(uid));
    awaitPhase("rbac", "Synchronized");
    // Objects made by an earlier release carry an owner reference: the operator removes it.
    ownedByMirrorSet(pod(Names.mirror("rbac", 0)));
    ownedByMirrorSet(volumes("rbac").get(0));
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                pods("rbac").stream().allMatch(RbacCoverageScenarioTest::ownerless)
                    && volumes("rbac").stream().allMatch(RbacCoverageScenarioTest::ownerless));
    edit("rbac", spec -> spec.setDeletionPolicy(DeletionPolicy.RemoveMirrors));
    deleteAndAwaitGone("rbac", Duration.ofSeconds(60));
    env.stopOperator();

    List<ApiCall> calls = operatorCalls();
    List<ObjectNode> objects = DeployManifestsTest.overlay(overlay);
    List<Grant> grants = Grant.of(objects, operatorNamespace);

    Set<String> refused = new TreeSet<>();
    for (ApiCall call : calls) {
      if (grants.stream().noneMatch(g -> g.allows(call))) {
        refused.add(call.toString());
      }
    }
    assertThat(refused).as("calls the " + overlay + " overlay does not grant").isEmpty();

    Set<String> unused = new TreeSet<>();
    for (Grant grant : grants) {
      if (calls.stream().noneMatch(grant::allows)
          && !NOT_ALWAYS_CALLED.contains(grant.verb() + " " + grant.groupResource())) {
        unused.add(grant.toString());
      }
    }
    assertThat(unused).as("rules of the " + overlay + " overlay no call uses").isEmpty();
    assertThat(calls.stream().map(ApiCall::verb))
        .as("the run covered leases, deletes and events")
        .contains("get", "list", "watch", "create", "delete", "patch");
    assertThat(calls.stream().map(ApiCall::toString))
        .as("finalizer, ownership released, preflight pods, volumes deleted")
        .contains(
            "patch greenplum.io/mirrorsets in " + NAMESPACE,
            "patch pods in " + NAMESPACE,
            "patch persistentvolumeclaims in " + NAMESPACE,
            "delete persistentvolumeclaims in " + NAMESPACE);
  }

  /** What a release before deletionPolicy put on mirror pods and volumes. */
  private void ownedByMirrorSet(HasMetadata object) {
    var owner = mirrorSet("rbac").getMetadata();
    object
        .getMetadata()
        .setOwnerReferences(
            List.of(
                new OwnerReferenceBuilder()
                    .withApiVersion(MirrorSet.API_VERSION)
                    .withKind(MirrorSet.KIND)
                    .withName(owner.getName())
                    .withUid(owner.getUid())
                    .withController(true)
                    .build()));
    env.client().resource(object).update();
  }

  private static boolean ownerless(HasMetadata object) {
    var owners = object.getMetadata().getOwnerReferences();
    return owners == null || owners.isEmpty();
  }

  private Pod pod(String name) {
    return env.client().pods().inNamespace(NAMESPACE).withName(name).get();
  }

  /** Every request the operator's client sent, in RBAC terms; self-reviews are not authorised. */
  private List<ApiCall> operatorCalls() throws InterruptedException {
    List<ApiCall> calls = new ArrayList<>();
    // The simulation goes on sending requests: take those received until now, no more.
    int received = env.server().getRequestCount();
    for (int i = 0; i < received; i++) {
      RecordedRequest request = env.server().takeRequest(1, TimeUnit.SECONDS);
      String agent = request.getHeader("User-Agent");
      if (agent == null || !agent.startsWith(OperatorRuntime.USER_AGENT)) {
        continue;
      }
      ApiCall call = ApiCall.of(request.getMethod(), request.getPath());
      if (!call.resource().equals("selfsubjectrulesreviews")) {
        calls.add(call);
      }
    }
    assertThat(calls).as("requests of the operator's client").hasSizeGreaterThan(20);
    return calls;
  }

  /** One verb on one resource, granted cluster-wide or in one namespace. */
  record Grant(String verb, String group, String resource, String namespace) {
    /**
     * The rules bound to the operator's service account, with the overlay's namespace standing for
     * {@code operatorNamespace}.
     */
    static List<Grant> of(List<ObjectNode> objects, String operatorNamespace) {
      List<Grant> grants = new ArrayList<>();
      for (ObjectNode binding : objects) {
        String kind = binding.path("kind").asText();
        if (!kind.endsWith("RoleBinding")) {
          continue;
        }
        JsonNode ref = binding.path("roleRef");
        JsonNode role =
            DeployManifestsTest.find(objects, ref.path("kind").asText(), ref.path("name").asText());
        String namespace = kind.equals("RoleBinding") ? operatorNamespace : null;
        for (JsonNode rule : role.path("rules")) {
          for (JsonNode group : rule.path("apiGroups")) {
            for (JsonNode resource : rule.path("resources")) {
              for (JsonNode verb : rule.path("verbs")) {
                grants.add(new Grant(verb.asText(), group.asText(), resource.asText(), namespace));
              }
            }
          }
        }
      }
      return grants;
    }

    boolean allows(ApiCall call) {
      return verb.equals(call.verb())
          && group.equals(call.group())
          && resource.equals(call.resource())
          && (namespace == null || namespace.equals(call.namespace()));
    }

    String groupResource() {
      return (group.isEmpty() ? "" : group + "/") + resource;
    }

    @Override
    public String toString() {
      return verb
          + " "
          + groupResource()
          + (namespace == null ? " (cluster-wide)" : " in " + namespace);
    }
  }
}
