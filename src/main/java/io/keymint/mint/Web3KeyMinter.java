package io.keymint.mint;

import io.keymint.ApiKeySecret;
import io.keymint.KeymintException;
import io.keymint.internal.Json;
import io.keymint.internal.Tokens;
import io.keymint.sink.ReadableSink;
import io.keymint.sink.SecretSink;
import io.keymint.sink.SinkException;
import io.keymint.sink.SinkSet;
import io.keymint.sink.SinkWriteException;
import io.keymint.venice.ApiKey;
import io.keymint.venice.ApiKeyType;
import io.keymint.venice.AuthenticationException;
import io.keymint.venice.BadRequestException;
import io.keymint.venice.KeySpec;
import io.keymint.venice.PaymentRequiredException;
import io.keymint.venice.PermissionDeniedException;
import io.keymint.venice.RateLimitedException;
import io.keymint.venice.RateLimits;
import io.keymint.venice.RetryPolicy;
import io.keymint.venice.ServerException;
import io.keymint.venice.VeniceClient;
import io.keymint.venice.VeniceConnectionException;
import io.keymint.venice.VeniceException;
import io.keymint.wallet.Wallet;
import io.keymint.wallet.WalletSource;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Mints a Venice API key with a wallet that holds staked VVV and hands the secret to its sinks.
 *
 * <p>{@link #mint(KeySpec)} does: check that every sink can be written (a key that cannot be stored
 * must not be minted; nothing is sent if one cannot); unlock the wallet (the slow part) while a
 * helper thread fetches a token; sign the token (EIP-191); post it; hand the key to every sink. A
 * wallet that cannot be unlocked is reported as such even when the token fetch failed too, and
 * nothing is ever posted for it.
 *
 * <p>The mint's retry rules (how long each wait is, and every request's own retries, are the
 * client's {@link RetryPolicy}; every wait goes through the client's {@link
 * io.keymint.venice.Sleeper}):
 *
 * <ul>
 *   <li>{@code JWT has expired}: fetch a fresh token, sign again, one more try.
 *   <li>{@code Could not verify wallet signature} (Venice's RPC to Base failed) and 429: nothing
 *       was minted; back off and retry.
 *   <li>Any other 4xx: fail at once with Venice's message. Blind retries of a request Venice
 *       refuses trip its failed-request lockout.
 *   <li>5xx, or an I/O error after the POST was sent: ambiguous, a key may exist whose secret never
 *       arrived. Retried within the same bound (an agent without a key is worse off than one orphan
 *       key), and counted in {@link MintResult#ambiguousAttempts()} and logged at WARN, so that the
 *       orphan can be found ({@code keymint keys list}) and revoked.
 * </ul>
 *
 * <p>Create one minter and reuse it; it is immutable and thread-safe (concurrent mints run
 * independently, each with its own token).
 */
public final class Web3KeyMinter {
  private static final Logger log = LoggerFactory.getLogger(Web3KeyMinter.class);
  static final String JWT_EXPIRED = "JWT has expired";
  static final String VERIFY_FAILED = "Could not verify wallet signature";

  private final VeniceClient client;
  private final WalletSource wallet;
  private final SinkSet sinks;
  private final int maxAttempts;
  private final boolean verify;
  private final ApiKeySecret adminKey;
  private final UnstoredKeyHandler unstored;
  private final Duration shutdownBound;
  private final Duration maxDuration;

  /** Venice's description of a web3 key minted without one. */
  static final String DEFAULT_DESCRIPTION = "Web3 API Key";

  /** Clock skew allowed between this client and Venice when matching orphans' creation times. */
  private static final Duration ORPHAN_SLACK = Duration.ofSeconds(2);

  private Web3KeyMinter(Builder b) {
    this.client = Objects.requireNonNull(b.client, "client");
    this.wallet = Objects.requireNonNull(b.wallet, "wallet: call wallet(WalletSource...)");
    if (b.sinks.isEmpty() && b.sinkSet == null) {
      throw new IllegalArgumentException(
          "no secret sink: Venice shows a key once, so give the minter somewhere to put it (sink(...))");
    }
    // the sinks wait between write retries with the client's sleeper, so one injected sleeper
    // governs every wait of a mint
    this.sinks = b.sinkSet != null ? b.sinkSet : SinkSet.of(b.sinks).withSleeper(client.sleeper());
    this.maxAttempts = b.maxAttempts;
    this.verify = b.verify;
    this.adminKey = b.adminKey;
    this.unstored = b.unstored;
    this.shutdownBound = b.shutdownBound;
    this.maxDuration = b.maxDuration;
  }

  /** A builder; {@link Builder#client} and at least one sink are required. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Mints an INFERENCE key with Venice's defaults and <em>no spending cap</em>, which is refused:
   * keys are capped by default. Kept for source compatibility; call {@link #mint(KeySpec)} with a
   * cap (or {@link KeySpec.Builder#noLimit()}).
   *
   * @throws IllegalArgumentException always, before anything is sent
   */
  public MintResult mint() {
    return mint(KeySpec.inference());
  }

  /**
   * Mints a key as {@code spec} describes and writes it to every sink.
   *
   * @return what was minted and where it was written
   * @throws io.keymint.wallet.WalletException if the wallet cannot be unlocked (nothing was posted;
   *     the token GET, which has no side effect, may have been sent)
   * @throws io.keymint.sink.SinkException if a sink fails its preflight (nothing was minted), or if
   *     after the mint a sink could not be written even after retries — then the exception carries
   *     the key so the caller can still store it; with an {@linkplain Builder#onUnstoredKey
   *     unstored-key handler} and no sink holding the key, what the handler returned instead
   * @throws io.keymint.venice.VeniceServiceException if Venice refused the mint
   * @throws VeniceConnectionException if Venice could not be reached
   * @throws KeyNotVerifiedException if the key is stored but Venice does not admit it, or the check
   *     could not be made (only with {@linkplain Builder#verify(boolean) verification} on)
   * @throws IllegalArgumentException if {@code spec} has neither a cap nor {@link
   *     KeySpec.Builder#noLimit()} (nothing is sent)
   */
  public MintResult mint(KeySpec spec) {
    return mint(spec, maxDuration);
  }

  /**
   * As {@link #mint(KeySpec)}, bounded by {@code within} instead of the {@linkplain
   * Builder#maxDuration builder's bound}: what is left of a caller's own deadline (a bootstrap's
   * max-wait) reaches the token fetch, every POST and the waits between them.
   *
   * @param spec what to mint; not null
   * @param within the bound on this mint, positive; null for none beyond the attempts
   * @return what was minted and where it was written
   * @throws MintTimedOutException if the bound passed before a key was minted
   * @throws IllegalArgumentException unless {@code within} is positive
   */
  public MintResult mint(KeySpec spec, Duration within) {
    Objects.requireNonNull(spec, "spec");
    spec.requireCapOrNoLimit();
    if (within != null && (within.isNegative() || within.isZero())) {
      throw new IllegalArgumentException("the mint's bound must be positive, was " + within);
    }
    Run run = new Run(within);
    VeniceClient tokenClient = run.client(client);
    // The sinks are checked before any request (a key that cannot be stored must not be minted),
    // but a wallet error, the likelier mistake, is still the one reported when both are wrong.
    SinkException unwritable = null;
    try {
      sinks.preflight();
    } catch (SinkException e) {
      unwritable = e;
    }
    // The token GET (no side effect; its token lives 15 minutes) runs while the wallet unlocks:
    // connection set-up and the round trip hide behind scrypt. Once, with the client's bounded
    // retries; abandoned if the unlock fails.
    FutureTask<String> prefetch = null;
    if (unwritable == null) {
      FutureTask<String> task = new FutureTask<>(tokenClient::web3Token);
      prefetch = task;
      Thread t =
          new Thread(
              () -> {
                task.run();
                warmUp();
              },
              "keymint-token");
      t.setDaemon(true);
      t.start();
    }
    try (Wallet w = wallet.unlock()) {
      if (unwritable != null) {
        throw unwritable;
      }
      if (unstored != null) {
        unstored.check(w); // e.g. no escrow for a randomised signer: refuse before minting
      }
      // From here until the sinks hold the key, a shutdown (SIGTERM, SIGINT) hands the minted
      // key to the unstored-key handler first, in a bounded time, instead of losing it.
      InFlight inFlight = unstored == null ? null : InFlight.guard(w, unstored, shutdownBound);
      Exchange exchange;
      ApiKey key;
      List<String> written = new ArrayList<>();
      try {
        exchange = exchange(w, spec, prefetch, run);
        key = exchange.key;
        if (inFlight != null) {
          inFlight.minted(key);
        }
        log.info(
            "minted {} key {} (ends {}) for wallet {}",
            key.type().map(Enum::name).orElse("?"),
            key.id(),
            key.secret().lastSix(),
            w.address());
        write(w, key, inFlight);
        sinks.sinks().forEach(s -> written.add(s.description()));
      } finally {
        if (inFlight != null) {
          inFlight.release();
        }
      }
      // the secret is stored: what follows only describes and checks the key
      // (bounded by what is left of maxDuration; a step past it is skipped, never the key)
      ApiKeySecret admin = adminKey != null ? adminKey : adminOf(key);
      if (admin != null) {
        key = readBack(key, admin, run);
      }
      OrphanCheck orphans =
          exchange.ambiguous > 0 ? orphans(key, spec, exchange, admin, w.address(), run) : null;
      MintResult result =
          new MintResult(
              key, written, exchange.attempts, exchange.ambiguous, exchange.tokens, null, orphans);
      return verify ? verify(result, run) : result;
    } finally {
      if (prefetch != null) {
        prefetch.cancel(true); // a no-op once it is done
      }
    }
  }

  /** The minted key itself when it is an ADMIN key: it can read and clean up its own account. */
  private static ApiKeySecret adminOf(ApiKey key) {
    return key.type().orElse(null) == ApiKeyType.ADMIN ? key.secret() : null;
  }

  /**
   * Records what Venice stored ({@code GET /api_keys/{id}}) instead of what was asked, and rewrites
   * the readable sinks' metadata with it. A failure keeps what was asked: the key is stored either
   * way.
   */
  private ApiKey readBack(ApiKey key, ApiKeySecret admin, Run run) {
    ApiKey reported;
    try (VeniceClient as = run.client(client).newBuilder().apiKey(admin).build()) {
      ApiKey details = as.apiKeys().get(key.id());
      reported = key.withReported(details);
    } catch (KeymintException e) {
      log.warn(
          "could not read key {} back from Venice ({}); its metadata records what was asked",
          key.id(),
          e.getMessage());
      return key;
    }
    for (SecretSink s : sinks.sinks()) {
      if (s instanceof ReadableSink) {
        try {
          s.write(reported);
        } catch (KeymintException e) {
          log.warn(
              "{} keeps the key with the caps that were asked; rewriting it with Venice's failed ({})",
              s.description(),
              e.getMessage());
        }
      }
    }
    return reported;
  }

  /**
   * After ambiguous attempts: lists the account's keys with {@code admin} and revokes those that
   * carry the minted key's description and were created between the first ambiguous attempt and the
   * key's arrival (with a little slack for clock skew), never the minted key. Without an admin key,
   * reports the window only.
   */
  private OrphanCheck orphans(
      ApiKey key, KeySpec spec, Exchange ex, ApiKeySecret admin, String wallet, Run run) {
    String description = key.description().orElse(spec.description().orElse(DEFAULT_DESCRIPTION));
    // to the millisecond, as Venice's createdAt; the slack below covers the rounding
    Instant from = ex.firstAmbiguousAt.truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
    Instant to = ex.receivedAt.truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
    if (admin == null) {
      OrphanCheck check = new OrphanCheck(from, to, description, false, List.of(), List.of(), null);
      // INFO: each ambiguous attempt was a WARN already, and MintResult.orphans() carries this
      log.info(
          "{} mint attempt(s) for wallet {} ended without an answer: {}",
          ex.ambiguous,
          wallet,
          check.advice(key.id()));
      return check;
    }
    List<String> revoked = new ArrayList<>();
    List<String> notRevoked = new ArrayList<>();
    String problem = null;
    try (VeniceClient as = run.client(client).newBuilder().apiKey(admin).build()) {
      for (ApiKey k : as.apiKeys().list()) {
        Instant created = k.createdAt().orElse(null);
        if (k.id().equals(key.id())
            || !description.equals(k.description().orElse(null))
            || created == null
            || created.isBefore(from.minus(ORPHAN_SLACK))
            || created.isAfter(to.plus(ORPHAN_SLACK))) {
          continue;
        }
        try {
          as.apiKeys().revoke(k.id());
          revoked.add(k.id());
        } catch (KeymintException e) {
          notRevoked.add(k.id());
          problem = "revoking " + k.id() + " failed: " + e.getMessage();
        }
      }
    } catch (KeymintException e) {
      problem = "listing the account's keys failed: " + e.getMessage();
    }
    boolean searched = problem == null || !revoked.isEmpty() || !notRevoked.isEmpty();
    OrphanCheck check =
        new OrphanCheck(from, to, description, searched, revoked, notRevoked, problem);
    if (check.failure().isEmpty()) {
      log.info("after {} ambiguous attempt(s): {}", ex.ambiguous, check.advice(key.id()));
    } else {
      log.warn(
          "{} mint attempt(s) ended without an answer: {}", ex.ambiguous, check.advice(key.id()));
    }
    return check;
  }

  /**
   * Uses the new key once ({@code GET /api_keys/rate_limits}) before reporting success, as Venice's
   * guide ends every creation.
   */
  private MintResult verify(MintResult result, Run run) {
    ApiKey key = result.key();
    String stored =
        "key "
            + key.id()
            + " (ends "
            + key.secret().lastSix()
            + ") is stored in "
            + String.join(", ", result.sinks());
    RateLimits limits;
    try (VeniceClient as = run.client(client).newBuilder().apiKey(key.secret()).build()) {
      limits = as.apiKeys().rateLimits();
    } catch (MintTimedOutException e) {
      throw new KeyNotVerifiedException(
          stored + " but could not be checked (" + e.getMessage() + ")", result, false, e);
    } catch (AuthenticationException | PaymentRequiredException | PermissionDeniedException e) {
      throw new KeyNotVerifiedException(
          stored
              + " but Venice refuses it ("
              + e.getMessage()
              + "): check the account's balance and the key's limits (keymint health)",
          result,
          true,
          e);
    } catch (VeniceException e) {
      throw new KeyNotVerifiedException(
          stored
              + " but could not be checked ("
              + e.getMessage()
              + "): check it later with keymint health",
          result,
          false,
          e);
    }
    MintResult checked = result.withVerification(limits);
    if (!limits.accessPermitted()) {
      throw new KeyNotVerifiedException(
          stored
              + " but Venice does not admit it (accessPermitted: false): check the account's"
              + " balance and the key's limits (keymint health)",
          checked,
          true,
          null);
    }
    if (limits.cannotSpend()) {
      log.warn(
          "key {} works, but model requests will fail until the account can spend (balances {})",
          key.id(),
          limits.balances().entrySet().stream()
              .map(e -> e.getKey() + " " + e.getValue().toPlainString())
              .collect(java.util.stream.Collectors.joining(", ")));
    }
    return checked;
  }

  /**
   * Writes every sink; a key no sink stored goes to the unstored-key handler (once: the shutdown
   * hook may have taken it already).
   */
  private void write(Wallet w, ApiKey key, InFlight inFlight) {
    try {
      sinks.write(key);
    } catch (SinkWriteException e) {
      if (inFlight == null || !e.storedSinks().isEmpty() || e.key() == null) {
        throw e; // no handler, or the key is stored somewhere: nothing is lost
      }
      if (!inFlight.settle()) {
        inFlight.awaitHook();
        throw e; // the shutdown hook sealed it
      }
      throw unstored.handle(w, key, e);
    }
    if (inFlight != null && !inFlight.settle()) {
      inFlight.awaitHook(); // stored, but the hook is sealing it too: let it finish with the wallet
    }
  }

  /**
   * Run by the token thread once the token is in, while the wallet is still unlocking: loads and
   * initialises what comes right after the unlock — the curve's precomputed tables and the signing
   * code (a throwaway key signs a throwaway message), and the JSON writer for the POST body. On the
   * standard keystore's path these ≈ 15 ms otherwise run after scrypt (docs/PERFORMANCE.md).
   * Nothing secret is involved, and it cannot fail a mint.
   */
  private static void warmUp() {
    try {
      try (Wallet w = WalletSource.privateKey(WARM_UP_KEY.clone()).unlock()) {
        w.signPersonalMessage("keymint warm-up");
      }
      Json.write(Json.object().put("warm", "up"));
    } catch (RuntimeException e) {
      log.debug("warm-up failed ({}); the mint goes on without it", e.getClass().getSimpleName());
    }
  }

  /** A throwaway key (0xC0FFEE), nothing secret. */
  private static final char[] WARM_UP_KEY =
      "0000000000000000000000000000000000000000000000000000000000c0ffee".toCharArray();

  /** One mint's outcome before the sinks. */
  private static final class Exchange {
    ApiKey key;
    int attempts;
    int ambiguous;
    int tokens;
    Instant firstAmbiguousAt;
    Instant receivedAt;
  }

  /** The run's deadline ({@link System#nanoTime()}; Long.MAX_VALUE when unbounded). */
  private static final class Run {
    final Duration bound; // null: unbounded
    final long deadline;

    Run(Duration bound) {
      this.bound = bound;
      this.deadline = bound == null ? Long.MAX_VALUE : System.nanoTime() + bound.toNanos();
    }

    boolean bounded() {
      return deadline != Long.MAX_VALUE;
    }

    long leftNanos() {
      return bounded() ? deadline - System.nanoTime() : Long.MAX_VALUE;
    }

    /** {@code c}, its request timeout cut to what is left of the run. */
    VeniceClient client(VeniceClient c) {
      if (!bounded()) {
        return c;
      }
      long left = leftNanos();
      if (left <= 0) {
        throw timedOut(null);
      }
      Duration d = Duration.ofNanos(left);
      VeniceClient.Builder b = c.newBuilder().callTimeout(d);
      if (d.compareTo(c.requestTimeout()) < 0) {
        b.requestTimeout(d);
      }
      return b.build();
    }

    MintTimedOutException timedOut(VeniceException last) {
      return new MintTimedOutException(
          "the mint's time limit of "
              + bound.toMillis()
              + " ms passed"
              + (last == null ? "" : " after: " + last.getMessage()),
          last);
    }
  }

  private Exchange exchange(Wallet w, KeySpec spec, FutureTask<String> prefetch, Run run) {
    Exchange ex = new Exchange();
    String address = w.address();
    String token = prefetched(ex, prefetch);
    boolean refreshedForExpiry = false;
    VeniceException last = null;
    for (int attempt = 0; attempt < maxAttempts; attempt++) {
      ex.attempts++;
      String wrong = Tokens.problem(token);
      if (wrong != null) {
        throw new KeymintException(
            "the token is not a Venice token (" + wrong + "): keymint signs nothing else");
      }
      String signature = w.signPersonalMessage(token);
      Duration wait;
      Instant sent = client.clock().instant();
      try {
        ex.key = run.client(client).mintWeb3Key(address, signature, token, spec);
        ex.receivedAt = client.clock().instant();
        return ex;
      } catch (BadRequestException e) {
        last = e;
        if (e.messageContains(JWT_EXPIRED) && !refreshedForExpiry) {
          log.info("the token expired before the mint; fetching a fresh one");
          refreshedForExpiry = true;
          token = fetchToken(ex, run);
          continue;
        }
        if (ex.ambiguous > 0 && e.messageContains("JWT")) {
          // the earlier, ambiguous attempt may have used this token up
          token = fetchToken(ex, run);
          continue;
        }
        if (!e.messageContains(VERIFY_FAILED)) {
          throw e;
        }
        wait = delay(attempt, null);
        log.warn(
            "Venice could not verify the signature (transient); retrying in {} ms",
            wait.toMillis());
      } catch (RateLimitedException e) {
        last = e;
        wait = delay(attempt, e.retryAfter().orElse(null));
        log.warn("Venice rate-limited the mint (429); retrying in {} ms", wait.toMillis());
      } catch (ServerException e) {
        last = e;
        ex.ambiguous++;
        if (ex.firstAmbiguousAt == null) {
          ex.firstAmbiguousAt = sent;
        }
        wait = delay(attempt, null);
        log.warn(
            "Venice answered {} to the mint: a key may have been minted whose secret never arrived"
                + " (check `keymint keys list` and revoke orphans); retrying in {} ms",
            e.statusCode(),
            wait.toMillis());
      } catch (VeniceConnectionException e) {
        last = e;
        if (e.requestSent()) {
          ex.ambiguous++;
          if (ex.firstAmbiguousAt == null) {
            ex.firstAmbiguousAt = sent;
          }
          log.warn(
              "the connection failed after the mint was sent ({}): a key may have been minted whose"
                  + " secret never arrived (check `keymint keys list` and revoke orphans)",
              e.getMessage());
        }
        wait = delay(attempt, null);
      }
      if (attempt + 1 < maxAttempts) {
        if (run.bounded() && run.leftNanos() <= wait.toNanos()) {
          // no time for another attempt: stop with what the last one said
          break;
        }
        sleep(wait);
      }
    }
    if (ex.ambiguous > 0) {
      last.addSuppressed(
          new KeymintException(
              ex.ambiguous
                  + " mint attempt(s) ended without an answer: a key may exist whose secret never"
                  + " arrived; list keys with an admin key and revoke the orphan"));
    }
    throw last;
  }

  /** The token fetched while the wallet unlocked; its failure is thrown as if fetched here. */
  private String prefetched(Exchange ex, FutureTask<String> prefetch) {
    ex.tokens++;
    try {
      return prefetch.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new KeymintException("interrupted while waiting for the token", e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException) {
        throw (RuntimeException) cause;
      }
      if (cause instanceof Error) {
        throw (Error) cause;
      }
      throw new KeymintException("fetching the token failed", cause);
    }
  }

  private String fetchToken(Exchange ex, Run run) {
    ex.tokens++;
    return run.client(client).web3Token();
  }

  /** What Venice asked for, else the client's jittered backoff ({@link RetryPolicy}). */
  private Duration delay(int attempt, Duration serverAsked) {
    return client.retryPolicy().sleepTime(attempt, serverAsked);
  }

  private void sleep(Duration wait) {
    try {
      client.sleeper().sleep(wait);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new KeymintException("interrupted while waiting to retry the mint", e);
    }
  }

  @Override
  public String toString() {
    return "Web3KeyMinter{wallet="
        + wallet.description()
        + ", sinks="
        + sinks
        + ", venice="
        + client.baseUrl()
        + "}";
  }

  /** Configures a {@link Web3KeyMinter}. Not thread-safe. */
  public static final class Builder {
    private VeniceClient client;
    private WalletSource wallet;
    private final List<SecretSink> sinks = new ArrayList<>();
    private SinkSet sinkSet;
    private int maxAttempts = 5;
    private boolean verify = true;
    private ApiKeySecret adminKey;
    private UnstoredKeyHandler unstored;
    private Duration shutdownBound = Duration.ofSeconds(10);
    private Duration maxDuration;

    private Builder() {}

    /**
     * Whether to use the new key once ({@code GET /api_keys/rate_limits}) before reporting success
     * (default true). When Venice does not admit it, {@link #mint(KeySpec)} throws {@link
     * KeyNotVerifiedException} — after the key is stored.
     */
    public Builder verify(boolean verify) {
      this.verify = verify;
      return this;
    }

    /**
     * What to do with a key that was minted but that no sink stored (default: nothing; {@link
     * #mint(KeySpec)} throws the {@link SinkWriteException}, which carries the key). With a
     * handler, a JVM shutdown while the key is being stored also hands it to the handler, at most
     * {@code shutdownBound} long (default 10 s). {@code keymint} passes {@link
     * io.keymint.escrow.RecoveryEscrow#handler}.
     *
     * @param handler the handler, or null for none
     */
    public Builder onUnstoredKey(UnstoredKeyHandler handler) {
      this.unstored = handler;
      return this;
    }

    /**
     * An ADMIN key of the minting wallet's account (may be null): with it the minter reads the new
     * key back ({@code GET /api_keys/{id}}) to record the caps Venice stored, and revokes orphans
     * of ambiguous attempts. A minted ADMIN key serves itself when none is given.
     */
    public Builder adminKey(ApiKeySecret adminKey) {
      this.adminKey = adminKey;
      return this;
    }

    /**
     * How long a shutdown hook may spend handing an unstored key to the {@linkplain #onUnstoredKey
     * handler} (default 10 s).
     *
     * @throws IllegalArgumentException if not positive
     */
    public Builder shutdownBound(Duration bound) {
      if (bound.isNegative() || bound.isZero()) {
        throw new IllegalArgumentException("shutdownBound must be positive");
      }
      this.shutdownBound = bound;
      return this;
    }

    /** The Venice client (shares its connection pool); required. */
    public Builder client(VeniceClient client) {
      this.client = Objects.requireNonNull(client, "client");
      return this;
    }

    /** Where the wallet comes from; required. */
    public Builder wallet(WalletSource wallet) {
      this.wallet = Objects.requireNonNull(wallet, "wallet");
      return this;
    }

    /** Adds a sink; all sinks must succeed. At least one is required. */
    public Builder sink(SecretSink sink) {
      this.sinks.add(Objects.requireNonNull(sink, "sink"));
      return this;
    }

    /** Adds sinks; all must succeed. */
    public Builder sinks(List<SecretSink> sinks) {
      sinks.forEach(this::sink);
      return this;
    }

    /** A sink set with its own write-retry settings; replaces {@link #sink}s. */
    public Builder sinkSet(SinkSet sinkSet) {
      this.sinkSet = Objects.requireNonNull(sinkSet, "sinkSet");
      return this;
    }

    /** POST attempts at most (default 5), across all retry reasons. */
    public Builder maxAttempts(int maxAttempts) {
      if (maxAttempts < 1) {
        throw new IllegalArgumentException("maxAttempts must be >= 1");
      }
      this.maxAttempts = maxAttempts;
      return this;
    }

    /**
     * Bounds the whole {@link #mint}: the token fetch, every POST and the waits between retries.
     * Each request's deadline is cut to what is left; no retry starts that could not finish in
     * time. Default: no bound beyond {@link #maxAttempts} and the client's request timeout.
     *
     * @throws IllegalArgumentException unless positive
     */
    public Builder maxDuration(Duration maxDuration) {
      Objects.requireNonNull(maxDuration, "maxDuration");
      if (maxDuration.isNegative() || maxDuration.isZero()) {
        throw new IllegalArgumentException("maxDuration must be positive");
      }
      this.maxDuration = maxDuration;
      return this;
    }

    /**
     * @throws NullPointerException if the client or wallet is missing
     * @throws IllegalArgumentException if no sink was given
     */
    public Web3KeyMinter build() {
      return new Web3KeyMinter(this);
    }
  }
}
