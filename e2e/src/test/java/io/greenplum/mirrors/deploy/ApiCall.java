package io.greenplum.mirrors.deploy;

import java.net.URI;
import java.util.Locale;

/**
 * One API request as RBAC sees it: verb, API group, resource (with subresource) and namespace (null
 * for cluster-wide objects and for lists or watches across all namespaces).
 */
record ApiCall(String verb, String group, String resource, String namespace) {

  /** The RBAC view of {@code method path}, as the API server's request info resolver makes it. */
  static ApiCall of(String method, String path) {
    URI uri = URI.create(path);
    String[] parts = uri.getPath().replaceAll("^/+", "").split("/");
    int i;
    String group;
    if (parts[0].equals("api")) {
      group = "";
      i = 2;
    } else if (parts[0].equals("apis")) {
      group = parts[1];
      i = 3;
    } else {
      throw new IllegalArgumentException("not a resource request: " + path);
    }
    String namespace = null;
    if (parts.length > i + 1 && parts[i].equals("namespaces") && parts.length > i + 2) {
      namespace = parts[i + 1];
      i += 2;
    }
    String resource = parts[i];
    String name = parts.length > i + 1 ? parts[i + 1] : null;
    if (parts.length > i + 2) {
      resource = resource + "/" + parts[i + 2];
    }
    boolean watch = uri.getQuery() != null && uri.getQuery().contains("watch=true");
    String verb =
        switch (method.toUpperCase(Locale.ROOT)) {
          case "GET" -> watch ? "watch" : name == null ? "list" : "get";
          case "POST" -> "create";
          case "PUT" -> "update";
          case "PATCH" -> "patch";
          case "DELETE" -> name == null ? "deletecollection" : "delete";
          default -> throw new IllegalArgumentException("unexpected method " + method);
        };
    return new ApiCall(verb, group, resource, namespace);
  }

  @Override
  public String toString() {
    return verb
        + " "
        + (group.isEmpty() ? "" : group + "/")
        + resource
        + (namespace == null ? " (cluster-wide)" : " in " + namespace);
  }
}
