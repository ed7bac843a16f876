package io.keymint.venice;

import io.keymint.internal.Preload;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.Socket;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLSocket;
import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.ssl.DefaultClientTlsStrategy;
import org.apache.hc.client5.http.ssl.TlsSocketStrategy;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.http.protocol.HttpContext;
import org.apache.hc.core5.util.Timeout;

/**
 * Apache HttpClient 5 behind one method, {@link #execute}. One instance owns one connection pool;
 * the Venice client, the minter and the admin calls share it. HttpClient's own retries and
 * redirects are off: whether a call may be repeated is Venice-specific and decided one layer up.
 *
 * <p>Thread-safe.
 */
final class Transport implements AutoCloseable {
  /** Venice's responses are small JSON documents; anything larger is refused, not buffered. */
  public static final int MAX_BODY_BYTES = 1 << 20;

  private final TransportConfig config;
  private final HttpHost proxy;
  private CloseableHttpClient client; // guarded by this; built on the first request
  private boolean closed; // guarded by this

  /**
   * Checks {@code config}; the HTTP client itself is built on the first request. HttpClient's
   * classes are ≈ 70 ms of a cold start: built lazily, they load on the minter's token thread while
   * the wallet unlocks on the caller's, instead of before the unlock starts.
   *
   * @throws IllegalArgumentException if the proxy is not {@code scheme://host:port}
   */
  public Transport(TransportConfig config) {
    this.config = config;
    if (config.proxy() != null) {
      try {
        this.proxy = HttpHost.create(config.proxy());
      } catch (java.net.URISyntaxException e) {
        throw new IllegalArgumentException(
            "proxy '" + config.proxy() + "' is not scheme://host:port", e);
      }
    } else {
      this.proxy = null;
    }
  }

  /**
   * Loads and links HttpClient's classes on a daemon thread ({@code keymint-preload}) by building
   * and closing a throwaway client that never connects. Class loading is shared by the process, so
   * the real client, built later on the first request, finds them ready. The CLI calls this first
   * thing for commands that talk to Venice: ≈ 300 classes load while picocli builds its model on
   * the main thread, instead of after it (docs/PERFORMANCE.md). Cannot fail a command; a no-op
   * after the first call.
   *
   * @return the thread, started (tests join it)
   */
  public static Thread preload() {
    synchronized (Transport.class) {
      if (preloader == null) {
        Thread t =
            new Thread(
                () -> {
                  TransportConfig c =
                      new TransportConfig(
                          Duration.ofSeconds(10), Duration.ofSeconds(30), "keymint-preload", null);
                  try {
                    build(c, null).close(); // built is loaded: nothing is sent
                  } catch (IOException | RuntimeException e) {
                    // only a head start: the real client loads whatever is missing
                  }
                },
                "keymint-preload");
        t.setDaemon(true);
        t.start();
        preloader = t;
      }
      return preloader;
    }
  }

  private static Thread preloader; // guarded by Transport.class

  static {
    Preload.registerTransport(Transport::preload); // the CLI's hook: internal.Preload.transport()
  }

  private synchronized CloseableHttpClient client() {
    if (closed) {
      throw new IllegalStateException("this Venice client is closed");
    }
    if (client == null) {
      client = build(config, proxy);
    }
    return client;
  }

  private static CloseableHttpClient build(TransportConfig config, HttpHost proxy) {
    PoolingHttpClientConnectionManager pool =
        PoolingHttpClientConnectionManagerBuilder.create()
            .setDefaultConnectionConfig(
                ConnectionConfig.custom()
                    .setConnectTimeout(Timeout.of(config.connectTimeout()))
                    .setSocketTimeout(Timeout.of(config.readTimeout()))
                    // a pooled connection idle for a while may have been closed by the peer
                    .setValidateAfterInactivity(Timeout.ofSeconds(2))
                    .build())
            .setMaxConnTotal(20)
            .setMaxConnPerRoute(20)
            .setTlsSocketStrategy(new LazyTls())
            .build();
    var builder =
        HttpClients.custom()
            .setConnectionManager(pool)
            .disableAutomaticRetries()
            .disableRedirectHandling()
            .disableCookieManagement()
            .disableAuthCaching()
            .setUserAgent(config.userAgent())
            .setDefaultRequestConfig(
                RequestConfig.custom().setResponseTimeout(Timeout.of(config.readTimeout())).build())
            .evictIdleConnections(Timeout.ofSeconds(30));
    if (proxy != null) {
      builder.setProxy(proxy);
    }
    return builder.build();
  }

  /** Fires the per-request deadlines: one daemon thread for every transport of the process. */
  private static final ScheduledThreadPoolExecutor DEADLINES = deadlines();

  private static ScheduledThreadPoolExecutor deadlines() {
    ScheduledThreadPoolExecutor e =
        new ScheduledThreadPoolExecutor(
            1,
            r -> {
              Thread t = new Thread(r, "keymint-deadline");
              t.setDaemon(true);
              return t;
            });
    e.setRemoveOnCancelPolicy(true);
    return e;
  }

  /**
   * Sends one request and reads the whole response, all of it (connecting, the headers, the body)
   * within {@code deadline}: when it passes, the connection is aborted, not drained. A body over
   * {@link #MAX_BODY_BYTES} aborts the connection as well.
   *
   * @param headers request headers; values are never logged (one may be Authorization)
   * @param body JSON bytes or null
   * @param readTimeout how long to wait for each read
   * @param deadline how long the whole exchange may take
   * @throws TransportException on any I/O failure or the deadline, saying whether the request had
   *     been sent and which status, if any, had arrived
   */
  public HttpResponse execute(
      String method,
      URI uri,
      Map<String, String> headers,
      byte[] body,
      Duration readTimeout,
      Duration deadline)
      throws TransportException {
    HttpUriRequestBase request = new HttpUriRequestBase(method, uri);
    Duration perRead = readTimeout.compareTo(deadline) < 0 ? readTimeout : deadline;
    // per request, so that clients sharing this pool can wait differently
    request.setConfig(RequestConfig.custom().setResponseTimeout(Timeout.of(perRead)).build());
    headers.forEach(request::setHeader);
    if (body != null) {
      request.setEntity(new ByteArrayEntity(body, ContentType.APPLICATION_JSON));
    }
    CloseableHttpClient client = client();
    AtomicBoolean expired = new AtomicBoolean();
    AtomicInteger status = new AtomicInteger();
    ScheduledFuture<?> timer =
        DEADLINES.schedule(
            () -> {
              expired.set(true);
              request.cancel(); // closes the socket: a blocked read fails at once
            },
            Math.max(1, deadline.toNanos()),
            TimeUnit.NANOSECONDS);
    try {
      return client.execute(
          request,
          response -> {
            status.set(response.getCode());
            Map<String, String> h = new LinkedHashMap<>();
            for (Header header : response.getHeaders()) {
              h.put(header.getName().toLowerCase(Locale.ROOT), header.getValue());
            }
            return new HttpResponse(response.getCode(), h, read(response.getEntity(), request));
          });
    } catch (ConnectException
        | ConnectTimeoutException
        | UnknownHostException
        | NoRouteToHostException e) {
      if (expired.get()) {
        throw new TransportException(late(deadline), false, 0, e);
      }
      throw new TransportException(describe(e), false, 0, e);
    } catch (IOException | RuntimeException e) {
      if (e instanceof CancellationException && !expired.get()) {
        // HttpClient's pool gives an interrupted thread no connection: nothing was sent
        throw new TransportException("interrupted before the request was sent", false, 0, e);
      }
      if (e instanceof RuntimeException && !expired.get()) {
        throw (RuntimeException) e; // a bug or a closed client, not the network
      }
      String what =
          expired.get()
              ? late(deadline)
              : e instanceof IOException ? describe((IOException) e) : "I/O error";
      if (status.get() > 0) {
        what = "the " + status.get() + " response could not be read: " + what;
      }
      throw new TransportException(what, true, status.get(), e);
    } finally {
      timer.cancel(false);
    }
  }

  private static String late(Duration deadline) {
    return "no complete answer within the " + deadline.toMillis() + " ms request deadline";
  }

  private static byte[] read(HttpEntity entity, HttpUriRequestBase request) throws IOException {
    if (entity == null) {
      return new byte[0];
    }
    if (entity.getContentLength() > MAX_BODY_BYTES) {
      request.cancel(); // abort: closing the stream would read the rest
      throw new IOException(
          "response body of " + entity.getContentLength() + " bytes exceeds the 1 MiB cap");
    }
    InputStream in = entity.getContent();
    boolean complete = false;
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      byte[] buf = new byte[8192];
      int n;
      while ((n = in.read(buf)) != -1) {
        if (out.size() + n > MAX_BODY_BYTES) {
          throw new IOException("response body exceeds the 1 MiB cap");
        }
        out.write(buf, 0, n);
      }
      complete = true;
      return out.toByteArray();
    } finally {
      if (!complete) {
        // abort the connection first: closing the stream of an unfinished body drains it
        request.cancel();
      }
      in.close();
    }
  }

  /**
   * The default TLS set-up, made on the first HTTPS connection: building an {@code SSLContext}
   * loads the JDK's security providers and trust store (about a quarter of a second of a cold
   * start), which a plain-HTTP run (the emulator) never needs and an HTTPS run can do while the
   * wallet unlocks.
   */
  private static final class LazyTls implements TlsSocketStrategy {
    private volatile TlsSocketStrategy delegate;

    @Override
    public SSLSocket upgrade(
        Socket socket, String target, int port, Object attachment, HttpContext context)
        throws IOException {
      TlsSocketStrategy d = delegate;
      if (d == null) {
        synchronized (this) {
          d = delegate;
          if (d == null) {
            d = DefaultClientTlsStrategy.createDefault();
            delegate = d;
          }
        }
      }
      return d.upgrade(socket, target, port, attachment, context);
    }
  }

  /** Plain words for people; HttpClient's messages name host and port, never headers. */
  static String describe(IOException e) {
    String m = e.getMessage() == null ? "" : e.getMessage();
    if (e instanceof UnknownHostException) {
      return "unknown host " + m;
    }
    if (e instanceof ConnectTimeoutException) {
      return "connecting timed out";
    }
    if (e instanceof ConnectException) {
      return "connection refused";
    }
    if (e instanceof NoRouteToHostException) {
      return "no route to host";
    }
    if (e instanceof InterruptedIOException) {
      return "no answer in time";
    }
    if (e instanceof org.apache.hc.core5.http.NoHttpResponseException) {
      return "the server closed the connection without answering";
    }
    if (e instanceof javax.net.ssl.SSLException) {
      return "TLS failed (" + m + ")";
    }
    if (m.toLowerCase(Locale.ROOT).contains("reset")) {
      return "the connection was reset";
    }
    return m.isEmpty() ? "I/O error" : m;
  }

  @Override
  public synchronized void close() {
    closed = true;
    if (client != null) {
      client.close(org.apache.hc.core5.io.CloseMode.GRACEFUL);
    }
  }
}
