-- Emulation of the Greenplum 6+/Cloudberry catalog objects the operator touches, on PostgreSQL.
-- Shapes, types, unique indexes and messages follow the captures of a real Greenplum 7 cluster
-- (fixtures/gp7-real: gp_segment_configuration.d.txt, functions.txt, function-errors.txt,
-- gp_stat_replication.definition.txt, history-insert-permission.txt). Objects live in schema
-- gp_emulation, which comes before pg_catalog in the database's search_path, so unqualified
-- names (and version()) resolve to them as they resolve to pg_catalog's on a coordinator.
CREATE SCHEMA gp_emulation;

CREATE TABLE gp_emulation.settings (name text PRIMARY KEY, value text NOT NULL);
INSERT INTO gp_emulation.settings VALUES
  ('version', 'PostgreSQL 12.12 (Greenplum Database 7.1.0 build commit:emulated) on x86_64-pc-linux-gnu'),
  ('fts_probe_delay_ms', '0'),
  ('fts_mark_mirror_down_grace_period_s', '30');

CREATE FUNCTION gp_emulation.setting(text) RETURNS text LANGUAGE sql STABLE
  AS $$ SELECT value FROM gp_emulation.settings WHERE name = $1 $$;

CREATE FUNCTION gp_emulation.version() RETURNS text LANGUAGE sql STABLE
  AS $$ SELECT gp_emulation.setting('version') $$;

CREATE TABLE gp_emulation.gp_segment_configuration (
  dbid smallint NOT NULL,
  content smallint NOT NULL,
  role "char" NOT NULL,
  preferred_role "char" NOT NULL,
  mode "char" NOT NULL,
  status "char" NOT NULL,
  port integer NOT NULL,
  hostname text COLLATE "C",
  address text COLLATE "C",
  datadir text COLLATE "C"
);
CREATE UNIQUE INDEX gp_segment_config_content_preferred_role_index
  ON gp_emulation.gp_segment_configuration (content, preferred_role);
CREATE UNIQUE INDEX gp_segment_config_dbid_index ON gp_emulation.gp_segment_configuration (dbid);

CREATE TABLE gp_emulation.gp_configuration_history (
  "time" timestamp with time zone NOT NULL,
  dbid smallint NOT NULL,
  "desc" text COLLATE "C"
);

-- System catalogs: writable only with allow_system_table_mods (or from the emulated functions,
-- which are C code on a real coordinator and carry gp_emulation.internal).
CREATE FUNCTION gp_emulation.system_catalog_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF current_setting('allow_system_table_mods') <> 'on'
     AND coalesce(current_setting('gp_emulation.internal', true), '') <> 'on' THEN
    RAISE EXCEPTION 'permission denied: "%" is a system catalog', TG_TABLE_NAME
      USING ERRCODE = '42501';
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER system_catalog BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE
  ON gp_emulation.gp_segment_configuration
  FOR EACH STATEMENT EXECUTE FUNCTION gp_emulation.system_catalog_guard();
CREATE TRIGGER system_catalog BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE
  ON gp_emulation.gp_configuration_history
  FOR EACH STATEMENT EXECUTE FUNCTION gp_emulation.system_catalog_guard();

-- Mirrors for only some contents crashed a real coordinator (partial-mirroring-crash.txt): the
-- emulation refuses to commit that state, so a test catches any code path that would reach it.
CREATE FUNCTION gp_emulation.partial_mirroring_guard() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  mirrored int[];
  unmirrored int[];
BEGIN
  IF coalesce(current_setting('gp_emulation.allow_partial_mirroring', true), '') = 'on' THEN
    RETURN NULL;
  END IF;
  SELECT array_agg(p.content ORDER BY p.content) FILTER (WHERE m.dbid IS NOT NULL),
         array_agg(p.content ORDER BY p.content) FILTER (WHERE m.dbid IS NULL)
    INTO mirrored, unmirrored
    FROM gp_emulation.gp_segment_configuration p
    LEFT JOIN gp_emulation.gp_segment_configuration m
      ON m.content = p.content AND m.preferred_role = 'm'
   WHERE p.content >= 0 AND p.preferred_role = 'p';
  IF mirrored IS NOT NULL AND unmirrored IS NOT NULL THEN
    RAISE EXCEPTION 'partial mirroring: content(s) % have a mirror and content(s) % do not; a real Greenplum 7 coordinator crashed (SIGSEGV) on the next query in this state',
      mirrored, unmirrored USING ERRCODE = 'XX000';
  END IF;
  RETURN NULL;
END $$;
CREATE CONSTRAINT TRIGGER partial_mirroring AFTER INSERT OR UPDATE OR DELETE
  ON gp_emulation.gp_segment_configuration DEFERRABLE INITIALLY DEFERRED
  FOR EACH ROW EXECUTE FUNCTION gp_emulation.partial_mirroring_guard();

CREATE FUNCTION gp_emulation.require_superuser(text) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  IF NOT (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) THEN
    RAISE EXCEPTION 'must be superuser to call %', $1 USING ERRCODE = '42501';
  END IF;
END $$;

CREATE FUNCTION gp_emulation.check_new_mirror(smallint) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM gp_emulation.gp_segment_configuration WHERE content = $1) THEN
    RAISE EXCEPTION 'contentid % does not point to an existing segment (segadmin.c:335)', $1
      USING ERRCODE = 'XX000';
  END IF;
  IF EXISTS (SELECT 1 FROM gp_emulation.gp_segment_configuration
              WHERE content = $1 AND preferred_role = 'm') THEN
    RAISE EXCEPTION 'segment already has a mirror defined (segadmin.c:342)' USING ERRCODE = 'XX000';
  END IF;
END $$;

-- gp_add_segment(dbid, content, role, preferred_role, mode, status, port, hostname, address, datadir)
CREATE FUNCTION gp_emulation.gp_add_segment(smallint, smallint, "char", "char", "char", "char",
    integer, text, text, text) RETURNS smallint
  LANGUAGE plpgsql SET gp_emulation.internal = 'on' AS $$
BEGIN
  PERFORM gp_emulation.require_superuser('gp_add_segment');
  RAISE NOTICE 'mode is changed to GP_SEGMENT_CONFIGURATION_MODE_NOTINSYNC under walrep.';
  IF $4 = 'm' THEN
    PERFORM gp_emulation.check_new_mirror($2);
  END IF;
  INSERT INTO gp_emulation.gp_segment_configuration
    VALUES ($1, $2, $3, $4, 'n', $6, $7, $8, $9, $10);
  RETURN $1;
END $$;

-- gp_add_segment_mirror(content, hostname, address, port, datadir): picks the lowest free dbid
CREATE FUNCTION gp_emulation.gp_add_segment_mirror(smallint, text, text, integer, text)
  RETURNS smallint LANGUAGE plpgsql SET gp_emulation.internal = 'on' AS $$
DECLARE
  new_dbid smallint;
BEGIN
  PERFORM gp_emulation.require_superuser('gp_add_segment_mirror');
  PERFORM gp_emulation.check_new_mirror($1);
  SELECT min(d) INTO new_dbid
    FROM generate_series(1, (SELECT max(dbid) + 1 FROM gp_emulation.gp_segment_configuration)) d
   WHERE d NOT IN (SELECT dbid FROM gp_emulation.gp_segment_configuration);
  INSERT INTO gp_emulation.gp_segment_configuration
    VALUES (new_dbid, $1, 'm', 'm', 'n', 'd', $4, $2, $3, $5);
  RETURN new_dbid;
END $$;

-- gp_remove_segment_mirror(content): removes the row whose current role is m, whatever its status
CREATE FUNCTION gp_emulation.gp_remove_segment_mirror(smallint) RETURNS boolean
  LANGUAGE plpgsql SET gp_emulation.internal = 'on' AS $$
BEGIN
  PERFORM gp_emulation.require_superuser('gp_remove_segment_mirror');
  DELETE FROM gp_emulation.gp_segment_configuration WHERE content = $1 AND role = 'm';
  IF NOT FOUND THEN
    RAISE EXCEPTION 'no dbid for contentid % (segadmin.c:590)', $1 USING ERRCODE = 'XX000';
  END IF;
  RETURN true;
END $$;

-- The WAL senders of the primaries, as the segments would report them.
CREATE TABLE gp_emulation.walsenders (
  gp_segment_id integer NOT NULL,
  pid integer,
  usesysid oid,
  usename name,
  application_name text,
  client_addr inet,
  client_hostname text,
  client_port integer,
  backend_start timestamp with time zone,
  backend_xmin xid,
  state text,
  sent_lsn pg_lsn,
  write_lsn pg_lsn,
  flush_lsn pg_lsn,
  replay_lsn pg_lsn,
  write_lag interval,
  flush_lag interval,
  replay_lag interval,
  sync_priority integer,
  sync_state text,
  reply_time timestamp with time zone
);

-- Mirror processes as FTS would find them: stopped_at set when a mirror stops.
CREATE TABLE gp_emulation.mirror_processes (
  content smallint PRIMARY KEY,
  stopped_at timestamp with time zone
);

-- Acting primaries that stopped and that FTS has not replaced yet (stopped_at set).
CREATE TABLE gp_emulation.primary_processes (
  content smallint PRIMARY KEY,
  stopped_at timestamp with time zone
);

-- A dispatched query fails while a segment is down and FTS has not acted yet
-- (query-error.primary-down.txt); gp_stat_replication dispatches to every segment.
INSERT INTO gp_emulation.settings VALUES ('segment_down_for_dispatch', 'off');
CREATE FUNCTION gp_emulation.dispatch_check() RETURNS boolean LANGUAGE plpgsql STABLE AS $$
BEGIN
  IF gp_emulation.setting('segment_down_for_dispatch') = 'on'
     OR EXISTS (SELECT 1 FROM gp_emulation.primary_processes WHERE stopped_at IS NOT NULL) THEN
    RAISE EXCEPTION 'failed to acquire resources on one or more segments'
      USING DETAIL = 'FTS detected one or more segments are down', ERRCODE = 'XX000';
  END IF;
  RETURN true;
END $$;

-- One row per mirrored content: its walsenders, or a row with only gp_segment_id and sync_error.
CREATE VIEW gp_emulation.gp_stat_replication AS
SELECT c.content::integer AS gp_segment_id, w.pid, w.usesysid, w.usename, w.application_name,
       w.client_addr, w.client_hostname, w.client_port, w.backend_start, w.backend_xmin, w.state,
       w.sent_lsn, w.write_lsn, w.flush_lsn, w.replay_lsn, w.write_lag, w.flush_lag,
       w.replay_lag, w.sync_priority, w.sync_state, w.reply_time, 'none'::text AS sync_error
  FROM (SELECT DISTINCT content FROM gp_emulation.gp_segment_configuration
         WHERE content >= 0 AND preferred_role = 'm') c
  LEFT JOIN gp_emulation.walsenders w ON w.gp_segment_id = c.content
 WHERE gp_emulation.dispatch_check();

-- FTS: a stopped acting primary is replaced by its in-sync mirror; a pair whose mirror streams is
-- marked in sync (primary turns on synchronous replication); a down mirror catching up is marked
-- up; a mirror stopped for longer than the grace period is marked down and its primary not in sync.
CREATE FUNCTION gp_emulation.fts_probe() RETURNS void
  LANGUAGE plpgsql SET gp_emulation.internal = 'on' AS $$
DECLARE
  pair record;
BEGIN
  -- A stopped acting primary whose mirror is in sync: the mirror is promoted (05-roles-switched,
  -- 06-rebalanced: the old primary m/n/d, the promoted mirror p/n/u).
  FOR pair IN
    SELECT p.dbid AS pdbid, m.dbid AS mdbid, p.content
      FROM gp_emulation.gp_segment_configuration p
      JOIN gp_emulation.gp_segment_configuration m ON m.content = p.content AND m.role = 'm'
      JOIN gp_emulation.primary_processes pp ON pp.content = p.content
     WHERE p.role = 'p' AND p.content >= 0 AND pp.stopped_at IS NOT NULL
       AND m.mode = 's' AND m.status = 'u'
  LOOP
    UPDATE gp_emulation.gp_segment_configuration SET role = 'm', mode = 'n', status = 'd'
     WHERE dbid = pair.pdbid;
    UPDATE gp_emulation.gp_segment_configuration SET role = 'p', mode = 'n', status = 'u'
     WHERE dbid = pair.mdbid;
    DELETE FROM gp_emulation.walsenders WHERE gp_segment_id = pair.content;
    DELETE FROM gp_emulation.primary_processes WHERE content = pair.content;
    INSERT INTO gp_emulation.mirror_processes VALUES (pair.content, now())
      ON CONFLICT (content) DO UPDATE SET stopped_at = EXCLUDED.stopped_at;
    PERFORM gp_emulation.fts_history(pair.pdbid, pair.content, 'm', 'd', 'n');
    PERFORM gp_emulation.fts_history(pair.mdbid, pair.content, 'p', 'u', 'n');
  END LOOP;
  FOR pair IN
    SELECT p.dbid AS pdbid, m.dbid AS mdbid, p.content, p.mode AS pmode, m.mode AS mmode,
           m.status AS mstatus,
           EXISTS (SELECT 1 FROM gp_emulation.walsenders w
                    WHERE w.gp_segment_id = p.content AND w.application_name = 'gp_walreceiver'
                      AND w.state = 'streaming') AS streaming,
           EXISTS (SELECT 1 FROM gp_emulation.walsenders w
                    WHERE w.gp_segment_id = p.content AND w.application_name = 'gp_walreceiver'
                      AND w.state = 'catchup') AS catchup,
           (SELECT mp.stopped_at FROM gp_emulation.mirror_processes mp
             WHERE mp.content = p.content) AS stopped_at
      FROM gp_emulation.gp_segment_configuration p
      JOIN gp_emulation.gp_segment_configuration m ON m.content = p.content AND m.role = 'm'
     WHERE p.role = 'p' AND p.content >= 0
     ORDER BY p.content DESC
  LOOP
    IF pair.streaming AND (pair.pmode <> 's' OR pair.mmode <> 's' OR pair.mstatus <> 'u') THEN
      UPDATE gp_emulation.gp_segment_configuration SET mode = 's', status = 'u'
       WHERE dbid IN (pair.pdbid, pair.mdbid);
      UPDATE gp_emulation.walsenders SET sync_priority = 1, sync_state = 'sync',
             write_lag = NULL, flush_lag = NULL, replay_lag = NULL
       WHERE gp_segment_id = pair.content AND application_name = 'gp_walreceiver';
      PERFORM gp_emulation.fts_history(pair.pdbid, pair.content, 'p', 'u', 's');
      PERFORM gp_emulation.fts_history(pair.mdbid, pair.content, 'm', 'u', 's');
    ELSIF pair.catchup AND pair.mstatus = 'd' THEN
      -- A down mirror connected and catching up is up, not in sync yet (the rewound old
      -- primary: m/u/n, then s 0.1 s later once it streamed; gp_configuration_history.txt).
      UPDATE gp_emulation.gp_segment_configuration SET mode = 'n', status = 'u'
       WHERE dbid = pair.mdbid;
      PERFORM gp_emulation.fts_history(pair.mdbid, pair.content, 'm', 'u', 'n');
    ELSIF NOT pair.streaming AND pair.mstatus = 'u' AND pair.stopped_at IS NOT NULL
          AND now() - pair.stopped_at
              > make_interval(secs => gp_emulation.setting('fts_mark_mirror_down_grace_period_s')::float8) THEN
      UPDATE gp_emulation.gp_segment_configuration SET mode = 'n' WHERE dbid = pair.pdbid;
      UPDATE gp_emulation.gp_segment_configuration SET mode = 'n', status = 'd'
       WHERE dbid = pair.mdbid;
      PERFORM gp_emulation.fts_history(pair.pdbid, pair.content, 'p', 'u', 'n');
      PERFORM gp_emulation.fts_history(pair.mdbid, pair.content, 'm', 'd', 'n');
    END IF;
  END LOOP;
END $$;

CREATE FUNCTION gp_emulation.fts_history(smallint, smallint, "char", "char", "char") RETURNS void
  LANGUAGE sql SET gp_emulation.internal = 'on' AS $$
  INSERT INTO gp_emulation.gp_configuration_history VALUES (clock_timestamp(), $1,
    format('FTS: update role, status, and mode for dbid %s with contentid %s to %s, %s, and %s',
           $1, $2, $3, $4, $5))
$$;

CREATE FUNCTION gp_emulation.gp_request_fts_probe_scan() RETURNS boolean
  LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_sleep(gp_emulation.setting('fts_probe_delay_ms')::float8 / 1000);
  PERFORM gp_emulation.fts_probe();
  RETURN true;
END $$;

-- pg_settings as the operator reads it: the coordinator's FTS settings (fts-gucs.txt) besides
-- PostgreSQL's own.
-- data_checksums and wal_log_hints are the emulated cluster's (gpinitsystem turns checksums on by
-- default), not those of the PostgreSQL that hosts the emulation.
INSERT INTO gp_emulation.settings VALUES ('data_checksums', 'on'), ('wal_log_hints', 'off');
CREATE VIEW gp_emulation.pg_settings AS
SELECT s.name::text AS name, s.setting, s.unit FROM pg_catalog.pg_settings s
 WHERE s.name NOT IN ('data_checksums', 'wal_log_hints')
UNION ALL
SELECT 'gp_fts_mark_mirror_down_grace_period', gp_emulation.setting('fts_mark_mirror_down_grace_period_s'), 's'
UNION ALL
SELECT name, value, NULL FROM gp_emulation.settings WHERE name IN ('data_checksums', 'wal_log_hints');

-- Replication slots of the primaries. A utility-mode session on a primary (the simulation's
-- segment connector sets gp_emulation.content) sees and changes that primary's slots, with the
-- functions and messages of PostgreSQL; the coordinator's own session sees none.
CREATE TABLE gp_emulation.replication_slots (
  content smallint NOT NULL,
  slot_name name NOT NULL,
  active boolean NOT NULL DEFAULT false,
  PRIMARY KEY (content, slot_name)
);

CREATE FUNCTION gp_emulation.session_content() RETURNS smallint LANGUAGE sql STABLE
  AS $$ SELECT coalesce(nullif(current_setting('gp_emulation.content', true), ''), '-1')::smallint $$;

CREATE VIEW gp_emulation.pg_replication_slots AS
SELECT slot_name, NULL::name AS plugin, 'physical'::text AS slot_type, active
  FROM gp_emulation.replication_slots WHERE content = gp_emulation.session_content();

CREATE FUNCTION gp_emulation.pg_create_physical_replication_slot(name, boolean,
    OUT slot_name name, OUT lsn pg_lsn)
  LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM gp_emulation.replication_slots r
              WHERE r.content = gp_emulation.session_content() AND r.slot_name = $1) THEN
    RAISE EXCEPTION 'replication slot "%" already exists', $1 USING ERRCODE = '42710';
  END IF;
  INSERT INTO gp_emulation.replication_slots VALUES (gp_emulation.session_content(), $1);
  slot_name := $1;
  lsn := '0/5000000';
END $$;

CREATE FUNCTION gp_emulation.pg_drop_replication_slot(name) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  in_use boolean;
BEGIN
  SELECT active INTO in_use FROM gp_emulation.replication_slots
   WHERE content = gp_emulation.session_content() AND slot_name = $1;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'replication slot "%" does not exist', $1 USING ERRCODE = '42704';
  END IF;
  IF in_use THEN
    RAISE EXCEPTION 'replication slot "%" is active', $1 USING ERRCODE = '55006';
  END IF;
  DELETE FROM gp_emulation.replication_slots
   WHERE content = gp_emulation.session_content() AND slot_name = $1;
END $$;

-- The emulated cluster's user tablespaces (CREATE TABLESPACE name LOCATION '...'): none after
-- gpinitsystem. pg_tablespace and pg_tablespace_location show them beside the hosting PostgreSQL's
-- own pg_default and pg_global.
CREATE TABLE gp_emulation.user_tablespaces (
  oid oid PRIMARY KEY,
  spcname name NOT NULL UNIQUE,
  location text NOT NULL
);
CREATE VIEW gp_emulation.pg_tablespace AS
SELECT t.oid, t.spcname FROM pg_catalog.pg_tablespace t
UNION ALL
SELECT u.oid, u.spcname FROM gp_emulation.user_tablespaces u;
CREATE FUNCTION gp_emulation.pg_tablespace_location(oid) RETURNS text LANGUAGE sql STABLE AS $$
  SELECT coalesce((SELECT location FROM gp_emulation.user_tablespaces WHERE oid = $1),
                  pg_catalog.pg_tablespace_location($1)) $$;
