package io.greenplum.mirrors.reconciler;

import io.greenplum.mirrors.api.MirrorSet;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Where a password Secret says its password may go: the coordinator hosts its annotation {@value
 * MirrorSet#COORDINATOR_HOSTS_ANNOTATION} names. Pure. Host names compare without case, as DNS
 * does; nothing else is matched (no wildcard, no resolution: an address and a name are different
 * entries).
 */
final class CredentialHosts {
  private CredentialHosts() {}

  /** The hosts the annotations name, in the order given. */
  static List<String> named(Map<String, String> annotations) {
    String value =
        annotations == null ? null : annotations.get(MirrorSet.COORDINATOR_HOSTS_ANNOTATION);
    return value == null
        ? List.of()
        : Arrays.stream(value.split(",")).map(String::strip).filter(h -> !h.isEmpty()).toList();
  }

  /**
   * The Secret's password may be sent to (or used with the catalog of) coordinator {@code host}.
   */
  static boolean allows(Map<String, String> annotations, String host) {
    String wanted = host == null ? "" : host.strip().toLowerCase(Locale.ROOT);
    return named(annotations).stream().anyMatch(h -> h.toLowerCase(Locale.ROOT).equals(wanted));
  }

  /** Why the Secret is not read for {@code host}, and the command that allows it. */
  static String refusal(String where, String secret, String host) {
    return where
        + ": its annotation "
        + MirrorSet.COORDINATOR_HOSTS_ANNOTATION
        + " does not name the coordinator host "
        + host
        + ", so its password is sent nowhere (kubectl annotate secret "
        + secret
        + " "
        + MirrorSet.COORDINATOR_HOSTS_ANNOTATION
        + "="
        + host
        + "; several hosts are separated by commas)";
  }
}
