package io.greenplum.mirrors.simulation;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.greenplum.mirrors.api.Annotations;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * SIMULATION. What the simulated kubelet sets up for a container before it starts: its variables (a
 * Secret's key resolved) and the downward-API file of the pod's role annotation.
 */
final class PodSetup {
  private PodSetup() {}

  /** The container's own variables, a Secret's key resolved as the kubelet does it. */
  static Map<String, String> containerEnv(
      KubernetesClient client, Pod pod, io.fabric8.kubernetes.api.model.Container c) {
    Map<String, String> env = new HashMap<>();
    for (var v :
        c.getEnv() == null ? List.<io.fabric8.kubernetes.api.model.EnvVar>of() : c.getEnv()) {
      if (v.getValue() != null) {
        env.put(v.getName(), v.getValue());
      } else if (v.getValueFrom() != null && v.getValueFrom().getSecretKeyRef() != null) {
        var ref = v.getValueFrom().getSecretKeyRef();
        var secret =
            client
                .secrets()
                .inNamespace(pod.getMetadata().getNamespace())
                .withName(ref.getName())
                .get();
        if (secret != null && secret.getStringData() != null) {
          String value = secret.getStringData().get(ref.getKey());
          if (value != null) {
            env.put(v.getName(), value);
          }
        } else if (secret != null
            && secret.getData() != null
            && secret.getData().get(ref.getKey()) != null) {
          env.put(
              v.getName(),
              new String(
                  java.util.Base64.getDecoder().decode(secret.getData().get(ref.getKey())),
                  java.nio.charset.StandardCharsets.UTF_8));
        }
      }
    }
    return env;
  }

  /**
   * The pod's downward-API file of its role annotation, written from the annotations it has now, as
   * the kubelet writes it each time it sets the pod up.
   */
  static Path projectRole(Pod pod, Path workDir) {
    Path file = workDir.resolve("podinfo/role");
    var annotations = pod.getMetadata().getAnnotations();
    String role = annotations == null ? null : annotations.get(Annotations.ROLE);
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(file, role == null ? "" : role);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return file;
  }
}
