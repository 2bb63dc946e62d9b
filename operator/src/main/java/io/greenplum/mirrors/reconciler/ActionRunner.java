package io.greenplum.mirrors.reconciler;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.greenplum.mirrors.api.MirrorSet;
import io.greenplum.mirrors.catalog.CatalogException;
import io.greenplum.mirrors.catalog.GreenplumCatalog;
import io.greenplum.mirrors.catalog.MirrorRegistration;
import io.greenplum.mirrors.diff.Action;
import io.greenplum.mirrors.resources.MirrorResources;
import java.net.HttpURLConnection;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Carries out the diff's actions against the catalog and the Kubernetes API. */
final class ActionRunner {
  private static final Logger LOG = LoggerFactory.getLogger(ActionRunner.class);

  private final KubernetesClient client;
  private final EventRecorder events;

  ActionRunner(KubernetesClient client, EventRecorder events) {
    this.client = client;
    this.events = events;
  }

  void run(MirrorSet ms, List<Action> actions, GreenplumCatalog catalog, Map<String, String> nodes)
      throws CatalogException {
    String user = ms.getSpec().getCoordinator().getUser();
    for (Action action : actions) {
      if (action instanceof Action.RegisterMirrors register) {
        MirrorRegistration done = catalog.registerMirrors(register.plan());
        if (done.added()) {
          events.normal(
              ms,
              "MirrorsRegistered",
              "registered "
                  + done.dbidByContent().size()
                  + " mirrors in one catalog transaction (dbids "
                  + done.dbidByContent().values()
                  + ")");
          LOG.info(
              "MirrorSet {}/{}: registered {} mirrors in one transaction",
              ms.getMetadata().getNamespace(),
              ms.getMetadata().getName(),
              done.dbidByContent().size());
        }
      } else if (action instanceof Action.CreateMirror create) {
        createMirror(ms, create, nodes, user == null ? "gpadmin" : user);
      } else if (action instanceof Action.DeletePod delete) {
        LOG.info("deleting pod {}: {}", delete.pod(), delete.why());
        events.warning(
            ms, "MirrorPodReplaced", "pod " + delete.pod() + " is replaced: " + delete.why());
        client.pods().inNamespace(ms.getMetadata().getNamespace()).withName(delete.pod()).delete();
      } else if (action instanceof Action.RequestFtsProbe) {
        catalog.requestFtsProbe();
      }
    }
  }

  private void createMirror(
      MirrorSet ms, Action.CreateMirror create, Map<String, String> nodes, String user) {
    if (create.volumeMissing()) {
      createIfAbsent(MirrorResources.volumeClaim(ms, create.mirror(), create.dbid()));
    }
    String node = nodes.getOrDefault(create.mirror().hostname(), create.mirror().hostname());
    if (!createIfAbsent(MirrorResources.pod(ms, create.mirror(), create.dbid(), node, user))) {
      return;
    }
    events.normal(
        ms,
        "MirrorPodCreated",
        "pod for the mirror of content "
            + create.mirror().content()
            + " (dbid "
            + create.dbid()
            + ") scheduled on node "
            + node);
    LOG.info(
        "MirrorSet {}/{}: created the pod of mirror content {} (dbid {}) on node {}",
        ms.getMetadata().getNamespace(),
        ms.getMetadata().getName(),
        create.mirror().content(),
        create.dbid(),
        node);
  }

  /** Creates the pod or claim; false when it exists already (created by an earlier pass). */
  private boolean createIfAbsent(HasMetadata resource) {
    try {
      client.resource(resource).create();
      return true;
    } catch (KubernetesClientException e) {
      if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
        throw e;
      }
      return false;
    }
  }
}
