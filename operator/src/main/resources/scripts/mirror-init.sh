# gpmirrors: the init container of a mirror pod. Decides whether the data directory on the
# volume may be used, and takes a base backup into it when it may not.
#
#   mirror-init.sh --dir DIR --dbid DBID [--copy TOKEN] --standby-file FILE --acting-primary BOOL
#                  [--rewind-from HOST:PORT --user USER --utility OPTIONS] [--retry-when TEXT]
#                  -- FIRST... [:: RETRY...]
#
# DIR the mirror's data directory; DBID its dbid in the catalog; TOKEN the volume's full-recovery
# token (a directory copied under another token is copied again); FILE standby.signal (Greenplum
# 7) or recovery.conf (Greenplum 6); BOOL true when the catalog said, as the pod was made, that
# this dbid acts as primary; FIRST the pg_basebackup command; RETRY the command to run instead
# when FIRST failed saying TEXT (Greenplum 7: --create-slot first, the slot-less form when the
# slot already exists). Values arrive as arguments, never spliced into this text. The decision is
# also written, one line, to the container's termination message (GPMIRRORS_TERMINATION_LOG,
# default /dev/termination-log), where the operator reads it.
#
# A directory is used as it is only when it is complete and belongs to this dbid: a marker
# written after pg_basebackup exited 0 (next to the directory, on the same volume, so that a copy
# of a primary never carries one) holds the dbid (and token), and internal.auto.conf says
# gp_dbid=DBID. A directory without standby file and without backup_label ran as a primary (a
# promoted mirror): it is never wiped; it is started as it is only when the catalog says this dbid
# acts as primary, else rewound into a mirror against HOST:PORT (the content's primary now) as
# gprecoverseg does it: wait until the source accepts a utility connection (it may still be
# finishing its promotion), CHECKPOINT it, pg_rewind --write-recovery-conf. A marker of its own says
# a rewind began and did not finish (a failed try may leave the standby file behind).
#
# With GPMIRRORS_REPLICATION_PASSWORD set (from the Secret spec.replication names), the password
# goes into a password file next to the directory, mode 0600 (not into the directory: a base
# backup needs it empty, and it must not travel in copies of it), and PGPASSFILE names it:
# pg_basebackup --write-recovery-conf then writes passfile=... into primary_conninfo, never the
# password, and the mirror's walreceiver reads the file at each connection.
set -u
dir="" dbid="" token="" standby="" acting=false retry_when="" rewind_from="" user="" utility=""
while [ $# -gt 0 ]; do
  case "$1" in
    --dir) dir=$2; shift 2 ;;
    --dbid) dbid=$2; shift 2 ;;
    --copy) token=$2; shift 2 ;;
    --standby-file) standby=$2; shift 2 ;;
    --acting-primary) acting=$2; shift 2 ;;
    --retry-when) retry_when=$2; shift 2 ;;
    --rewind-from) rewind_from=$2; shift 2 ;;
    --user) user=$2; shift 2 ;;
    --utility) utility=$2; shift 2 ;;
    --) shift; break ;;
    *) echo "gpmirrors: unknown argument $1" >&2; exit 2 ;;
  esac
done
first=()
retry=()
into=first
for a in "$@"; do
  if [ "$a" = '::' ]; then into=retry; continue; fi
  if [ "$into" = first ]; then first+=("$a"); else retry+=("$a"); fi
done
copy="dbid=$dbid${token:+ copy=$token}"
marker="${dir%/*}/.gpmirrors-${dir##*/}"
rewinding="$marker.rewinding"
log=${TMPDIR:-/tmp}/pg_basebackup.log

if [ -n "${GPMIRRORS_REPLICATION_PASSWORD:-}" ]; then
  passfile="$marker.pgpass"
  escaped=${GPMIRRORS_REPLICATION_PASSWORD//\\/\\\\}
  (umask 077 && printf '*:*:*:*:%s\n' "${escaped//:/\\:}" >"$passfile.tmp") \
    && chmod 0600 "$passfile.tmp" && mv "$passfile.tmp" "$passfile" \
    || { echo "gpmirrors: cannot write the password file $passfile" >&2; exit 1; }
  export PGPASSFILE=$passfile
  unset GPMIRRORS_REPLICATION_PASSWORD escaped
fi

report() {
  echo "gpmirrors: $1"
  printf '%s' "$1" >"${GPMIRRORS_TERMINATION_LOG:-/dev/termination-log}" 2>/dev/null || true
}

# Turns a directory that ran as a primary into a mirror of the primary at $rewind_from.
rewind() {
  local host=${rewind_from%:*} port=${rewind_from##*:} ok="" status
  local source="host=$host port=$port user=$user dbname=template1"
  echo "started" >"$rewinding"
  rm -f "$dir/$standby"
  for _ in $(seq 1 30); do
    if PGOPTIONS="$utility" psql "$source" -XAtc CHECKPOINT >/dev/null 2>&1; then ok=1; break; fi
    sleep 2
  done
  if [ -z "$ok" ]; then
    report "failed: the rewind source $host:$port does not accept a utility connection"
    exit 1
  fi
  PGOPTIONS="$utility" pg_rewind --write-recovery-conf --slot=internal_wal_replication_slot \
    --source-server="$source application_name=gpmirrors_rewind" --target-pgdata="$dir" \
    --progress 2>&1 | tee "$log"
  status=${PIPESTATUS[0]}
  if [ "$status" -ne 0 ]; then
    report "failed: pg_rewind exited $status: $(grep -iE 'error|fatal' "$log" | tail -n 1 | cut -c1-400)"
    exit "$status"
  fi
  rm -f "$rewinding"
  chmod 0700 "$dir"
  report "rewound: dbid=$dbid is a mirror of $host:$port again"
  exit 0
}

# The last gp_dbid setting of a file, without quotes or blanks.
dbid_in() {
  sed -n 's/^[[:space:]]*gp_dbid[[:space:]]*=[[:space:]]*//p' "$1" 2>/dev/null \
    | tr -d "'\" \r" | tail -n 1
}

why=""
if [ -e "$dir/PG_VERSION" ]; then
  found=$(dbid_in "$dir/internal.auto.conf")
  if [ -e "$rewinding" ] || { [ ! -e "$dir/$standby" ] && [ ! -e "$dir/backup_label" ]; }; then
    if [ "$acting" = true ] && [ ! -e "$rewinding" ] && [ "$found" = "$dbid" ]; then
      chmod 0700 "$dir"
      report "kept: dbid=$dbid acts as primary; its directory is started as it is"
      exit 0
    fi
    if [ -n "$rewind_from" ] && [ "$acting" != true ] && [ "$found" = "$dbid" ]; then
      rewind
    fi
    report "promoted: $dir has no $standby: it ran as a primary (gp_dbid=${found:-unknown});" \
"not copied, not wiped, not started: it must be rewound into a mirror first"
    exit 3
  fi
  if [ ! -f "$marker" ]; then
    why="no completion marker (a base backup that did not finish)"
  elif [ "$(cat "$marker")" != "$copy" ]; then
    why="the completed copy is of $(cat "$marker"), not $copy"
  elif [ "$found" != "$dbid" ]; then
    why="internal.auto.conf says gp_dbid=${found:-nothing}, not $dbid"
  else
    chmod 0700 "$dir"
    report "kept: complete copy of $copy"
    exit 0
  fi
elif [ -n "$(ls -A "$dir" 2>/dev/null)" ]; then
  why="no PG_VERSION (a base backup that did not finish)"
fi

[ -n "$why" ] && echo "gpmirrors: wiping $dir: $why"
rm -rf "$dir" "$marker"

base_backup() {
  "$@" 2>&1 | tee "$log"
  return "${PIPESTATUS[0]}"
}

base_backup "${first[@]}"
status=$?
if [ "$status" -ne 0 ] && [ "${#retry[@]}" -gt 0 ] && grep -qF "$retry_when" "$log"; then
  echo "gpmirrors: $retry_when; copying without --create-slot"
  rm -rf "$dir"
  base_backup "${retry[@]}"
  status=$?
fi
if [ "$status" -ne 0 ]; then
  why=$(grep -iE 'error|fatal|unrecognized' "$log" | tail -n 1)
  report "failed: pg_basebackup exited $status: $(printf '%s' "${why:-$(tail -n 1 "$log")}" | cut -c1-400)"
  exit "$status"
fi
chmod 0700 "$dir"
printf '%s\n' "$copy" >"$marker.tmp" && sync "$marker.tmp" && mv "$marker.tmp" "$marker" \
  && sync "${dir%/*}" || { report "failed: cannot write the completion marker $marker"; exit 1; }
report "copied: $copy${why:+ (wiped first: $why)}"
