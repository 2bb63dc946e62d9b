# gpmirrors: the init container of a mirror pod. Decides, from the facts at the moment it runs,
# whether the data directory on the volume may be used, and copies or rewinds it when it may not.
#
#   mirror-init.sh --dir DIR --dbid DBID [--copy TOKEN] --standby-file FILE --acting-primary BOOL
#                  --peer HOST:PORT --user USER --utility OPTIONS [--role-file FILE] [--rewind]
#                  [--retry-when TEXT] -- FIRST... [:: RETRY...]
#
# DIR the mirror's data directory; DBID its dbid in the catalog; TOKEN the volume's full-recovery
# token (a directory copied under another token is copied again); FILE standby.signal (Greenplum
# 7) or recovery.conf (Greenplum 6); HOST:PORT the content's other instance (the primary the
# mirror copies from, and the instance a directory that ran as a primary is weighed against);
# USER the role to connect as; OPTIONS a utility-mode session's PGOPTIONS. The role of this dbid
# in the catalog is read from FILE (a downward-API projection of the pod's greenplum.io/catalog-role
# annotation, which the operator keeps current: "primary" or "mirror"); BOOL, what the catalog
# said when the pod was made, stands in only when FILE is empty or missing. --rewind: a
# directory that ran as a primary may be rewound (recovery.automatic, or a rebalance). FIRST the
# pg_basebackup command; RETRY the command to run instead when FIRST failed saying TEXT (Greenplum
# 7: --create-slot first, the slot-less form when the slot already exists). Values arrive as
# arguments, never spliced into this text.
#
# Kubernetes runs this again, with these arguments, whenever the pod's sandbox restarts (a node
# reboot, a kubelet or runtime restart), long after the pod was made: nothing here trusts the
# arguments for a decision that facts can contradict. The decision is written, one line, to the
# container's termination message (GPMIRRORS_TERMINATION_LOG, default /dev/termination-log), where
# the operator reads it: "kept: ...", "copied: dbid=N[ copy=TOKEN] (SIZE kB[; wiped first: WHY])",
# "rewound: ..." (exit 0); "failed: ..." (a copy or rewind failed, exit 1 or its tool's status);
# "promoted: ..." (a directory that ran as a primary, neither used nor touched now, exit 3);
# "waiting: ..." (a fact the next step needs is not there yet, nothing touched, exit 4). The kubelet
# runs it again after a failure: the facts then decide again.
#
# The rules:
# - A directory is complete only when a marker written after pg_basebackup exited 0 sits next to it
#   (on the same volume, so a copy of a primary never carries one) with this dbid (and token), and
#   internal.auto.conf says gp_dbid=DBID. Without the marker it never finished and is never taken
#   for a primary, whatever files a cut copy or a cut delete left.
# - A complete directory without standby file and without backup_label ran as a primary (a
#   promoted mirror). It is started as a primary only when the catalog says this dbid is the
#   primary and the peer is not running as a primary now. It is rewound only onto a peer running as
#   a primary on a newer timeline than the directory's (the peer was promoted after they diverged),
#   and only after pg_rewind --dry-run has shown that the rewind can work (rights, checksums or
#   wal_log_hints). Anything else changes nothing ("promoted:").
# - A directory is deleted only after its source answered a replication connection (IDENTIFY_SYSTEM)
#   at that moment, and by one rename on the same volume first, so that a delete cut off half way
#   leaves nothing that looks like a data directory; what a cut delete left aside is finished off
#   at the next start.
# - A rewind that began (its marker is written once the source is confirmed) and did not finish
#   leaves a target PostgreSQL's manual calls likely unrecoverable: it is copied in full from the
#   live primary, never rewound a second time.
#
# With GPMIRRORS_REPLICATION_PASSWORD set (from the Secret spec.replication names), the password
# goes into a password file next to the directory, mode 0600 (not into the directory: a base
# backup needs it empty, and it must not travel in copies of it), and PGPASSFILE names it:
# pg_basebackup --write-recovery-conf then writes passfile=... into primary_conninfo, never the
# password, and the mirror's walreceiver reads the file at each connection.
set -u
dir="" dbid="" token="" standby="" acting=false retry_when="" peer="" user="" utility=""
role_file="" may_rewind=false
while [ $# -gt 0 ]; do
  case "$1" in
    --dir) dir=$2; shift 2 ;;
    --dbid) dbid=$2; shift 2 ;;
    --copy) token=$2; shift 2 ;;
    --standby-file) standby=$2; shift 2 ;;
    --acting-primary) acting=$2; shift 2 ;;
    --peer) peer=$2; shift 2 ;;
    --user) user=$2; shift 2 ;;
    --utility) utility=$2; shift 2 ;;
    --role-file) role_file=$2; shift 2 ;;
    --rewind) may_rewind=true; shift ;;
    --retry-when) retry_when=$2; shift 2 ;;
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
aside="$marker.wiping"
log=${TMPDIR:-/tmp}/gpmirrors-init.log
peer_host=${peer%:*}
peer_port=${peer##*:}

if [ -n "${GPMIRRORS_REPLICATION_PASSWORD:-}" ]; then
  passfile="$marker.pgpass"
  escaped=${GPMIRRORS_REPLICATION_PASSWORD//\\/\\\\}
  (umask 077 && printf '*:*:*:*:%s\n' "${escaped//:/\\:}" >"$passfile.tmp") \
    && chmod 0600 "$passfile.tmp" && mv "$passfile.tmp" "$passfile" \
    || { echo "gpmirrors: cannot write the password file $passfile" >&2; exit 1; }
  export PGPASSFILE=$passfile
  unset GPMIRRORS_REPLICATION_PASSWORD escaped
fi

# The decision, on stdout and in the termination message (all arguments, one line).
report() {
  echo "gpmirrors: $*"
  printf '%s' "$*" >"${GPMIRRORS_TERMINATION_LOG:-/dev/termination-log}" 2>/dev/null || true
}

# A libpq connection string value: quoted, with quotes and backslashes escaped.
quote() {
  local v=${1//\\/\\\\}
  printf "'%s'" "${v//\'/\\\'}"
}

# The first line of a tool's error output that says what went wrong, at most 300 characters.
words() {
  local line
  line=$(printf '%s\n' "$1" | grep -iE 'error|fatal|refused|denied|could not' | head -n 1)
  printf '%s' "${line:-$(printf '%s\n' "$1" | grep -v '^[[:space:]]*$' | head -n 1)}" | cut -c1-300
}

conninfo="host=$(quote "$peer_host") port=$peer_port user=$(quote "$user") connect_timeout=10"

# The last gp_dbid setting of a file, without quotes or blanks.
dbid_in() {
  sed -n 's/^[[:space:]]*gp_dbid[[:space:]]*=[[:space:]]*//p' "$1" 2>/dev/null \
    | tr -d "'\" \r" | tail -n 1
}

# The newest timeline the directory has been on: its control file's, or a newer one a promotion
# wrote a history file for before its first checkpoint.
timeline_of_dir() {
  local tl h n
  tl=$(pg_controldata "$dir" 2>/dev/null | sed -n "s/^Latest checkpoint's TimeLineID:[[:space:]]*//p")
  tl=${tl:-0}
  for h in "$dir"/pg_wal/*.history "$dir"/pg_xlog/*.history; do
    [ -e "$h" ] || continue
    n=${h##*/}
    n=$((16#${n%.history}))
    [ "$n" -gt "$tl" ] && tl=$n
  done
  echo "$tl"
}

# What the peer is at this moment: "primary TIMELINE" (it accepts a session and is not in
# recovery), "down WHY" (nothing answers), "standby WHY" (it answers that it does not accept
# sessions: a mirror, or an instance starting or stopping), "unknown WHY" (it answers, but not to
# us: pg_hba.conf, a password).
peer_state() {
  local out sql
  if [ "$standby" = recovery.conf ]; then
    sql="SELECT CASE WHEN pg_is_in_recovery() THEN 'standby' ELSE 'primary ' || substr(pg_xlogfile_name(pg_current_xlog_location()), 1, 8) END"
  else
    sql="SELECT CASE WHEN pg_is_in_recovery() THEN 'standby' ELSE 'primary ' || substr(pg_walfile_name(pg_current_wal_lsn()), 1, 8) END"
  fi
  if out=$(PGOPTIONS="$utility" psql -w "$conninfo dbname=template1" -XAtc "$sql" 2>&1); then
    case "$out" in
      "primary "*) echo "primary $((16#${out#primary }))" ;;
      *) echo "standby it answers as a standby" ;;
    esac
    return
  fi
  case "$out" in
    *"Connection refused"* | *"No such file or directory"* | *"timeout expired"* | *"No route to host"* \
      | *"could not translate host name"*)
      echo "down $(words "$out")" ;;
    *"starting up"* | *"in recovery mode"* | *"not accepting connections"* | *"shutting down"* \
      | *"not yet accepting connections"*)
      echo "standby $(words "$out")" ;;
    *) echo "unknown $(words "$out")" ;;
  esac
}

# This dbid's role in the catalog, as the operator last read it.
catalog_role() {
  local role=""
  [ -n "$role_file" ] && [ -r "$role_file" ] && role=$(tr -d ' \n\r' <"$role_file")
  case "$role" in
    primary | mirror) echo "$role" ;;
    *) [ "$acting" = true ] && echo primary || echo mirror ;;
  esac
}

# Turns a directory that ran as a primary into a mirror of the peer, which runs as a primary on
# timeline $1 (newer than the directory's $2).
rewind() {
  local tl=$1 mine=$2 status
  local source="$conninfo dbname=template1 application_name=gpmirrors_rewind"
  # Nothing of the target changes in a dry run; it fails as the rewind would for rights the role
  # lacks, a cluster without checksums or wal_log_hints, a source it cannot read.
  PGOPTIONS="$utility" pg_rewind --dry-run --source-server="$source" --target-pgdata="$dir" \
    --progress >"$log" 2>&1
  status=$?
  if [ "$status" -ne 0 ]; then
    report "failed: pg_rewind --dry-run against $peer exited $status, nothing was changed: $(words "$(cat "$log")")"
    exit 1
  fi
  if grep -q 'same timeline' "$log"; then
    # Right after a promotion the source's control file still names the old timeline: a rewind
    # now would do nothing and the mirror would not start (operator-failover-rebalance, rule 3).
    report "waiting: $peer runs as a primary on timeline $tl, but its last checkpoint is older than its promotion: rewound once it has written one"
    exit 4
  fi
  printf 'source=%s timeline=%s\n' "$peer" "$tl" >"$rewinding" && sync "$rewinding"
  PGOPTIONS="$utility" pg_rewind --write-recovery-conf --slot=internal_wal_replication_slot \
    --source-server="$source" --target-pgdata="$dir" --progress 2>&1 | tee "$log"
  status=${PIPESTATUS[0]}
  if [ "$status" -ne 0 ]; then
    report "failed: pg_rewind exited $status: $(words "$(cat "$log")") (the directory is copied in full at the next start)"
    exit "$status"
  fi
  rm -f "$rewinding"
  chmod 0700 "$dir"
  report "rewound: dbid=$dbid is a mirror of $peer again (timeline $mine to $tl)"
  exit 0
}

# A directory that ran as a primary, with gp_dbid $1: started, rewound, copied in full (returns,
# with $why set) or left alone, from what the catalog and the peer say now.
ran_as_primary() {
  local found=$1 state tl mine role
  if [ "$found" != "$dbid" ]; then
    report "promoted: $dir has no $standby: it ran as a primary with gp_dbid=${found:-unknown}, not $dbid; not copied, not wiped, not started"
    exit 3
  fi
  mine=$(timeline_of_dir)
  role=$(catalog_role)
  state=$(peer_state)
  case "$state" in
    primary\ *)
      tl=${state#primary }
      if [ "$tl" -le "$mine" ]; then
        report "promoted: $dir ran as a primary (timeline $mine) and $peer runs as a primary on timeline $tl, not newer: neither started nor rewound, so that two primaries never run and nothing newer is overwritten; the older of the two must be stopped"
        exit 3
      fi
      if [ "$(cat "$marker")" != "$copy" ]; then
        why="it ran as a primary, $peer is the primary on a newer timeline ($tl, this $mine), and a full copy was asked"
        return
      fi
      if [ "$may_rewind" = true ]; then
        rewind "$tl" "$mine"
      fi
      report "promoted: $dir ran as a primary (timeline $mine); $peer is the primary on timeline $tl: it must be rewound into a mirror (recovery.automatic is off), not started"
      exit 3
      ;;
    down\ * | standby\ *)
      if [ "$role" = primary ]; then
        chmod 0700 "$dir"
        report "kept: dbid=$dbid acts as primary; its directory is started as it is ($peer does not run as a primary: ${state#* })"
        exit 0
      fi
      report "promoted: $dir ran as a primary and the catalog says dbid=$dbid is the mirror, but $peer does not run as a primary (${state#* }): not started, not rewound until a primary runs"
      exit 3
      ;;
    *)
      report "promoted: $dir ran as a primary; whether $peer runs as a primary cannot be told (${state#* }): not started, not rewound"
      exit 3
      ;;
  esac
}

if [ -e "$aside" ]; then
  echo "gpmirrors: removing $aside, left by a wipe that did not finish"
  rm -rf "$aside" || { report "failed: cannot remove $aside"; exit 1; }
fi

why=""
if [ -e "$rewinding" ]; then
  why="a rewind began ($(tr '\n' ' ' <"$rewinding" | sed 's/ *$//')) and did not finish"
elif [ -e "$dir/PG_VERSION" ] && [ -f "$marker" ]; then
  found=$(dbid_in "$dir/internal.auto.conf")
  if [ ! -e "$dir/$standby" ] && [ ! -e "$dir/backup_label" ]; then
    ran_as_primary "$found"
  elif [ "$(cat "$marker")" != "$copy" ]; then
    why="the completed copy is of $(cat "$marker"), not $copy"
  elif [ "$found" != "$dbid" ]; then
    why="internal.auto.conf says gp_dbid=${found:-nothing}, not $dbid"
  else
    chmod 0700 "$dir"
    report "kept: complete copy of $copy"
    exit 0
  fi
elif [ -e "$dir/PG_VERSION" ]; then
  why="no completion marker (a base backup that did not finish)"
elif [ -n "$(ls -A "$dir" 2>/dev/null)" ]; then
  why="no PG_VERSION (a base backup that did not finish)"
fi

if [ -n "$why" ] && [ -e "$dir" ]; then
  # Nothing is deleted unless the primary answers now: it may hold the only other copy, or none.
  if ! out=$(psql -w "$conninfo dbname=replication replication=true" -XAtc IDENTIFY_SYSTEM 2>&1); then
    report "waiting: the primary $peer does not answer a replication connection ($(words "$out")): $dir is kept as it is ($why)"
    exit 4
  fi
  echo "gpmirrors: wiping $dir: $why"
  mv "$dir" "$aside" && sync "${dir%/*}" || { report "failed: cannot move $dir aside"; exit 1; }
fi
rm -f "$marker" "$rewinding"
rm -rf "$aside" || { report "failed: cannot remove $aside"; exit 1; }

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
  report "failed: pg_basebackup exited $status: $(words "$(grep -iE 'error|fatal|unrecognized' "$log" | tail -n 1)
$(tail -n 1 "$log")")"
  exit "$status"
fi
chmod 0700 "$dir"
printf '%s\n' "$copy" >"$marker.tmp" && sync "$marker.tmp" && mv "$marker.tmp" "$marker" \
  && sync "${dir%/*}" || { report "failed: cannot write the completion marker $marker"; exit 1; }
# The copy's size, as pg_basebackup's last progress line gave it ("DONE/TOTAL kB"): the operator
# records it on the volume claim and shows it beside a planned move (what the move would copy).
size=$(tr '\r' '\n' <"$log" | grep -oE '[0-9]+/[0-9]+ kB' | tail -n 1 | sed 's|.*/||')
said="$size${size:+${why:+; }}${why:+wiped first: $why}"
report "copied: $copy${said:+ ($said)}"
