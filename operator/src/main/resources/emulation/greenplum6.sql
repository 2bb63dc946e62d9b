-- The Greenplum 6 flavour of the 6+ emulation (DESIGN.md "Greenplum 6"; no real Greenplum 6
-- capture is in fixtures/): version() of a 9.4-based release, and gp_stat_replication with
-- PostgreSQL 9.4's column names (*_location where 7 says *_lsn, no lag or reply_time columns).
UPDATE gp_emulation.settings
   SET value = 'PostgreSQL 9.4.26 (Greenplum Database 6.26.1 build commit:emulated) on x86_64-unknown-linux-gnu, compiled by gcc (GCC) 6.4.0, 64-bit compiled on Mar 1 2024 00:00:00'
 WHERE name = 'version';

DROP VIEW gp_emulation.gp_stat_replication;
CREATE VIEW gp_emulation.gp_stat_replication AS
SELECT c.content::integer AS gp_segment_id, w.pid, w.usesysid, w.usename, w.application_name,
       w.client_addr, w.client_hostname, w.client_port, w.backend_start, w.backend_xmin, w.state,
       w.sent_lsn AS sent_location, w.write_lsn AS write_location,
       w.flush_lsn AS flush_location, w.replay_lsn AS replay_location,
       w.sync_priority, w.sync_state, 'none'::text AS sync_error
  FROM (SELECT DISTINCT content FROM gp_emulation.gp_segment_configuration
         WHERE content >= 0 AND preferred_role = 'm') c
  LEFT JOIN gp_emulation.walsenders w ON w.gp_segment_id = c.content
 WHERE gp_emulation.dispatch_check();
