package io.greenplum.mirrors.catalog;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

/**
 * Opens a JDBC connection to one segment instance (a primary), in the utility mode the properties
 * ask for. The operator connects to primaries only to create (Greenplum 6) and drop their
 * replication slot, as gpaddmirrors and a DBA do (operator-steps-on-real-cluster.txt, step 9).
 */
@FunctionalInterface
public interface SegmentConnector {
  /** The database a utility connection opens on a segment, as Greenplum's utilities use it. */
  String DATABASE = "template1";

  Connection connect(String host, int port, Properties properties) throws SQLException;

  /** The real thing: the PostgreSQL driver to host:port/template1. */
  static SegmentConnector jdbc() {
    return (host, port, properties) -> {
      String h = host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
      return DriverManager.getConnection(
          "jdbc:postgresql://" + h + ":" + port + "/" + DATABASE, properties);
    };
  }
}
