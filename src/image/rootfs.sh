#!/usr/bin/env bash
# Builds the root filesystem the operator image adds to an empty (scratch) base: a Java runtime
# made by jlink from the build's JDK, the shared libraries it links against, and /etc/passwd with
# the non-root user 65532 the container runs as. Jib puts the application in /app.
#   usage: rootfs.sh OUTPUT_DIR JAVA_HOME
set -euo pipefail
out=$1
jdk=$2
modules=java.base,java.compiler,java.management,java.naming,java.net.http,\
java.security.jgss,java.sql,jdk.crypto.ec,jdk.httpserver,jdk.management,jdk.unsupported

rm -rf "$out"
mkdir -p "$out/opt" "$out/etc" "$out/tmp" "$out/proc" "$out/home/nonroot"
"$jdk/bin/jlink" --add-modules "$modules" --strip-debug --no-man-pages --no-header-files \
  --compress=2 --output "$out/opt/java"

# No distribution underneath: copy in what the runtime's programs and libraries link against.
find "$out/opt/java" -type f \( -name '*.so' -o -path '*/bin/*' \) -print0 |
  xargs -0 ldd 2>/dev/null |
  awk '$2 == "=>" && $3 ~ /^\// { print $3 } $1 ~ /^\/.*ld-linux/ { print $1 }' |
  sort -u |
  while read -r lib; do
    install -D -m 0755 "$(readlink -f "$lib")" "$out$lib"
  done

printf 'root:x:0:0:root:/root:/sbin/nologin\nnonroot:x:65532:65532:nonroot:/home/nonroot:/sbin/nologin\n' \
  > "$out/etc/passwd"
printf 'root:x:0:\nnonroot:x:65532:\n' > "$out/etc/group"
echo "rootfs: $(du -sh "$out" | cut -f1) in $out"
