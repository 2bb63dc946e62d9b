package io.greenplum.mirrors.cli;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.greenplum.mirrors.api.MirrorSet;
import io.greenplum.mirrors.reconciler.OperatorRuntime;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
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

  @Option(
      names = {"-w", "--watch"},
      description = "Print again whenever what is shown changes, until interrupted (Ctrl-C).")
  private boolean watch;

  @Option(
      names = "--interval",
      paramLabel = "SECONDS",
      defaultValue = "2",
      description = "With --watch: how often to look, in seconds (default ${DEFAULT-VALUE}).")
  private int interval;

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
    if (!List.of("table", "yaml", "json").contains(output)) {
      err.println("--output " + output + ": expected table, yaml or json");
      return Main.INVALID_INPUT;
    }
    if (allNamespaces && (namespace != null || name != null)) {
      err.println("--all-namespaces goes with neither --namespace nor a MirrorSet name");
      return Main.INVALID_INPUT;
    }
    if (interval < 1) {
      err.println("--interval " + interval + ": at least 1 second");
      return Main.INVALID_INPUT;
    }
    String last = null;
    while (true) {
      Look look = look();
      if (!watch || look.code() == Main.INVALID_INPUT) {
        (look.problem() ? err : spec.commandLine().getOut()).print(look.text());
        err.flush();
        spec.commandLine().getOut().flush();
        return look.code();
      }
      if (!look.text().equals(last)) {
        var out = spec.commandLine().getOut();
        out.println("--- " + Instant.now().truncatedTo(ChronoUnit.SECONDS));
        (look.problem() ? err : out).print(look.text());
        out.flush();
        err.flush();
        last = look.text();
      }
      try {
        Thread.sleep(interval * 1000L);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return look.code();
      }
    }
  }

  /**
   * One look at the MirrorSets: what to print and the exit code it means.
   *
   * @param problem the text says why nothing could be shown (printed on stderr)
   */
  private record Look(int code, String text, boolean problem) {}

  private Look look() {
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
          return new Look(
              Main.INVALID_INPUT, "MirrorSet " + name + " not found in " + where + "\n", true);
        }
        sets = new ArrayList<>(List.of(one));
      } else {
        sets = new ArrayList<>(resources.inNamespace(ns).list().getItems());
      }
    } catch (KubernetesClientException e) {
      return new Look(1, "cannot read MirrorSets: " + e.getMessage() + "\n", true);
    }
    if (sets.isEmpty()) {
      return new Look(1, "no MirrorSet in " + where + "\n", true);
    }
    sets.sort(
        Comparator.comparing((MirrorSet m) -> m.getMetadata().getNamespace())
            .thenComparing(m -> m.getMetadata().getName()));
    String text = output.equals("table") ? StatusReport.render(sets, view()) : objects(sets);
    return new Look(StatusReport.allSynchronized(sets) ? 0 : 1, text, false);
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
