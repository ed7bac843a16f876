package io.keymint.emulator;

import com.sun.net.httpserver.HttpServer;
import io.keymint.signature.PersonalSign;
import io.keymint.venice.ApiKeyType;
import io.keymint.venice.LimitPeriod;
import io.keymint.venice.ModelPrivacy;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A local Venice for the {@code /api/v1/api_keys} routes: the web3 mint (token, EIP-191 signature
 * check, sVVV gate) and the admin routes, with Venice's status codes, body shapes and error
 * strings. Built on the JDK's {@code HttpServer}, bound to 127.0.0.1 and a free port by default.
 *
 * <pre>{@code
 * try (VeniceEmulator venice = VeniceEmulator.builder().staker(address).start()) {
 *   URI base = venice.baseUrl(); // http://127.0.0.1:PORT/api/v1
 *   ...
 * }
 * }</pre>
 *
 * <p>What it decides where Venice's behaviour is unknown: a validation token is single-use once it
 * has minted a key; the key-creation rate of {@code POST /api_keys} is a sliding window over the
 * account's successful creations; minted keys belong to one account per wallet, seeded keys ({@link
 * #createKey}) to one default account. The exact rules are on the package-private classes.
 *
 * <p>Requests are served by a pool of four <em>daemon</em> threads, so an emulator never keeps a
 * JVM alive: a program that wants to serve until killed (the CLI) must block its own main thread.
 * Thread-safe. Holds every secret it issued in memory and never logs.
 */
public final class VeniceEmulator implements AutoCloseable {
  private static final int THREADS = 4;

  private final String host;
  private final int requestedPort;
  private final EmulatorState state;
  private final Jwt jwt;
  private final ApiHandler handler;
  private HttpServer server;
  private ExecutorService executor;
  private boolean closed;

  /** The JDK HttpServer's TCP_NODELAY switch. */
  static final String NODELAY = "sun.net.httpserver.nodelay";

  static {
    // TCP_NODELAY on the JDK server's connections: it writes the headers and the body separately,
    // and with Nagle's algorithm the body waits for the client's delayed ACK (≈ 40 ms a request).
    // sun.net.httpserver.ServerConfig reads this once, when the server classes load, which is
    // after this: the first HttpServer of the process is created by start(). Someone who set it
    // (to false, to measure) is obeyed.
    if (System.getProperty(NODELAY) == null) {
      System.setProperty(NODELAY, "true");
    }
  }

  private VeniceEmulator(Builder b) {
    SecureRandom random = new SecureRandom();
    this.host = b.host;
    this.requestedPort = b.port;
    this.state =
        new EmulatorState(
            b.clock, random, b.creationLimit, b.creationWindow, b.maxActiveKeys, b.stakers);
    this.jwt = new Jwt(random, b.clock, b.tokenTtl);
    this.handler = new ApiHandler(state, jwt, random);
  }

  /** The token signer, so tests can forge tokens with valid signatures and wrong claims. */
  Jwt jwt() {
    return jwt;
  }

  /** A builder with the defaults: 127.0.0.1, a free port, no stakers, the system UTC clock. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Binds and starts the server. Calling it again on a started emulator does nothing.
   *
   * @return this
   * @throws IllegalStateException if the emulator was closed
   * @throws UncheckedIOException if the address cannot be bound
   */
  public synchronized VeniceEmulator start() {
    if (closed) {
      throw new IllegalStateException("this emulator was closed; build a new one");
    }
    if (server != null) {
      return this;
    }
    try {
      HttpServer s =
          HttpServer.create(new InetSocketAddress(InetAddress.getByName(host), requestedPort), 0);
      s.createContext("/", handler);
      ExecutorService pool = Executors.newFixedThreadPool(THREADS, daemonThreads());
      s.setExecutor(pool);
      s.start();
      server = s;
      executor = pool;
      return this;
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot bind the Venice emulator to " + host + ":" + requestedPort, e);
    }
  }

  /**
   * {@code http://HOST:PORT/api/v1}, without a trailing slash: the base URL to give a client.
   *
   * @throws IllegalStateException if not started
   */
  public synchronized URI baseUrl() {
    String h = host.contains(":") ? "[" + host + "]" : host;
    return URI.create("http://" + h + ":" + port() + ApiHandler.BASE_PATH);
  }

  /**
   * The bound port (the real one when the builder asked for 0).
   *
   * @throws IllegalStateException if not started
   */
  public synchronized int port() {
    if (server == null) {
      throw new IllegalStateException(
          closed ? "the emulator is closed" : "the emulator is not started");
    }
    return server.getAddress().getPort();
  }

  /** Gives {@code address} staked VVV, so it may mint. Case-insensitive. */
  public void addStaker(String address) {
    state.addStaker(checkAddress(address));
  }

  /**
   * Takes {@code address}'s staked VVV away: its next mint fails with "has no staked VVV on Base".
   */
  public void removeStaker(String address) {
    state.removeStaker(checkAddress(address));
  }

  /**
   * The next {@code n} mints that pass every check up to the signature answer 400 "Could not verify
   * wallet signature", as when Venice's RPC to Base fails. Replaces any count still pending.
   *
   * @throws IllegalArgumentException if {@code n} is negative
   */
  public void failNextVerifications(int n) {
    if (n < 0) {
      throw new IllegalArgumentException("n must be >= 0, got " + n);
    }
    state.failNextVerifications(n);
  }

  /**
   * The next {@code n} mints that pass every check create their key but answer 500 "An unknown
   * error occurred", as when Venice fails after storing the key: the secret never reaches the
   * client (an ambiguous mint leaving an orphan). Replaces any count still pending.
   *
   * @throws IllegalArgumentException if {@code n} is negative
   */
  public void loseNextMintReplies(int n) {
    if (n < 0) {
      throw new IllegalArgumentException("n must be >= 0, got " + n);
    }
    state.loseNextMintReplies(n);
  }

  /**
   * What {@code GET /api_keys/rate_limits} says in {@code accessPermitted} for every key (default
   * true): false stands for an account Venice refuses (e.g. suspended, out of credit).
   */
  public void accessPermitted(boolean permitted) {
    state.accessDenied(!permitted);
  }

  /**
   * The account balances every key sees (default $25 and 2 DIEM; bundled credits are always 0),
   * each clamped to the key's own cap in that currency. {@code balances(ZERO, ZERO)} stands for an
   * account that cannot spend.
   *
   * @throws IllegalArgumentException if a balance is negative
   */
  public void balances(BigDecimal usd, BigDecimal diem) {
    Objects.requireNonNull(usd, "usd");
    Objects.requireNonNull(diem, "diem");
    if (usd.signum() < 0 || diem.signum() < 0) {
      throw new IllegalArgumentException("balances cannot be negative");
    }
    state.balances(usd, diem);
  }

  /**
   * While on, every authenticated request made with a key that has a USD or DIEM cap answers 402
   * "API key USD spend limit exceeded …" (Venice's answer once a key's cap is spent). Keys without
   * a cap are unaffected. Default off.
   */
  public void spendCapReached(boolean reached) {
    state.spendCapReached(reached);
  }

  /**
   * Seeds a key into {@code wallet}'s account, as if that wallet had minted it (no checks): e.g. an
   * ADMIN key that manages the wallet's minted keys. No expiry, no caps, {@code EPOCH}, {@code
   * ALL}.
   *
   * @return the secret; treat it as one
   * @throws IllegalArgumentException if {@code wallet} is not an address
   */
  public String createKey(ApiKeyType type, String description, String wallet) {
    Objects.requireNonNull(type, "type");
    KeySpec spec =
        new KeySpec(type, description, null, Limits.NONE, LimitPeriod.EPOCH, ModelPrivacy.ALL);
    synchronized (state) {
      return state.seed(checkAddress(wallet), spec).secret;
    }
  }

  /**
   * Seeds a key into the default account, without rate or ceiling checks: e.g. an ADMIN key for
   * admin-route tests. No expiry, no caps, {@code EPOCH}, {@code ALL}.
   *
   * @param description may be null (the key then has none)
   * @return the secret; treat it as one
   */
  public String createKey(ApiKeyType type, String description) {
    Objects.requireNonNull(type, "type");
    KeySpec spec =
        new KeySpec(type, description, null, Limits.NONE, LimitPeriod.EPOCH, ModelPrivacy.ALL);
    synchronized (state) {
      return state.seed(spec).secret;
    }
  }

  /** How many web3 mints have succeeded. */
  public int mintCount() {
    return state.mintCount();
  }

  /**
   * Every secret this emulator ever issued, oldest first (minted, created and seeded), so tests can
   * check that none of them reached a log or an error message.
   */
  public List<String> issuedSecrets() {
    return state.issuedSecrets();
  }

  /** Keys that are neither revoked nor expired, over all accounts. */
  public int activeKeyCount() {
    return state.activeKeyCount();
  }

  /** Stops the server at once and its threads. Idempotent; the emulator cannot be restarted. */
  @Override
  public synchronized void close() {
    closed = true;
    if (server != null) {
      server.stop(0);
      server = null;
    }
    if (executor != null) {
      executor.shutdownNow();
      try {
        executor.awaitTermination(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      executor = null;
    }
  }

  private static String checkAddress(String address) {
    if (!PersonalSign.isAddress(address)) {
      throw new IllegalArgumentException(
          "not an address (0x followed by 40 hex digits): " + address);
    }
    return address;
  }

  private static ThreadFactory daemonThreads() {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, "venice-emulator-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  /** Configures a {@link VeniceEmulator}. Not thread-safe; build once. */
  public static final class Builder {
    private String host = "127.0.0.1";
    private int port;
    private final Set<String> stakers = new LinkedHashSet<>();
    private Clock clock = Clock.systemUTC();
    private Duration tokenTtl = Duration.ofMinutes(15);
    private int creationLimit = 20;
    private Duration creationWindow = Duration.ofMinutes(1);
    private int maxActiveKeys = 500;

    private Builder() {}

    /** The interface to bind; default {@code 127.0.0.1}. Bind wider only on a trusted network. */
    public Builder host(String host) {
      this.host = Objects.requireNonNull(host, "host");
      return this;
    }

    /**
     * The port; default 0, a free one chosen at start (read it with {@link VeniceEmulator#port()}).
     */
    public Builder port(int port) {
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("port must be 0..65535, got " + port);
      }
      this.port = port;
      return this;
    }

    /**
     * A wallet with staked VVV (may mint). Repeatable; case-insensitive.
     *
     * @throws IllegalArgumentException if it is not {@code 0x} + 40 hex digits
     */
    public Builder staker(String address) {
      stakers.add(checkAddress(address));
      return this;
    }

    /**
     * The clock for token expiry, key expiry, timestamps and the rate window; default UTC system.
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** How long a validation token is valid; default 15 minutes, as on Venice. */
    public Builder tokenTtl(Duration ttl) {
      if (ttl.isNegative() || ttl.isZero()) {
        throw new IllegalArgumentException("tokenTtl must be positive, got " + ttl);
      }
      this.tokenTtl = ttl;
      return this;
    }

    /**
     * At most {@code perWindow} {@code POST /api_keys} creations per account within any {@code
     * window} (sliding); the next one is 429 with {@code Retry-After}. Default 20 per minute.
     */
    public Builder keyCreationLimit(int perWindow, Duration window) {
      if (perWindow < 1 || window.isNegative() || window.isZero()) {
        throw new IllegalArgumentException(
            "keyCreationLimit needs perWindow >= 1 and a positive window");
      }
      this.creationLimit = perWindow;
      this.creationWindow = window;
      return this;
    }

    /**
     * Active (non-expired, non-revoked) keys per account; creating one more is 400. Default 500.
     */
    public Builder maxActiveKeys(int max) {
      if (max < 1) {
        throw new IllegalArgumentException("maxActiveKeys must be >= 1, got " + max);
      }
      this.maxActiveKeys = max;
      return this;
    }

    /** A configured emulator, not yet listening: call {@link VeniceEmulator#start()}. */
    public VeniceEmulator build() {
      return new VeniceEmulator(this);
    }

    /** {@code build().start()}. */
    public VeniceEmulator start() {
      return build().start();
    }
  }
}
