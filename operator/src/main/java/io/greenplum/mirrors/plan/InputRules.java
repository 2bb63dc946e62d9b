package io.greenplum.mirrors.plan;

import static io.greenplum.mirrors.api.Formats.HOST;
import static io.greenplum.mirrors.api.Formats.IMAGE;
import static io.greenplum.mirrors.api.Formats.MAX_HOST;
import static io.greenplum.mirrors.api.Formats.MAX_HOSTS;
import static io.greenplum.mirrors.api.Formats.MAX_IMAGE;
import static io.greenplum.mirrors.api.Formats.MAX_LOCATIONS;
import static io.greenplum.mirrors.api.Formats.MAX_MIRRORS;
import static io.greenplum.mirrors.api.Formats.MAX_NAME;
import static io.greenplum.mirrors.api.Formats.MAX_PATH_BYTES;
import static io.greenplum.mirrors.api.Formats.NAME;
import static io.greenplum.mirrors.api.Formats.OBJECT_NAME;
import static io.greenplum.mirrors.api.Formats.PATH;
import static io.greenplum.mirrors.api.Formats.QUANTITY;

import io.greenplum.mirrors.api.CoordinatorSpec;
import io.greenplum.mirrors.api.ExplicitMirror;
import io.greenplum.mirrors.api.Formats;
import io.greenplum.mirrors.api.MirrorHost;
import io.greenplum.mirrors.api.MirrorPodTemplate;
import io.greenplum.mirrors.api.MirrorSetSpec;
import io.greenplum.mirrors.api.SecretKeyRef;
import io.greenplum.mirrors.api.StorageSpec;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The shape of every value a MirrorSet carries, checked before anything is planned: the same rules
 * for {@code gpmirrors plan} and the operator, and, where a schema can say it, in the CRD too (the
 * patterns and limits of {@link Formats}). Each broken rule is one problem naming the field.
 */
public final class InputRules {
  private static final Pattern QUANTITY_RE = Pattern.compile(QUANTITY);
  private static final Pattern NAME_RE = Pattern.compile(NAME);
  private static final Pattern HOST_RE = Pattern.compile(HOST);
  private static final Pattern OBJECT_NAME_RE = Pattern.compile(OBJECT_NAME);
  private static final Pattern IMAGE_RE = Pattern.compile(IMAGE);
  private static final Pattern PATH_RE = Pattern.compile(PATH);

  private InputRules() {}

  /** The MirrorSet's own name. */
  public static void name(String name, List<Problem> problems) {
    if (name == null || name.isEmpty()) {
      problems.add(Problem.error("InvalidName", "metadata.name is required"));
    } else if (name.length() > MAX_NAME) {
      problems.add(
          Problem.error(
              "NameTooLong",
              "metadata.name has "
                  + name.length()
                  + " characters; at most "
                  + MAX_NAME
                  + " so that every pod, volume claim and label made from it fits in 63"));
    } else if (!NAME_RE.matcher(name).matches()) {
      problems.add(
          Problem.error(
              "InvalidName",
              "metadata.name '"
                  + printable(name)
                  + "' must be lower-case letters, digits and '-', starting and ending with a"
                  + " letter or digit"));
    }
  }

  /** Every field of the spec whose shape can be checked without the cluster. */
  public static void check(MirrorSetSpec spec, List<Problem> problems) {
    coordinator(spec.getCoordinator(), problems);
    storage(spec.getStorage(), problems);
    if (spec.getReplication() != null) {
      if (spec.getReplication().getUser() == null) {
        problems.add(Problem.error("MissingField", "replication.user is required"));
      }
      text("replication.user", spec.getReplication().getUser(), 63, problems);
      secret("replication.passwordSecret", spec.getReplication().getPasswordSecret(), problems);
    }
    template(spec.getTemplate(), problems);
    List<String> locations = spec.getDataDirectories();
    if (locations != null) {
      size("dataDirectories", locations.size(), MAX_LOCATIONS, problems);
      for (int i = 0; i < Math.min(locations.size(), MAX_LOCATIONS); i++) {
        path("dataDirectories[" + i + "]", locations.get(i), problems);
      }
    }
    if (spec.getPlacement() != null) {
      hosts(spec.getPlacement().getHosts(), problems);
      mirrors(spec.getPlacement().getMirrors(), problems);
    }
  }

  private static void coordinator(CoordinatorSpec c, List<Problem> problems) {
    if (c == null) {
      problems.add(Problem.error("MissingField", "coordinator is required"));
      return;
    }
    host("coordinator.host", c.getHost(), true, problems);
    if (c.getPort() != null && (c.getPort() < 1 || c.getPort() > 65535)) {
      problems.add(
          Problem.error(
              "PortOutOfRange", "coordinator.port " + c.getPort() + " is outside 1..65535"));
    }
    text("coordinator.database", c.getDatabase(), 63, problems);
    text("coordinator.user", c.getUser(), 63, problems);
    secret("coordinator.passwordSecret", c.getPasswordSecret(), problems);
    if (c.getSslMode() == io.greenplum.mirrors.api.SslMode.DISABLE
        && !Boolean.TRUE.equals(c.getTrustedNetwork())) {
      problems.add(
          Problem.error(
              "PlainConnectionNotAllowed",
              "coordinator.sslMode disable sends the session and any password the server asks"
                  + " for in the clear: use prefer or require (the password goes only by"
                  + " scram-sha-256) or verify-full with coordinator.tls; set"
                  + " coordinator.trustedNetwork: true only if no one else can answer on that"
                  + " network"));
    }
    if (c.getTls() != null) {
      if ((c.getTls().getCaSecret() == null) == (c.getTls().getCaConfigMap() == null)) {
        problems.add(
            Problem.error(
                "InvalidTls", "coordinator.tls needs exactly one of caSecret and caConfigMap"));
      } else if (c.getTls().getCaSecret() != null) {
        secret("coordinator.tls.caSecret", c.getTls().getCaSecret(), problems);
      } else {
        objectName(
            "coordinator.tls.caConfigMap.name",
            c.getTls().getCaConfigMap().getName(),
            true,
            problems);
      }
    }
  }

  private static void secret(String field, SecretKeyRef ref, List<Problem> problems) {
    if (ref == null) {
      problems.add(Problem.error("MissingField", field + " is required"));
      return;
    }
    objectName(field + ".name", ref.getName(), true, problems);
    if (ref.getKey() == null || !ref.getKey().matches("^[-._a-zA-Z0-9]{1,253}$")) {
      problems.add(
          Problem.error(
              "InvalidSecretKey",
              field + ".key '" + printable(ref.getKey()) + "' is not a valid Secret key"));
    }
  }

  private static void storage(StorageSpec storage, List<Problem> problems) {
    if (storage == null) {
      problems.add(Problem.error("MissingField", "storage is required (e.g. size: 100Gi)"));
      return;
    }
    String size = storage.getSize();
    if (size == null || size.isBlank()) {
      problems.add(Problem.error("MissingField", "storage.size is required, e.g. 100Gi"));
    } else if (size.length() > 64 || !QUANTITY_RE.matcher(size).matches()) {
      problems.add(
          Problem.error(
              "InvalidQuantity",
              "storage.size '"
                  + printable(size)
                  + "' is not a Kubernetes quantity such as 100Gi, 500G or 2Ti"));
    } else if (!size.matches(".*[1-9].*")) {
      problems.add(Problem.error("InvalidQuantity", "storage.size must be more than zero"));
    }
    objectName("storage.storageClassName", storage.getStorageClassName(), false, problems);
  }

  private static void template(MirrorPodTemplate template, List<Problem> problems) {
    String image = template == null ? null : template.getImage();
    if (image == null || image.isBlank()) {
      problems.add(
          Problem.error(
              "MissingImage",
              "template.image is required: the Greenplum image the mirror runs (the same release"
                  + " as the primaries)"));
    } else if (image.length() > MAX_IMAGE || !IMAGE_RE.matcher(image).matches()) {
      problems.add(
          Problem.error(
              "InvalidImage",
              "template.image '"
                  + printable(image)
                  + "' is not an image reference (no spaces or control characters, at most "
                  + MAX_IMAGE
                  + " characters)"));
    }
    if (template != null) {
      podFields(template, problems);
    }
  }

  private static final Pattern LABEL_KEY_RE =
      Pattern.compile(
          "^([a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$");
  private static final Pattern LABEL_VALUE_RE =
      Pattern.compile("^([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?$");
  private static final Pattern ENV_NAME_RE = Pattern.compile("^[-._a-zA-Z][-._a-zA-Z0-9]{0,254}$");

  /** Names the operator sets in the mirror's containers itself. */
  private static final List<String> OPERATOR_ENV = List.of("PGPASSFILE", "PGPASSWORD");

  /** The template's pod fields whose keys and names Kubernetes would refuse, or the operator's. */
  private static void podFields(MirrorPodTemplate template, List<Problem> problems) {
    keys("template.labels", template.getLabels(), true, problems);
    keys("template.annotations", template.getAnnotations(), false, problems);
    keys("template.nodeSelector", template.getNodeSelector(), true, problems);
    objectName("template.priorityClassName", template.getPriorityClassName(), false, problems);
    if (template.getEnv() != null) {
      for (int i = 0; i < template.getEnv().size(); i++) {
        String name = template.getEnv().get(i) == null ? null : template.getEnv().get(i).getName();
        String at = "template.env[" + i + "].name '" + printable(name) + "'";
        if (name == null || !ENV_NAME_RE.matcher(name).matches()) {
          problems.add(Problem.error("InvalidField", at + " is not an environment variable name"));
        } else if (name.startsWith("GPMIRRORS_") || OPERATOR_ENV.contains(name)) {
          problems.add(
              Problem.error(
                  "ReservedField",
                  at + " is set by the operator (GPMIRRORS_*, PGPASSFILE, PGPASSWORD)"));
        }
        var from =
            template.getEnv().get(i) == null ? null : template.getEnv().get(i).getValueFrom();
        if (from != null && from.getSecretKeyRef() != null) {
          reference(at, "Secret " + printable(from.getSecretKeyRef().getName()), problems);
        } else if (from != null && from.getConfigMapKeyRef() != null) {
          reference(at, "ConfigMap " + printable(from.getConfigMapKeyRef().getName()), problems);
        }
      }
    }
    if (template.getTolerations() != null) {
      for (int i = 0; i < template.getTolerations().size(); i++) {
        var t = template.getTolerations().get(i);
        if (t != null) {
          toleration(i, t.getKey(), t.getOperator(), problems);
        }
      }
    }
  }

  /**
   * A value taken from a Secret or a ConfigMap: the kubelet would resolve it, whichever it is, into
   * a host-network container running an image the editor chose. Refused (ReferenceNotAllowed); the
   * pod's own fields (fieldRef, resourceFieldRef) are fine.
   */
  private static void reference(String at, String from, List<Problem> problems) {
    problems.add(
        Problem.error(
            "ReferenceNotAllowed",
            at
                + " takes its value from "
                + from
                + ": template.env may not read Secrets or ConfigMaps (the kubelet would put"
                + " any of the namespace's into the mirror pods); give the value inline, and"
                + " the replication password through spec.replication.passwordSecret"));
  }

  /** Taints that keep pods off the control plane: tolerating them is refused. */
  private static final List<String> CONTROL_PLANE_TAINTS =
      List.of("node-role.kubernetes.io/control-plane", "node-role.kubernetes.io/master");

  /**
   * Tolerations of the control plane's taints, or of every taint (operator Exists without a key),
   * would let host-network mirror pods onto control-plane nodes: refused (TolerationNotAllowed).
   */
  private static void toleration(int i, String key, String operator, List<Problem> problems) {
    boolean everything = (key == null || key.isEmpty()) && "Exists".equals(operator);
    if (everything || CONTROL_PLANE_TAINTS.contains(key)) {
      problems.add(
          Problem.error(
              "TolerationNotAllowed",
              "template.tolerations["
                  + i
                  + "] "
                  + (everything ? "tolerates every taint" : "tolerates " + printable(key))
                  + ": mirror pods use the host's network and never run on control-plane"
                  + " nodes; tolerate only the taints of your Greenplum nodes"));
    }
  }

  private static void keys(
      String field, Map<String, String> map, boolean labelValues, List<Problem> problems) {
    if (map == null) {
      return;
    }
    map.forEach(
        (key, value) -> {
          String at = field + " '" + printable(shorten(key)) + "'";
          if (!LABEL_KEY_RE.matcher(key).matches()) {
            problems.add(
                Problem.error(
                    "InvalidField", at + " is not a label or annotation key (prefix/name)"));
          } else if (key.startsWith(Formats.OPERATOR_PREFIX)
              || Formats.OPERATOR_LABELS.contains(key)) {
            problems.add(
                Problem.error(
                    "ReservedField",
                    at
                        + " is the operator's (it sets the keys under "
                        + Formats.OPERATOR_PREFIX
                        + " and "
                        + String.join(", ", Formats.OPERATOR_LABELS)
                        + ")"));
          } else if (labelValues && (value == null || !LABEL_VALUE_RE.matcher(value).matches())) {
            problems.add(
                Problem.error(
                    "InvalidField",
                    at
                        + " has the value '"
                        + printable(shorten(String.valueOf(value)))
                        + "': at most 63 letters, digits, '-', '_' and '.'"));
          }
        });
  }

  private static void hosts(List<MirrorHost> hosts, List<Problem> problems) {
    if (hosts == null) {
      return;
    }
    size("placement.hosts", hosts.size(), MAX_HOSTS, problems);
    for (int i = 0; i < Math.min(hosts.size(), MAX_HOSTS); i++) {
      MirrorHost h = hosts.get(i);
      if (h == null) {
        continue;
      }
      String at = "placement.hosts[" + i + "]";
      if (h.getName() != null && !h.getName().isEmpty()) {
        host(at + ".name", h.getName(), true, problems);
      }
      objectName(at + ".node", h.getNode(), false, problems);
      host(at + ".address", h.getAddress(), false, problems);
    }
  }

  private static void mirrors(List<ExplicitMirror> mirrors, List<Problem> problems) {
    if (mirrors == null) {
      return;
    }
    size("placement.mirrors", mirrors.size(), MAX_MIRRORS, problems);
    for (int i = 0; i < Math.min(mirrors.size(), MAX_MIRRORS); i++) {
      ExplicitMirror m = mirrors.get(i);
      String at = "placement.mirrors[" + i + "]";
      if (m == null) {
        problems.add(Problem.error("MissingField", at + " is empty"));
        continue;
      }
      host(at + ".host", m.getHost(), false, problems);
      host(at + ".address", m.getAddress(), false, problems);
      path(at + ".dataDirectory", m.getDataDirectory(), problems);
    }
  }

  /**
   * An absolute, normalised path (a trailing '/' is allowed, as the seed has one) without control
   * characters, at most {@value Formats#MAX_PATH_BYTES} bytes: what gpaddmirrors would write in its
   * configuration file and the pod can mkdir.
   */
  static void path(String field, String path, List<Problem> problems) {
    if (path == null) {
      return;
    }
    String why = null;
    if (path.getBytes(StandardCharsets.UTF_8).length > MAX_PATH_BYTES) {
      why = "is longer than " + MAX_PATH_BYTES + " bytes";
    } else if (path.chars().anyMatch(Character::isISOControl)) {
      why = "contains a control character (a newline or tab?)";
    } else if (!path.startsWith("/")) {
      why = "must be an absolute path such as /data/mirror";
    } else if (!path.equals("/")
        && !path.replaceFirst("/$", "").equals(DataDirectories.normalize(path))) {
      why = "is not normalised (no '.', '..' or '//'): write " + DataDirectories.normalize(path);
    } else if (path.contains(":")) {
      why = "contains ':', which gpaddmirrors' configuration file uses as its separator";
    } else if (!PATH_RE.matcher(path).matches()) {
      why = "is not an absolute, normalised path";
    }
    if (why != null) {
      problems.add(
          Problem.error(
              path.startsWith("/") ? "InvalidPath" : "RelativeDataLocation",
              field + " '" + printable(shorten(path)) + "' " + why));
    }
  }

  private static void host(String field, String host, boolean required, List<Problem> problems) {
    if (host == null || host.isEmpty()) {
      if (required) {
        problems.add(Problem.error("MissingField", field + " is required"));
      }
      return;
    }
    if (host.length() > MAX_HOST || !HOST_RE.matcher(host).matches()) {
      problems.add(
          Problem.error(
              "InvalidHostName",
              field
                  + " '"
                  + printable(shorten(host))
                  + "' is not a host name (RFC 1123: letters, digits, '-' and '.', at most "
                  + MAX_HOST
                  + " characters) or an IP address"));
    }
  }

  private static void objectName(
      String field, String name, boolean required, List<Problem> problems) {
    if (name == null || name.isEmpty()) {
      if (required) {
        problems.add(Problem.error("MissingField", field + " is required"));
      }
      return;
    }
    if (name.length() > MAX_HOST || !OBJECT_NAME_RE.matcher(name).matches()) {
      problems.add(
          Problem.error(
              "InvalidObjectName",
              field
                  + " '"
                  + printable(shorten(name))
                  + "' is not a Kubernetes object name (lower-case letters, digits, '-' and '.')"));
    }
  }

  private static void text(String field, String value, int max, List<Problem> problems) {
    if (value == null) {
      return;
    }
    if (value.isEmpty()
        || value.length() > max
        || value.chars().anyMatch(Character::isISOControl)) {
      problems.add(
          Problem.error(
              "InvalidField",
              field
                  + " '"
                  + printable(shorten(value))
                  + "' must be 1 to "
                  + max
                  + " characters without control characters"));
    }
  }

  private static void size(String field, int size, int max, List<Problem> problems) {
    if (size > max) {
      problems.add(
          Problem.error(
              "TooManyEntries", field + " has " + size + " entries; at most " + max + " are read"));
    }
  }

  private static String shorten(String value) {
    return value.length() <= 80 ? value : value.substring(0, 60) + "... (" + value.length() + ")";
  }

  /** The value with control characters shown as \\n, \\t or \\uXXXX, never raw in a message. */
  static String printable(String value) {
    if (value == null) {
      return "null";
    }
    StringBuilder out = new StringBuilder();
    for (char c : value.toCharArray()) {
      if (c == '\n') {
        out.append("\\n");
      } else if (c == '\t') {
        out.append("\\t");
      } else if (Character.isISOControl(c)) {
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }
}
