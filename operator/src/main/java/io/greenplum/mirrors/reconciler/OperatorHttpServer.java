package io.greenplum.mirrors.reconciler;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.javaoperatorsdk.operator.Operator;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;

/**
 * /healthz (the operator started and every informer is healthy), /readyz (started: it reconciles,
 * or waits as a standby for the leader lease) and /metrics (Prometheus).
 */
final class OperatorHttpServer implements AutoCloseable {
  private final HttpServer server;

  private OperatorHttpServer(HttpServer server) {
    this.server = server;
  }

  static OperatorHttpServer start(int port, Operator operator, PrometheusMeterRegistry metrics)
      throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress(port), 0);
    server.createContext(
        "/healthz",
        exchange ->
            answer(
                exchange,
                () -> {
                  var info = operator.getRuntimeInfo();
                  return info.isStarted() && info.allEventSourcesAreHealthy() ? "ok" : null;
                }));
    server.createContext(
        "/readyz",
        exchange -> answer(exchange, () -> operator.getRuntimeInfo().isStarted() ? "ok" : null));
    server.createContext("/metrics", exchange -> answer(exchange, metrics::scrape));
    server.start();
    return new OperatorHttpServer(server);
  }

  int port() {
    return server.getAddress().getPort();
  }

  private static void answer(HttpExchange exchange, Supplier<String> body) throws IOException {
    String text;
    try {
      text = body.get();
    } catch (RuntimeException e) {
      text = null;
    }
    byte[] bytes = (text == null ? "not ready" : text).getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", "text/plain; charset=utf-8");
    exchange.sendResponseHeaders(text == null ? 503 : 200, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    server.stop(1);
  }
}
