package io.greenplum.mirrors.diff;

import io.greenplum.mirrors.model.Quantities;
import io.greenplum.mirrors.plan.Problem;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The mirrors' volumes against spec.storage: a larger size grows every volume claim (when its
 * storage class allows expansion; else the status says so and nothing is touched); a smaller size
 * or another storage class is refused, as the CRD's transition rules refuse them at admission,
 * since a volume can neither shrink nor change class.
 */
public final class Volumes {
  private Volumes() {}

  /** The claims of the MirrorSet's mirrors that are in use: not deleting, not retired. */
  private static List<VolumeView> live(Observation seen) {
    return seen.volumes().stream().filter(v -> !v.deleting() && !v.retired()).toList();
  }

  /** What spec.storage asks that no volume can do: shrink, or change its storage class. */
  public static List<Problem> refusals(Observation seen) {
    List<Problem> problems = new ArrayList<>();
    String size = seen.settings().storageSize();
    if (size != null && Quantities.value(size) != null) {
      List<VolumeView> larger =
          live(seen).stream()
              .filter(v -> Quantities.value(v.size()) != null)
              .filter(v -> Quantities.compare(size, v.size()) < 0)
              .toList();
      if (!larger.isEmpty()) {
        problems.add(
            Problem.error(
                "StorageShrinkRefused",
                "storage.size "
                    + size
                    + " is smaller than the mirrors' volumes ("
                    + describe(larger, VolumeView::size)
                    + "): a volume is never shrunk; set storage.size back to at least "
                    + larger.get(0).size()));
      }
    }
    String wanted = seen.settings().storageClass();
    List<VolumeView> otherClass =
        live(seen).stream()
            .filter(v -> v.askedClass() != null && wanted != null)
            .filter(v -> !v.askedClass().equals(wanted))
            .toList();
    if (!otherClass.isEmpty()) {
      problems.add(
          Problem.error(
              "StorageClassChangeRefused",
              "storage.storageClassName '"
                  + wanted
                  + "' is not the class the mirrors' volumes were made with ("
                  + describe(otherClass, v -> "'" + v.askedClass() + "'")
                  + "; '' is the cluster's default): a volume's class cannot change; set it back"));
    }
    return problems;
  }

  /** The claims to grow to spec.storage.size, when nothing is refused. */
  public static List<VolumeView> toGrow(Observation seen) {
    String size = seen.settings().storageSize();
    if (size == null || Quantities.value(size) == null || !refusals(seen).isEmpty()) {
      return List.of();
    }
    return live(seen).stream()
        .filter(v -> Quantities.value(v.size()) != null)
        .filter(v -> Quantities.compare(size, v.size()) > 0)
        .toList();
  }

  /** The storage classes whose allowVolumeExpansion the operator must read this pass. */
  public static Set<String> classesToGrow(Observation seen) {
    return toGrow(seen).stream()
        .map(VolumeView::storageClass)
        .filter(Objects::nonNull)
        .collect(Collectors.toCollection(TreeSet::new));
  }

  /**
   * The claims grown this pass: those whose class allows expansion, or whose class could not be
   * read (the API server then decides, and its refusal is reported).
   */
  public static List<Action> actions(Observation seen) {
    return toGrow(seen).stream()
        .filter(v -> !Boolean.FALSE.equals(seen.expansion().get(v.storageClass())))
        .map(v -> (Action) new Action.GrowVolume(v.name(), seen.settings().storageSize()))
        .toList();
  }

  /** Why some claims are not grown: their storage class does not allow expansion. */
  public static List<String> notExpandable(Observation seen) {
    List<VolumeView> stuck =
        toGrow(seen).stream()
            .filter(v -> Boolean.FALSE.equals(seen.expansion().get(v.storageClass())))
            .toList();
    if (stuck.isEmpty()) {
      return List.of();
    }
    Set<String> classes =
        stuck.stream().map(VolumeView::storageClass).collect(Collectors.toCollection(TreeSet::new));
    return List.of(
        "storage.size "
            + seen.settings().storageSize()
            + " asks more than the volumes have, but storage class(es) "
            + classes
            + " do not allow volume expansion (allowVolumeExpansion): no volume was changed ("
            + describe(stuck, VolumeView::size)
            + ")");
  }

  private static String describe(
      List<VolumeView> volumes, java.util.function.Function<VolumeView, String> what) {
    String shown =
        volumes.stream()
            .limit(3)
            .map(v -> v.name() + " " + what.apply(v))
            .collect(Collectors.joining(", "));
    return volumes.size() <= 3 ? shown : shown + " and " + (volumes.size() - 3) + " more";
  }
}
