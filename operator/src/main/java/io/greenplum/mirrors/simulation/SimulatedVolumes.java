package io.greenplum.mirrors.simulation;

import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Volume;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * SIMULATION. The volumes behind volume claims: one directory per claim (by its uid, so that a
 * claim deleted and made again is a new, empty volume), mounted with the fsGroup behaviour a pod
 * asks for: without {@code fsGroupChangePolicy: OnRootMismatch} the kubelet gives the group write
 * access to everything on every mount, as on a real node.
 */
final class SimulatedVolumes {
  private static final Set<PosixFilePermission> GROUP =
      EnumSet.of(
          PosixFilePermission.GROUP_READ,
          PosixFilePermission.GROUP_WRITE,
          PosixFilePermission.GROUP_EXECUTE);

  private final Path base;

  SimulatedVolumes(Path base) {
    this.base = base;
  }

  /** The directory of {@code pod}'s data volume, or null while its claim does not exist. */
  Path mount(Pod pod, List<PersistentVolumeClaim> claims) {
    String claimName =
        pod.getSpec().getVolumes().stream()
            .filter(v -> v.getPersistentVolumeClaim() != null)
            .map(Volume::getPersistentVolumeClaim)
            .map(c -> c.getClaimName())
            .findFirst()
            .orElse(null);
    PersistentVolumeClaim claim =
        claims.stream()
            .filter(c -> c.getMetadata().getName().equals(claimName))
            .filter(c -> c.getMetadata().getNamespace().equals(pod.getMetadata().getNamespace()))
            .findFirst()
            .orElse(null);
    if (claim == null) {
      return null;
    }
    try {
      Path dir = base.resolve(claim.getMetadata().getUid());
      Files.createDirectories(dir);
      var security = pod.getSpec().getSecurityContext();
      boolean onRootMismatch =
          security != null && "OnRootMismatch".equals(security.getFsGroupChangePolicy());
      if (!onRootMismatch || !Files.getPosixFilePermissions(dir).containsAll(GROUP)) {
        try (Stream<Path> all = Files.walk(dir)) {
          for (Path p : all.toList()) {
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(p);
            perms.add(PosixFilePermission.GROUP_READ);
            perms.add(PosixFilePermission.GROUP_WRITE);
            if (Files.isDirectory(p)) {
              perms.add(PosixFilePermission.GROUP_EXECUTE);
            }
            Files.setPosixFilePermissions(p, perms);
          }
        }
      }
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
