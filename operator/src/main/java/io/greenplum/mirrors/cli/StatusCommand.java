package io.greenplum.mirrors.cli;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.greenplum.mirrors.api.MirrorSet;
import io.greenplum.mirrors.reconciler.OperatorRuntime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * gpmirrors status: the MirrorSets' status as a DBA reads gpstate, through the user's kubeconfig.
 * It reads MirrorSets only (never a Secret, never the coordinator). Exit 0 when every pair of every
 * MirrorSet shown is in sync, 1 otherwise (or when they cannot be read), 2 on usage errors.
 */
@Command(
    name = "status",
    mixinStandardHelpOptions = true,
    description = {
      "Shows MirrorSets as gpstate shows mirrors: a summary and one row per content (default),",
      "what needs attention (-e), one block per pair (-s) or the mirror list (-m).",
      "Exit 0 when every pair is in sync, 1 otherwise, 2 on usage errors."
    })
final class StatusCommand implements Callable<Integer> {
  @Parameters(
      arity = "0..1",
      paramLabel = "MIRRORSET",
      description = "The MirrorSet; default: every MirrorSet of the namespace.")
  private String name;

  @Option(
      names = {"-n", "--namespace"},
      paramLabel = "NAMESPACE",
      description = "Namespace; default: the kubeconfig context's, else default.")
  private String namespace;

  @Option(
      names = {"-A", "--all-namespaces"},
      description = "Every namespace's MirrorSets.")
  private boolean allNamespaces;

  @ArgGroup(exclusive = true)
  private Views views = new Views();

  static final class Views {
    @Option(names = "-e", description = "Only what needs attention, as gpstate -e groups it.")
    boolean errors;

    @Option(names = "-s", description = "One block per pair, as gpstate -s lists instances.")
    boolean detail;

    @Option(names = "-m", description = "The mirror list, as gpstate -m shows it.")
    boolean mirrors;
  }

  @Option(
      names = {"-o", "--output"},
      paramLabel = "FORMAT",
      defaultValue = "table",
      description = "table (default), yaml or json (the status objects).")
  private String output;

  @Spec private CommandSpec spec;

  private final Supplier<KubernetesClient> clients;

  StatusCommand() {
    this(
        () ->
            OperatorRuntime.newClient(
                new ConfigBuilder(Config.autoConfigure(null))
                    .withRequestRetryBackoffLimit(0)
                    .build()));
  }

  /** With the client the command reads through (tests: the mock server's). */
  StatusCommand(Supplier<KubernetesClient> clients) {
    this.clients = clients;
  }

  @Override
  public Integer call() {
    var err = spec.commandLine().getErr();
    var out = spec.commandLine().getOut();
    if (!List.of("table", "yaml", "json").contains(output)) {
      err.println("--output " + output + ": expected table, yaml or json");
      return Main.INVALID_INPUT;
    }
    if (allNamespaces && (namespace != null || name != null)) {
      err.println("--all-namespaces goes with neither --namespace nor a MirrorSet name");
      return Main.INVALID_INPUT;
    }
    List<MirrorSet> sets;
    String where;
    try (KubernetesClient client = clients.get()) {
      String ns =
          namespace != null
              ? namespace
              : client.getNamespace() != null ? client.getNamespace() : "default";
      where = allNamespaces ? "any namespace" : "namespace " + ns;
      var resources = client.resources(MirrorSet.class);
      if (allNamespaces) {
        sets = new ArrayList<>(resources.inAnyNamespace().list().getItems());
      } else if (name != null) {
        MirrorSet one = resources.inNamespace(ns).withName(name).get();
        if (one == null) {
          err.println("MirrorSet " + name + " not found in " + where);
          return Main.INVALID_INPUT;
        }
        sets = new ArrayList<>(List.of(one));
      } else {
        sets = new ArrayList<>(resources.inNamespace(ns).list().getItems());
      }
    } catch (KubernetesClientException e) {
      err.println("cannot read MirrorSets: " + e.getMessage());
      return 1;
    }
    if (sets.isEmpty()) {
      err.println("no MirrorSet in " + where);
      return 1;
    }
    sets.sort(
        Comparator.comparing((MirrorSet m) -> m.getMetadata().getNamespace())
            .thenComparing(m -> m.getMetadata().getName()));
    out.print(output.equals("table") ? StatusReport.render(sets, view()) : objects(sets));
    out.flush();
    return StatusReport.allSynchronized(sets) ? 0 : 1;
  }

  private StatusReport.View view() {
    return views.errors
        ? StatusReport.View.ERRORS
        : views.detail
            ? StatusReport.View.DETAIL
            : views.mirrors ? StatusReport.View.MIRRORS : StatusReport.View.SUMMARY;
  }

  /** The status objects, each with the MirrorSet's namespace and name. */
  private String objects(List<MirrorSet> sets) {
    List<Map<String, Object>> items = new ArrayList<>();
    for (MirrorSet ms : sets) {
      Map<String, Object> item = new LinkedHashMap<>();
      item.put("namespace", ms.getMetadata().getNamespace());
      item.put("name", ms.getMetadata().getName());
      item.put("status", ms.getStatus());
      items.add(item);
    }
    Map<String, Object> all = Map.of("items", items);
    return output.equals("yaml")
        ? Serialization.asYaml(all)
        : Serialization.asJson(all) + System.lineSeparator();
  }
}
