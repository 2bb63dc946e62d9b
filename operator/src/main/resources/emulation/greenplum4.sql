-- Emulation of the Greenplum 4.3/5 catalog objects the operator reads, on PostgreSQL, shaped as
-- the seed's dumps (fixtures/gp43-seed): gp_segment_configuration with replication_port and
-- san_mounts, data directories in pg_filespace_entry. Read-only for the operator: 4.3/5 mirrors
-- are added with gpaddmirrors -i from the plan gpmirrors writes.
CREATE SCHEMA gp_emulation;

CREATE TABLE gp_emulation.settings (name text PRIMARY KEY, value text NOT NULL);
INSERT INTO gp_emulation.settings VALUES
  ('version', 'PostgreSQL 8.2.15 (Greenplum Database 4.3.6.1 build 2) on x86_64-unknown-linux-gnu, compiled by GCC gcc (GCC) 4.4.2 compiled on Sep 23 2015 20:53:31');

CREATE FUNCTION gp_emulation.version() RETURNS text LANGUAGE sql STABLE
  AS $$ SELECT value FROM gp_emulation.settings WHERE name = 'version' $$;

CREATE TABLE gp_emulation.gp_segment_configuration (
  dbid smallint NOT NULL,
  content smallint NOT NULL,
  role "char" NOT NULL,
  preferred_role "char" NOT NULL,
  mode "char" NOT NULL,
  status "char" NOT NULL,
  port integer NOT NULL,
  hostname text,
  address text,
  replication_port integer,
  san_mounts int2vector
);
CREATE UNIQUE INDEX gp_segment_config_content_preferred_role_index
  ON gp_emulation.gp_segment_configuration (content, preferred_role);
CREATE UNIQUE INDEX gp_segment_config_dbid_index ON gp_emulation.gp_segment_configuration (dbid);

CREATE TABLE gp_emulation.pg_filespace_entry (
  fsefsoid oid NOT NULL,
  fsedbid smallint NOT NULL,
  fselocation text
);
