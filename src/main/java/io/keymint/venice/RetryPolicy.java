package io.keymint.venice;

import io.keymint.internal.RetryHeaders;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;

/**
 * When keymint retries and how long it waits before retrying: the rules of every retry loop in one
 * place. A {@link VeniceClient} owns one (see {@link VeniceClient.Builder#backoff}) and uses it for
 * its own calls; the minter uses the client's for its mint retries; a sink set has one of its own
 * (shorter waits: a file write is not a remote service). Every wait goes through the client's
 * {@link Sleeper}, every date through its {@link java.time.Clock}.
 *
 * <p><b>What is retried</b> ({@link #shouldRetry}):
 *
 * <ul>
 *   <li>An idempotent call (GET, PATCH, DELETE): after a 429, a 5xx or an I/O error.
 *   <li>A call that creates (a key): only when it provably created nothing — a 429, or a connection
 *       that failed before the request was sent. Never a 5xx or any other 4xx: Venice locks out a
 *       client that keeps failing.
 *   <li>The mint POST: never by the client; the minter decides (a 5xx or a lost answer there is
 *       ambiguous, see {@code Web3KeyMinter}), and waits {@link #sleepTime(int, Duration)}.
 *   <li>A 2xx whose body cannot be read: never.
 * </ul>
 *
 * <p><b>How long to wait</b> ({@link #sleepTime}): what the server asked for when it said ({@code
 * Retry-After}, or Venice's {@code x-ratelimit-reset-*}; at most 2 minutes), otherwise exponential
 * backoff with jitter: before retry {@code n} (0-based) a draw in {@code [floor·c, c]} where {@code
 * c = min(cap, base·2^n)}. Venice's calls use full jitter ({@code floor} 0, AWS's "full jitter"),
 * so that many clients restarting together do not retry in lock-step; sinks keep at least half of
 * each step ({@code floor} ½), so that a full disk still gets time to drain.
 *
 * <p>Immutable and thread-safe.
 */
public final class RetryPolicy {
  private final Duration base;
  private final Duration cap;
  private final double floor;
  private final DoubleSupplier random;

  private RetryPolicy(Duration base, Duration cap, double floor, DoubleSupplier random) {
    Objects.requireNonNull(base, "base");
    Objects.requireNonNull(cap, "cap");
    if (base.isNegative() || cap.isNegative()) {
      throw new IllegalArgumentException("retry delays cannot be negative");
    }
    this.base = base;
    this.cap = cap;
    this.floor = floor;
    this.random = random;
  }

  /** Venice's calls and mints: 0.5 s doubling, capped at 30 s (Venice's advice), full jitter. */
  public static RetryPolicy venice() {
    return of(Duration.ofMillis(500), Duration.ofSeconds(30));
  }

  /**
   * Full-jitter backoff from {@code base} doubling up to {@code cap}.
   *
   * @throws IllegalArgumentException if a delay is negative
   */
  public static RetryPolicy of(Duration base, Duration cap) {
    return new RetryPolicy(base, cap, 0, () -> ThreadLocalRandom.current().nextDouble());
  }

  /**
   * Backoff that waits at least half of each step: for local work such as sink writes, where a
   * retry at once would meet the same full disk.
   *
   * @throws IllegalArgumentException if a delay is negative
   */
  public static RetryPolicy halfJitter(Duration base, Duration cap) {
    return new RetryPolicy(base, cap, 0.5, () -> ThreadLocalRandom.current().nextDouble());
  }

  /** The same policy drawing its jitter from {@code random} (values in [0, 1)); for tests. */
  RetryPolicy withRandom(DoubleSupplier random) {
    return new RetryPolicy(base, cap, floor, Objects.requireNonNull(random, "random"));
  }

  /** The first step of the backoff. */
  public Duration base() {
    return base;
  }

  /** The largest backoff step. */
  public Duration cap() {
    return cap;
  }

  /**
   * Whether a call that ended with {@code status} (0: no answer, an I/O error) may be sent again.
   *
   * @param kind what the call does
   * @param status the HTTP status, or 0 when the exchange failed
   * @param requestSent for a failed exchange, whether the request may have reached Venice
   */
  static boolean shouldRetry(VeniceClient.Retry kind, int status, boolean requestSent) {
    if (kind == VeniceClient.Retry.NEVER) {
      return false;
    }
    if (status == 0) { // an I/O error: retried unless a creating request may have arrived
      return kind == VeniceClient.Retry.IDEMPOTENT || !requestSent;
    }
    if (status == 429) { // nothing happened; Venice says when to come back
      return true;
    }
    return status >= 500 && kind == VeniceClient.Retry.IDEMPOTENT; // a 5xx may have created
  }

  /**
   * How long to wait before retry {@code retry} (0 for the first): the jittered backoff step.
   *
   * @param retry 0 for the first retry
   * @return the wait, never negative
   */
  public Duration sleepTime(int retry) {
    long ceiling = base.toMillis() << Math.min(Math.max(retry, 0), 20);
    ceiling = Math.min(ceiling, cap.toMillis());
    double draw = floor + (1 - floor) * random.getAsDouble();
    return Duration.ofMillis((long) (draw * ceiling));
  }

  /**
   * How long to wait before retry {@code retry}: {@code serverAsked} when the server said (already
   * capped by whoever read it), else {@link #sleepTime(int)}.
   *
   * @param retry 0 for the first retry
   * @param serverAsked what the server asked for, or null
   * @return the wait, never negative
   */
  public Duration sleepTime(int retry, Duration serverAsked) {
    if (serverAsked == null) {
      return sleepTime(retry);
    }
    return serverAsked.isNegative() ? Duration.ZERO : serverAsked;
  }

  /** As {@link #sleepTime(int, Duration)}, with the server's word read from response headers. */
  Duration sleepTime(int retry, Map<String, String> headers, Clock clock) {
    return sleepTime(retry, RetryHeaders.serverDelayOrNull(headers, clock));
  }

  @Override
  public String toString() {
    return "RetryPolicy{base="
        + base
        + ", cap="
        + cap
        + (floor == 0 ? ", full jitter" : ", at least " + floor + " of each step")
        + "}";
  }
}
