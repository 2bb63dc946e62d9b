package io.greenplum.mirrors.catalog;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A listener on loopback that speaks just enough of the PostgreSQL protocol to ask a client for its
 * password, as a host an edit of coordinator.host points at would: it refuses TLS, answers the
 * startup message with a cleartext (or md5) password request, and records every byte the client
 * sends afterwards.
 */
public final class PasswordListener implements AutoCloseable {
  /** What the listener asks for: AuthenticationCleartextPassword (3) or AuthenticationMD5 (5). */
  public enum Ask {
    CLEARTEXT,
    MD5
  }

  private static final int SSL_REQUEST = 80877103;
  private static final int GSS_REQUEST = 80877104;

  private final ServerSocket socket;
  private final Ask ask;
  private final ByteArrayOutputStream received = new ByteArrayOutputStream();
  private final AtomicInteger connections = new AtomicInteger();
  private final Thread thread;

  public PasswordListener(Ask ask) throws IOException {
    this.ask = ask;
    this.socket = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
    this.thread = new Thread(this::serve, "password-listener");
    thread.setDaemon(true);
    thread.start();
  }

  public int port() {
    return socket.getLocalPort();
  }

  /** Connections the listener accepted. */
  public int connections() {
    return connections.get();
  }

  /** Everything clients sent after the password request, as text. */
  public synchronized String received() {
    return received.toString(StandardCharsets.ISO_8859_1);
  }

  private void serve() {
    while (!socket.isClosed()) {
      try (Socket client = socket.accept()) {
        connections.incrementAndGet();
        client.setSoTimeout(2000);
        converse(client);
      } catch (IOException e) {
        // closed, or the client hung up: wait for the next one
      }
    }
  }

  private void converse(Socket client) throws IOException {
    DataInputStream in = new DataInputStream(client.getInputStream());
    DataOutputStream out = new DataOutputStream(client.getOutputStream());
    while (true) {
      int length = in.readInt();
      int code = in.readInt();
      in.readFully(new byte[length - 8]);
      if (code == SSL_REQUEST || code == GSS_REQUEST) {
        out.writeByte('N');
        out.flush();
        continue;
      }
      break;
    }
    out.writeByte('R');
    if (ask == Ask.CLEARTEXT) {
      out.writeInt(8);
      out.writeInt(3);
    } else {
      out.writeInt(12);
      out.writeInt(5);
      out.write(new byte[] {1, 2, 3, 4});
    }
    out.flush();
    byte[] buffer = new byte[4096];
    try {
      for (int n; (n = in.read(buffer)) > 0; ) {
        synchronized (this) {
          received.write(buffer, 0, n);
        }
      }
    } catch (SocketTimeoutException e) {
      // the client sent nothing more
    }
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
