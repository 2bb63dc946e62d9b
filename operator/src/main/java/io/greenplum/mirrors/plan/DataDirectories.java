package io.greenplum.mirrors.plan;

/** Path arithmetic for data directories, on strings: the planner never touches a file system. */
public final class DataDirectories {
  private DataDirectories() {}

  /** An absolute path without "//", "/./" or a trailing "/"; null when the path is relative. */
  public static String normalize(String path) {
    if (path == null || !path.startsWith("/")) {
      return null;
    }
    StringBuilder out = new StringBuilder();
    for (String part : path.split("/")) {
      if (part.isEmpty() || part.equals(".")) {
        continue;
      }
      if (part.equals("..")) {
        int cut = out.lastIndexOf("/");
        out.setLength(Math.max(cut, 0));
        continue;
      }
      out.append('/').append(part);
    }
    return out.length() == 0 ? "/" : out.toString();
  }

  /** {@code <location>/<prefix><content>}, as gpaddmirrors names a mirror's directory. */
  public static String forContent(String location, String prefix, int content) {
    String base = normalize(location);
    return (base.equals("/") ? "" : base) + "/" + prefix + content;
  }

  /** The parent directory of a normalized path, or null for "/". */
  public static String parent(String normalized) {
    int cut = normalized.lastIndexOf('/');
    return cut <= 0 ? (normalized.equals("/") ? null : "/") : normalized.substring(0, cut);
  }
}
