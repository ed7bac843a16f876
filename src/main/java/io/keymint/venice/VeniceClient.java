package io.keymint.venice;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keymint.ApiKeySecret;
import io.keymint.Setting;
import io.keymint.internal.Json;
import io.keymint.internal.Text;
import io.keymint.internal.Tokens;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Talks to Venice's {@code /api_keys} routes. Create one client and share it: it owns a connection
 * pool, and {@link #newBuilder()} derives clients (another key, other timeouts) that share the
 * pool.
 *
 * <p>Retries follow the client's {@link RetryPolicy}: idempotent calls (GET, PATCH, DELETE) are
 * retried on 429, 5xx and I/O errors with jittered exponential backoff, honouring {@code
 * Retry-After} and Venice's reset headers. A call that creates a key is retried only when it
 * provably created nothing (429, or a connection that failed before the request was sent): other
 * 4xx are never retried, because Venice locks out a client that keeps failing.
 *
 * <p>Every request has a total deadline ({@link Builder#requestTimeout}, default 30 s: connecting,
 * the headers and the whole body); when it passes, or a body exceeds 1 MiB, the connection is
 * aborted, not drained. A 2xx whose body cannot be read is never retried after a POST that creates:
 * a key was probably created.
 *
 * <p>Thread-safe. Never logs a secret, a body or the Authorization header.
 */
public final class VeniceClient implements AutoCloseable {
  /** Venice's production API. */
  public static final URI DEFAULT_BASE_URL = URI.create("https://api.venice.ai/api/v1");

  static final String WEB3_KEY_PATH = "/api_keys/generate_web3_key";
  private static final Logger log = LoggerFactory.getLogger(VeniceClient.class);

  private final URI baseUrl;
  private final ApiKeySecret apiKey;
  private final Transport transport;
  private final boolean ownsTransport;
  private final TransportConfig transportConfig;
  private final Duration requestTimeout;
  private final Duration callTimeout; // null: only the retry budget bounds a call
  private final int maxRetries;
  private final Clock clock;
  private final Sleeper sleeper;
  private final RetryPolicy retryPolicy;
  private final boolean allowInsecureHttp;
  private final CreationPacer creationPacer;

  private VeniceClient(Builder b, Transport shared) {
    this.baseUrl = checkBaseUrl(b.baseUrl, b.allowInsecureHttp);
    this.apiKey = b.apiKey;
    this.transportConfig =
        new TransportConfig(b.connectTimeout, b.readTimeout, b.userAgent, b.proxy);
    this.ownsTransport = shared == null;
    this.transport = shared != null ? shared : new Transport(transportConfig);
    this.requestTimeout = b.requestTimeout;
    this.callTimeout = b.callTimeout;
    this.maxRetries = b.maxRetries;
    this.clock = b.clock;
    this.sleeper = b.sleeper;
    this.retryPolicy = b.retryPolicy;
    this.allowInsecureHttp = b.allowInsecureHttp;
    this.creationPacer =
        b.creationPacer != null
            ? b.creationPacer
            : new CreationPacer(b.creationLimit, b.creationWindow, b.clock, b.sleeper);
  }

  /** A builder for a client of Venice's API (default base URL, no API key). */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * A client configured from the environment: {@code VENICE_BASE_URL} (default Venice's API) and
   * the API key {@code VENICE_ADMIN_KEY}, else {@code VENICE_API_KEY} (neither is needed to mint).
   */
  public static VeniceClient fromEnv() {
    return builder().fromEnv(System::getenv).build();
  }

  /**
   * A builder with this client's settings. Clients it builds share this client's connection pool
   * (and need not be closed) unless they change the connect timeout, user agent or proxy, which
   * belong to the pool: then they get their own, which {@link #close()} releases.
   */
  public Builder newBuilder() {
    Builder b = new Builder();
    b.baseUrl = baseUrl;
    b.apiKey = apiKey;
    b.connectTimeout = transportConfig.connectTimeout();
    b.readTimeout = transportConfig.readTimeout();
    b.userAgent = transportConfig.userAgent();
    b.proxy = transportConfig.proxy();
    b.requestTimeout = requestTimeout;
    b.callTimeout = callTimeout;
    b.maxRetries = maxRetries;
    b.clock = clock;
    b.sleeper = sleeper;
    b.retryPolicy = retryPolicy;
    b.allowInsecureHttp = allowInsecureHttp;
    b.creationLimit = creationPacer.limit();
    b.creationWindow = creationPacer.window();
    b.creationPacer = creationPacer;
    b.shared = this;
    return b;
  }

  /** The base URL every route is resolved against, e.g. {@code https://api.venice.ai/api/v1}. */
  public URI baseUrl() {
    return baseUrl;
  }

  /** The clock this client reads (tests inject one). */
  public Clock clock() {
    return clock;
  }

  /** The sleeper this client waits with (tests inject one). */
  public Sleeper sleeper() {
    return sleeper;
  }

  /**
   * When this client retries and how long it waits; the minter waits between mint retries by it
   * too.
   */
  public RetryPolicy retryPolicy() {
    return retryPolicy;
  }

  /** The bound on each request, from connecting to the last byte of the answer. */
  public Duration requestTimeout() {
    return requestTimeout;
  }

  /** The retry budget of idempotent calls. */
  public int maxRetries() {
    return maxRetries;
  }

  /**
   * {@code GET /api_keys/generate_web3_key}: a fresh token (a JWT that lives 15 minutes) for the
   * wallet to sign. Unauthenticated; retried like any idempotent call.
   *
   * @throws VeniceException if Venice refuses or cannot be reached
   */
  public String web3Token() {
    JsonNode body = call("GET", WEB3_KEY_PATH, null, false, Retry.IDEMPOTENT);
    JsonNode data = Responses.data(body);
    JsonNode t = data == null ? null : data.get("token");
    if (t == null || !t.isTextual() || t.asText().isEmpty()) {
      throw unexpected("GET", WEB3_KEY_PATH, "the response has no data.token");
    }
    String token = t.asText();
    String wrong = Tokens.problem(token);
    if (wrong != null) {
      throw unexpected(
          "GET",
          WEB3_KEY_PATH,
          "the token is not a Venice token (" + wrong + "); keymint signs nothing else");
    }
    return token;
  }

  /**
   * {@code POST /api_keys/generate_web3_key}: one attempt, never retried here (the caller knows
   * whether retrying is safe; see {@code Web3KeyMinter}). Sends only the fields {@code spec} sets.
   *
   * @param address the wallet address that signed
   * @param signature EIP-191 signature of {@code token}
   * @param token the token from {@link #web3Token()}, unmodified
   * @return the new key, with its secret — store it, Venice will not show it again
   * @throws VeniceServiceException when Venice answers with an error (nothing was minted unless it
   *     is a 5xx)
   * @throws VeniceConnectionException when the exchange failed; see {@link
   *     VeniceConnectionException#requestSent()}
   */
  public ApiKey mintWeb3Key(String address, String signature, String token, KeySpec spec) {
    ObjectNode body = Json.object();
    body.put("address", address);
    body.put("signature", signature);
    body.put("token", token);
    spec.writeTo(body);
    JsonNode response;
    try {
      response = call("POST", WEB3_KEY_PATH, body, false, Retry.NEVER);
    } catch (VeniceServiceException e) {
      if (e.statusCode() / 100 == 2) {
        throw probablyMinted(address, spec, e.veniceMessage());
      }
      throw e;
    }
    ApiKey key = Responses.issuedKey(Responses.data(response), address, clock.instant());
    if (key == null) {
      // A 200 means Venice minted a key; without a readable secret it is lost. Never quote the
      // body.
      throw probablyMinted(
          address,
          spec,
          "the 200 response has no data.id and data.apiKey of a key's shape (a string of"
              + " printable characters)");
    }
    // The mint echoes consumptionLimit wrongly (a diem-only cap reads as none, a usd of 0 as
    // none; reference §1.5): what was asked is recorded instead, until Venice is asked.
    return key.asRequested(spec);
  }

  /**
   * A 2xx to the mint whose key cannot be read: one was probably created. Says which wallet and
   * description to look for, so that the user can find and revoke it.
   */
  private static VeniceServiceException probablyMinted(String address, KeySpec spec, String what) {
    String description =
        spec.description().map(d -> " with description '" + Text.clean(d) + "'").orElse("");
    return new VeniceServiceException(
        new VeniceServiceException.ErrorInfo(
            "POST",
            WEB3_KEY_PATH,
            200,
            what,
            null,
            "a key was probably created for wallet "
                + address
                + description
                + " but its secret could not be read: revoke it (keymint keys list, then"
                + " keymint keys revoke ID); nothing was retried"));
  }

  /**
   * The limiter {@link ApiKeys#create} waits for; shared with clients derived by {@link
   * #newBuilder()}.
   */
  CreationPacer creationPacer() {
    return creationPacer;
  }

  /** The {@code /api_keys} management routes, authenticated with this client's key. */
  public ApiKeys apiKeys() {
    return new ApiKeys(this);
  }

  /** When a call may be retried. */
  enum Retry {
    /** GET, PATCH, DELETE: on 429, 5xx and I/O errors. */
    IDEMPOTENT,
    /** A POST that creates something: only when nothing can have been created. */
    CREATE,
    /** The caller decides. */
    NEVER
  }

  /**
   * Sends a request and returns the parsed 2xx body, retrying per {@code retry}.
   *
   * @throws VeniceException for an error status or a transport failure after the retries
   */
  JsonNode call(String method, String path, JsonNode body, boolean authenticated, Retry retry) {
    return call(method, path, Map.of(), body, authenticated, retry);
  }

  JsonNode call(
      String method,
      String path,
      Map<String, String> query,
      JsonNode body,
      boolean authenticated,
      Retry retry) {
    return exchange(method, path, query, body, authenticated, retry).body;
  }

  /** A parsed 2xx body and Venice's informational headers. */
  static final class Answer {
    final JsonNode body;
    final VeniceHeaders headers;

    Answer(JsonNode body, VeniceHeaders headers) {
      this.body = body;
      this.headers = headers;
    }
  }

  /** {@link #call} that keeps the response's {@link VeniceHeaders}. */
  Answer exchange(
      String method,
      String path,
      Map<String, String> query,
      JsonNode body,
      boolean authenticated,
      Retry retry) {
    URI uri = uri(path, query);
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Accept", "application/json");
    if (authenticated) {
      if (apiKey == null) {
        throw new IllegalStateException(
            "this call needs an API key: set VENICE_ADMIN_KEY (or VENICE_API_KEY) or call"
                + " VeniceClient.builder().apiKey(...)");
      }
      headers.put("Authorization", "Bearer " + apiKey.reveal());
    }
    byte[] bytes = body == null ? null : Json.write(body);
    long callStart = System.nanoTime();
    for (int attempt = 0; ; attempt++) {
      long started = System.nanoTime();
      Duration deadline = requestTimeout;
      if (callTimeout != null) {
        Duration left = callTimeout.minusNanos(started - callStart);
        if (left.compareTo(deadline) < 0) {
          deadline = left.isNegative() || left.isZero() ? Duration.ofNanos(1) : left;
        }
      }
      HttpResponse response;
      try {
        response =
            transport.execute(method, uri, headers, bytes, transportConfig.readTimeout(), deadline);
      } catch (TransportException e) {
        if (e.status() / 100 == 2 && retry != Retry.IDEMPOTENT) {
          // the call was answered: a POST that creates did create. Never retried.
          throw unexpected(method, path, e.getMessage());
        }
        if (Thread.currentThread().isInterrupted()) {
          // the caller gave up on this call (the minter's token thread when the unlock failed,
          // then the client closed under it): no retry, and no warning about a closed socket
          throw new VeniceConnectionException(
              method + " " + path + " abandoned: the calling thread was interrupted",
              e.requestSent(),
              e);
        }
        Duration wait = retryPolicy.sleepTime(attempt);
        if (RetryPolicy.shouldRetry(retry, 0, e.requestSent())
            && attempt < maxRetries
            && timeFor(wait, callStart)) {
          log.warn(
              "{} {} failed ({}); retry {} of {} in {} ms",
              method,
              path,
              e.getMessage(),
              attempt + 1,
              maxRetries,
              wait.toMillis());
          pause(wait);
          continue;
        }
        throw new VeniceConnectionException(
            "could not complete "
                + method
                + " "
                + path
                + " at "
                + baseUrl.getAuthority()
                + ": "
                + e.getMessage()
                + " — check the base URL (VENICE_BASE_URL / "
                + Setting.BASE_URL.apiName()
                + ") and the network",
            e.requestSent(),
            e,
            Setting.BASE_URL);
      }
      int status = response.status();
      log.debug(
          "{} {} -> {} in {} ms", method, path, status, (System.nanoTime() - started) / 1_000_000);
      if (status >= 200 && status < 300) {
        JsonNode parsed;
        try {
          parsed = response.body().length == 0 ? Json.object() : Json.parse(response.body());
        } catch (Exception e) {
          throw unexpected(method, path, "the " + status + " response is not JSON");
        }
        JsonNode success = parsed.get("success");
        if (success != null && success.isBoolean() && !success.booleanValue()) {
          JsonNode error = parsed.get("error");
          String said = error != null && error.isTextual() ? Text.clean(error.asText(), 200) : "";
          throw unexpected(
              method,
              path,
              "the "
                  + status
                  + " response says success:false"
                  + (said.isEmpty() ? "" : " (" + said + ")"));
        }
        return new Answer(parsed, VeniceHeaders.of(response.headers()));
      }
      Duration wait = retryPolicy.sleepTime(attempt, response.headers(), clock);
      if (RetryPolicy.shouldRetry(retry, status, true)
          && attempt < maxRetries
          && timeFor(wait, callStart)) {
        log.warn(
            "{} {} -> {}; retry {} of {} in {} ms",
            method,
            path,
            status,
            attempt + 1,
            maxRetries,
            wait.toMillis());
        pause(wait);
        continue;
      }
      throw Errors.fromResponse(method, path, response, clock);
    }
  }

  /** Whether a retry after {@code wait} can still start within the call timeout. */
  private boolean timeFor(Duration wait, long callStart) {
    return callTimeout == null
        || wait.toNanos() < callTimeout.toNanos() - (System.nanoTime() - callStart);
  }

  private void pause(Duration wait) {
    try {
      sleeper.sleep(wait);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new VeniceConnectionException("interrupted while waiting to retry", false, e);
    }
  }

  private URI uri(String path, Map<String, String> query) {
    StringBuilder sb = new StringBuilder(baseUrl.toString()).append(path);
    char sep = '?';
    for (Map.Entry<String, String> q : query.entrySet()) {
      sb.append(sep)
          .append(q.getKey())
          .append('=')
          .append(
              java.net.URLEncoder.encode(q.getValue(), java.nio.charset.StandardCharsets.UTF_8));
      sep = '&';
    }
    return URI.create(sb.toString());
  }

  /**
   * A 2xx we cannot read. Not a {@link ServerException}: after a POST it means Venice did create
   * the key, so retrying would only create more keys whose secrets are lost.
   */
  static VeniceServiceException unexpected(String method, String path, String what) {
    String hint =
        method.equals("POST")
            ? "Venice probably created a key whose secret could not be read: list keys and revoke it;"
                + " Venice's API may have changed"
            : "Venice's API may have changed";
    return new VeniceServiceException(
        new VeniceServiceException.ErrorInfo(method, path, 200, what, null, hint));
  }

  static URI checkBaseUrl(URI url, boolean allowInsecureHttp) {
    Objects.requireNonNull(url, "baseUrl");
    refuseUserInfo(url);
    String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
    if (url.getHost() == null || !(scheme.equals("https") || scheme.equals("http"))) {
      throw new IllegalArgumentException(
          "base URL '" + url + "' is not an http(s) URL like https://api.venice.ai/api/v1");
    }
    if (scheme.equals("http") && !allowInsecureHttp && !isLoopback(url.getHost())) {
      throw new IllegalArgumentException(
          "base URL '"
              + url
              + "' is plain http to a non-loopback host: keys would cross the network unencrypted."
              + " Use https, or allow it explicitly ("
              + Setting.INSECURE_HTTP.apiName()
              + ")");
    }
    String s = url.toString();
    return URI.create(s.endsWith("/") ? s.substring(0, s.length() - 1) : s);
  }

  /** A password in the URL would be echoed in messages and logs: refused, never quoted. */
  private static void refuseUserInfo(URI url) {
    if (url.getRawUserInfo() != null || (url.getHost() == null && hasAt(url.getRawAuthority()))) {
      throw new IllegalArgumentException(
          "the base URL has a user:password@ part, which keymint refuses (it would show up in"
              + " messages and logs): give the URL without it, like https://api.venice.ai/api/v1");
    }
  }

  private static boolean hasAt(String authority) {
    return authority != null && authority.contains("@");
  }

  private static boolean isLoopback(String host) {
    String h = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
    if (h.equalsIgnoreCase("localhost")) {
      return true;
    }
    // only literal addresses: a name could resolve elsewhere later
    if (!h.matches("[0-9.]+") && !h.contains(":")) {
      return false;
    }
    try {
      return InetAddress.getByName(h).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }

  /** Closes the connection pool, unless this client shares another client's pool. */
  @Override
  public void close() {
    if (ownsTransport) {
      transport.close();
    }
  }

  @Override
  public String toString() {
    return "VeniceClient{baseUrl="
        + baseUrl
        + ", apiKey="
        + (apiKey == null ? "none" : "…" + apiKey.lastSix())
        + "}";
  }

  /** Configures a {@link VeniceClient}. Not thread-safe. */
  public static final class Builder {
    private URI baseUrl = DEFAULT_BASE_URL;
    private ApiKeySecret apiKey;
    private Duration connectTimeout = Duration.ofSeconds(10);
    private Duration readTimeout = Duration.ofSeconds(30);
    private Duration requestTimeout = Duration.ofSeconds(30);
    private Duration callTimeout;
    private String userAgent = "venice-keymint/" + Version.VERSION;
    private String proxy;
    private int maxRetries = 4;
    private Clock clock = Clock.systemUTC();
    private Sleeper sleeper = Sleeper.SYSTEM;
    private RetryPolicy retryPolicy = RetryPolicy.venice();
    private boolean allowInsecureHttp;
    private int creationLimit = 20;
    private Duration creationWindow = Duration.ofMinutes(1);
    private CreationPacer creationPacer;
    private VeniceClient shared;

    private Builder() {}

    /** Default {@code https://api.venice.ai/api/v1}. Plain http only to loopback unless allowed. */
    public Builder baseUrl(URI baseUrl) {
      refuseUserInfo(Objects.requireNonNull(baseUrl, "baseUrl"));
      this.baseUrl = baseUrl;
      return this;
    }

    /**
     * @throws IllegalArgumentException if it is not a URL, or has a {@code user:password@} part
     */
    public Builder baseUrl(String baseUrl) {
      Objects.requireNonNull(baseUrl, "baseUrl");
      URI uri;
      try {
        uri = URI.create(baseUrl);
      } catch (IllegalArgumentException e) {
        if (baseUrl.contains("@")) {
          refuseUserInfo(URI.create("http://user@x")); // never quote what may hold a password
        }
        throw new IllegalArgumentException(
            "base URL '" + Text.clean(baseUrl, 200) + "' is not a URL", null);
      }
      return baseUrl(uri);
    }

    /** The Bearer key for authenticated routes; not needed to mint. */
    public Builder apiKey(ApiKeySecret apiKey) {
      this.apiKey = apiKey;
      return this;
    }

    /** How long to wait for a connection to Venice to open. */
    public Builder connectTimeout(Duration timeout) {
      this.connectTimeout = Objects.requireNonNull(timeout, "timeout");
      return this;
    }

    /** How long to wait for Venice to answer (and between bytes of the answer). */
    public Builder readTimeout(Duration timeout) {
      this.readTimeout = Objects.requireNonNull(timeout, "timeout");
      return this;
    }

    /** The {@code User-Agent} header sent with every request. */
    public Builder userAgent(String userAgent) {
      this.userAgent = Objects.requireNonNull(userAgent, "userAgent");
      return this;
    }

    /** An HTTP proxy, {@code http://host:port}. */
    public Builder proxy(String proxy) {
      this.proxy = proxy;
      return this;
    }

    /**
     * The bound on each request: connecting, the headers and the whole body (default 30 s). When it
     * passes, the connection is aborted.
     *
     * @throws IllegalArgumentException unless positive
     */
    public Builder requestTimeout(Duration timeout) {
      Objects.requireNonNull(timeout, "timeout");
      if (timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("the request timeout must be positive");
      }
      this.requestTimeout = timeout;
      return this;
    }

    /**
     * The bound on one call with its retries and the waits between them: no retry starts that could
     * not begin in time, and each attempt's deadline is cut to what is left. Default none (the
     * retry budget and the request timeout bound a call).
     *
     * @throws IllegalArgumentException unless positive
     */
    public Builder callTimeout(Duration timeout) {
      Objects.requireNonNull(timeout, "timeout");
      if (timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("the call timeout must be positive");
      }
      this.callTimeout = timeout;
      return this;
    }

    /** Retries of idempotent calls after the first attempt; default 4. */
    public Builder maxRetries(int maxRetries) {
      if (maxRetries < 0) {
        throw new IllegalArgumentException("maxRetries must be >= 0");
      }
      this.maxRetries = maxRetries;
      return this;
    }

    /**
     * The clock for retry dates and the creation limiter (a new limiter: it is tied to its clock).
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      this.creationPacer = null;
      return this;
    }

    /**
     * What waits between retries and for the creation limiter (a new limiter, as for {@link
     * #clock}).
     */
    public Builder sleeper(Sleeper sleeper) {
      this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
      this.creationPacer = null;
      return this;
    }

    /**
     * Backoff base and cap of retries, this client's and its minters' (server instructions win);
     * default 0.5 s doubling to 30 s, full jitter. Shorthand for {@link #retryPolicy
     * retryPolicy(RetryPolicy.of(base, cap))}.
     *
     * @throws IllegalArgumentException if a delay is negative
     */
    public Builder backoff(Duration base, Duration cap) {
      return retryPolicy(RetryPolicy.of(base, cap));
    }

    /**
     * How this client and the minters built on it wait between retries (default {@link
     * RetryPolicy#venice()}).
     */
    public Builder retryPolicy(RetryPolicy policy) {
      this.retryPolicy = Objects.requireNonNull(policy, "policy");
      return this;
    }

    /**
     * Paces {@link ApiKeys#create}: at most {@code perWindow} creations in any {@code window}
     * (sliding), waiting rather than meeting Venice's 429. Default 20 per minute, Venice's cap per
     * account. Clients derived with {@link VeniceClient#newBuilder()} share one limiter (one
     * account, one budget) unless this is called on their builder.
     *
     * @throws IllegalArgumentException unless {@code perWindow >= 1} and {@code window} is positive
     */
    public Builder keyCreationRate(int perWindow, Duration window) {
      Objects.requireNonNull(window, "window");
      if (perWindow < 1 || window.isNegative() || window.isZero()) {
        throw new IllegalArgumentException(
            "keyCreationRate needs perWindow >= 1 and a positive window");
      }
      this.creationLimit = perWindow;
      this.creationWindow = window;
      this.creationPacer = null;
      return this;
    }

    /**
     * Allows {@code http://} to a host that is not loopback. Keys then cross the network in clear.
     */
    public Builder allowInsecureHttp(boolean allow) {
      this.allowInsecureHttp = allow;
      return this;
    }

    /**
     * Reads {@code VENICE_BASE_URL} and {@code VENICE_ADMIN_KEY} / {@code VENICE_API_KEY} via
     * {@code env}.
     */
    public Builder fromEnv(Function<String, String> env) {
      String url = env.apply("VENICE_BASE_URL");
      if (url != null && !url.isBlank()) {
        baseUrl(url.trim());
      }
      String key = env.apply("VENICE_ADMIN_KEY");
      if (key == null || key.isBlank()) {
        key = env.apply("VENICE_API_KEY");
      }
      if (key != null && !key.isBlank()) {
        apiKey(ApiKeySecret.of(key.trim()));
      }
      return this;
    }

    /**
     * @throws IllegalArgumentException if the base URL is not https (or http to loopback)
     */
    public VeniceClient build() {
      // the pool is shared only when its own settings match; the read timeout is per request
      boolean samePool =
          shared != null
              && shared.transportConfig.connectTimeout().equals(connectTimeout)
              && shared.transportConfig.userAgent().equals(userAgent)
              && Objects.equals(shared.transportConfig.proxy(), proxy);
      return new VeniceClient(this, samePool ? shared.transport : null);
    }
  }
}
