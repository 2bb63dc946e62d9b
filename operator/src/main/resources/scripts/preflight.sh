# gpmirrors: the preflight pod of one mirror host, run before any mirror is registered.
#
#   preflight.sh USER PRIMARY...      (PRIMARY = content:host:port, each primary this host copies)
#
# Proves what the base backups will need: the image carries postgres and pg_basebackup (their
# versions are reported; the operator compares them with the cluster's), and every primary
# accepts a replication connection from this host as USER (IDENTIFY_SYSTEM over replication=true,
# what pg_basebackup opens first). One line per fact goes to stdout and to the termination
# message (GPMIRRORS_TERMINATION_LOG, default /dev/termination-log):
#   postgres <postgres --gp-version>    | postgres missing
#   pg_basebackup <--version>           | pg_basebackup missing
#   psql missing
#   ok <content> <host>:<port>          | refused <content> <host>:<port> <the error>
# Exit 0 when every line is good, 1 otherwise.
set -u
user=$1
shift
lines=()
bad=0

tool() {
  local name=$1 flag=$2 v
  if command -v "$name" >/dev/null && v=$("$name" "$flag" 2>&1 | head -n 1) && [ -n "$v" ]; then
    lines+=("$name $v")
  else
    lines+=("$name missing")
    bad=1
  fi
}

# A libpq connection string value: quoted, with quotes and backslashes escaped.
quote() {
  local v=${1//\\/\\\\}
  printf "'%s'" "${v//\'/\\\'}"
}

tool postgres --gp-version
tool pg_basebackup --version
if ! command -v psql >/dev/null; then
  lines+=("psql missing")
  bad=1
else
  for primary in "$@"; do
    content=${primary%%:*}
    rest=${primary#*:}
    host=${rest%:*}
    port=${rest##*:}
    if out=$(psql "host=$(quote "$host") port=$port user=$(quote "$user") dbname=replication \
replication=true connect_timeout=10" -XAtc IDENTIFY_SYSTEM 2>&1); then
      lines+=("ok $content $host:$port")
    else
      lines+=("refused $content $host:$port $(echo "$out" | grep -v '^[[:space:]]*$' | head -n 1 | cut -c1-300)")
      bad=1
    fi
  done
fi
printf '%s\n' "${lines[@]}"
printf '%s\n' "${lines[@]}" >"${GPMIRRORS_TERMINATION_LOG:-/dev/termination-log}" 2>/dev/null || true
exit "$bad"
