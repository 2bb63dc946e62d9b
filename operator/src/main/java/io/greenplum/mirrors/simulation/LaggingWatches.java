package io.greenplum.mirrors.simulation;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.http.AsyncBody;
import io.fabric8.kubernetes.client.http.HttpClient;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import io.fabric8.kubernetes.client.http.Interceptor;
import io.fabric8.kubernetes.client.http.TlsVersion;
import io.fabric8.kubernetes.client.http.WebSocket;
import io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientFactory;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManager;
import javax.net.ssl.TrustManager;

/**
 * SIMULATION. A stale cache, made possible: the HTTP client of the operator under test, whose
 * MirrorSet watches deliver every event only once {@code behind} newer ones have arrived (or after
 * {@link #MAX_AGE}, as a slow API server or a busy informer would catch up), so that the operator's
 * informer, and each pass it starts, sees the MirrorSet that many writes late. It also refuses
 * chosen reads of the operator, as the API server does while a GitOps sync replaces the operator's
 * Role ({@link #failReads}): they are sent to {@link #FAILING_PATH}, which the mock server answers
 * with 403, a code the client does not retry by itself. Everything else goes through unchanged
 * (fabric8's JDK HTTP client).
 */
public final class LaggingWatches implements HttpClient.Factory {
  /** An event held this long is delivered even when no newer one came. */
  public static final Duration MAX_AGE = Duration.ofSeconds(3);

  private final HttpClient.Factory real = new JdkHttpClientFactory();
  private final ScheduledExecutorService releases =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "lagging-watches");
            t.setDaemon(true);
            return t;
          });

  /** Where a refused read goes: the mock server answers it 403 (SimulatedEnvironment). */
  public static final String FAILING_PATH = "/simulated-faults/forbidden";

  private volatile int behind;

  /** The path whose GETs fail, how many more of them fail, and how many failed so far. */
  private volatile String failingPath;

  private final java.util.concurrent.atomic.AtomicInteger failuresLeft =
      new java.util.concurrent.atomic.AtomicInteger();
  private final java.util.concurrent.atomic.AtomicInteger failed =
      new java.util.concurrent.atomic.AtomicInteger();

  /** The next {@code times} GETs of {@code path} by the operator are refused with 403. */
  public void failReads(String path, int times) {
    failed.set(0);
    failingPath = path;
    failuresLeft.set(times);
  }

  /** How many reads {@link #failReads} has failed so far. */
  public int failedReads() {
    return failed.get();
  }

  /** The request to send instead: one that fails, while reads of the failing path are to fail. */
  private HttpRequest route(HttpRequest request) {
    if (failingPath != null
        && "GET".equals(request.method())
        && failingPath.equals(request.uri().getPath())
        && request instanceof io.fabric8.kubernetes.client.http.StandardHttpRequest standard
        && failuresLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
      failed.incrementAndGet();
      return standard.newBuilder().uri(request.uri().resolve(FAILING_PATH)).build();
    }
    return request;
  }

  private final java.util.concurrent.atomic.AtomicInteger delayed =
      new java.util.concurrent.atomic.AtomicInteger();

  /**
   * From now on, MirrorSet watch events reach the operator {@code writes} events late (0: none).
   */
  public void behind(int writes) {
    behind = writes;
  }

  /** How many events were delivered late so far. */
  public int delayed() {
    return delayed.get();
  }

  @Override
  public HttpClient.Builder newBuilder() {
    return new Builder(real.newBuilder());
  }

  @Override
  public HttpClient.Builder newBuilder(Config config) {
    return new Builder(real.newBuilder(config));
  }

  private HttpClient wrap(HttpClient client) {
    return new Client(client);
  }

  /** The events of one watch, in order; those not yet due wait here. */
  private final class Lagging implements WebSocket.Listener {
    private final WebSocket.Listener downstream;
    private final ArrayDeque<Object[]> held = new ArrayDeque<>();

    Lagging(WebSocket.Listener downstream) {
      this.downstream = downstream;
    }

    @Override
    public void onOpen(WebSocket ws) {
      downstream.onOpen(ws);
    }

    @Override
    public void onMessage(WebSocket ws, String text) {
      Object[] event = {text};
      synchronized (this) {
        if (behind == 0 && held.isEmpty()) {
          downstream.onMessage(ws, text);
          return;
        }
        held.add(event);
        delayed.incrementAndGet();
        // The next message is asked for here; the watch asks again with each delivery.
        ws.request();
        while (held.size() > behind) {
          downstream.onMessage(ws, (String) held.poll()[0]);
        }
      }
      releases.schedule(() -> releaseUpTo(ws, event), MAX_AGE.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Delivers {@code event}, and the older ones before it, if still held. */
    private synchronized void releaseUpTo(WebSocket ws, Object[] event) {
      if (!held.contains(event)) {
        return;
      }
      Object[] next;
      do {
        next = held.poll();
        downstream.onMessage(ws, (String) next[0]);
      } while (next != event);
    }

    @Override
    public void onMessage(WebSocket ws, ByteBuffer bytes) {
      downstream.onMessage(ws, bytes);
    }

    @Override
    public void onClose(WebSocket ws, int code, String reason) {
      downstream.onClose(ws, code, reason);
    }

    @Override
    public void onError(WebSocket ws, Throwable error) {
      downstream.onError(ws, error);
    }
  }

  private final class SocketBuilder implements WebSocket.Builder {
    private final WebSocket.Builder real;
    private URI uri;

    SocketBuilder(WebSocket.Builder real) {
      this.real = real;
    }

    @Override
    public CompletableFuture<WebSocket> buildAsync(WebSocket.Listener listener) {
      boolean mirrorSets = uri != null && uri.getPath().endsWith("/mirrorsets");
      return real.buildAsync(mirrorSets ? new Lagging(listener) : listener);
    }

    @Override
    public WebSocket.Builder subprotocol(String protocol) {
      real.subprotocol(protocol);
      return this;
    }

    @Override
    public WebSocket.Builder header(String name, String value) {
      real.header(name, value);
      return this;
    }

    @Override
    public WebSocket.Builder setHeader(String name, String value) {
      real.setHeader(name, value);
      return this;
    }

    @Override
    public WebSocket.Builder uri(URI target) {
      this.uri = target;
      real.uri(target);
      return this;
    }

    @Override
    public WebSocket.Builder connectTimeout(long timeout, TimeUnit unit) {
      real.connectTimeout(timeout, unit);
      return this;
    }
  }

  private final class Client implements HttpClient {
    private final HttpClient real;

    Client(HttpClient real) {
      this.real = real;
    }

    @Override
    public void close() {
      real.close();
    }

    @Override
    public DerivedClientBuilder newBuilder() {
      return new Derived(real.newBuilder());
    }

    @Override
    public <T> CompletableFuture<HttpResponse<T>> sendAsync(HttpRequest request, Class<T> type) {
      return real.sendAsync(route(request), type);
    }

    @Override
    public CompletableFuture<HttpResponse<AsyncBody>> consumeBytes(
        HttpRequest request, AsyncBody.Consumer<List<ByteBuffer>> consumer) {
      return real.consumeBytes(route(request), consumer);
    }

    @Override
    public WebSocket.Builder newWebSocketBuilder() {
      return new SocketBuilder(real.newWebSocketBuilder());
    }

    @Override
    public HttpRequest.Builder newHttpRequestBuilder() {
      return real.newHttpRequestBuilder();
    }

    @Override
    public boolean isClosed() {
      return real.isClosed();
    }
  }

  private final class Derived implements HttpClient.DerivedClientBuilder {
    private final HttpClient.DerivedClientBuilder real;

    Derived(HttpClient.DerivedClientBuilder real) {
      this.real = real;
    }

    @Override
    public HttpClient build() {
      return wrap(real.build());
    }

    @Override
    public HttpClient.DerivedClientBuilder addOrReplaceInterceptor(String name, Interceptor i) {
      real.addOrReplaceInterceptor(name, i);
      return this;
    }

    @Override
    public HttpClient.DerivedClientBuilder authenticatorNone() {
      real.authenticatorNone();
      return this;
    }

    @Override
    public HttpClient.DerivedClientBuilder tag(Object tag) {
      real.tag(tag);
      return this;
    }
  }

  private final class Builder implements HttpClient.Builder {
    private final HttpClient.Builder real;

    Builder(HttpClient.Builder real) {
      this.real = real;
    }

    @Override
    public HttpClient build() {
      return wrap(real.build());
    }

    @Override
    public HttpClient.Builder connectTimeout(long timeout, TimeUnit unit) {
      real.connectTimeout(timeout, unit);
      return this;
    }

    @Override
    public HttpClient.Builder addOrReplaceInterceptor(String name, Interceptor interceptor) {
      real.addOrReplaceInterceptor(name, interceptor);
      return this;
    }

    @Override
    public HttpClient.Builder authenticatorNone() {
      real.authenticatorNone();
      return this;
    }

    @Override
    public HttpClient.Builder tag(Object tag) {
      real.tag(tag);
      return this;
    }

    @Override
    public HttpClient.Builder sslContext(KeyManager[] keys, TrustManager[] trust) {
      real.sslContext(keys, trust);
      return this;
    }

    @Override
    public HttpClient.Builder followAllRedirects() {
      real.followAllRedirects();
      return this;
    }

    @Override
    public HttpClient.Builder proxyAddress(InetSocketAddress address) {
      real.proxyAddress(address);
      return this;
    }

    @Override
    public HttpClient.Builder proxyAuthorization(String credentials) {
      real.proxyAuthorization(credentials);
      return this;
    }

    @Override
    public HttpClient.Builder tlsVersions(TlsVersion... versions) {
      real.tlsVersions(versions);
      return this;
    }

    @Override
    public HttpClient.Builder preferHttp11() {
      real.preferHttp11();
      return this;
    }

    @Override
    public HttpClient.Builder proxyType(HttpClient.ProxyType type) {
      real.proxyType(type);
      return this;
    }
  }
}
