package io.keymint.venice;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Objects;

/**
 * Keeps key creation under Venice's cap (20 a minute) on the client side, so a bulk job runs at the
 * cap without ever being answered 429 (Venice counts failed requests toward its lock-out budget,
 * and a 429 wastes a round trip plus a {@code Retry-After} wait).
 *
 * <p>A sliding window, like Venice's: at most {@code limit} creations in any {@code window}. Each
 * creation occupies a slot from the moment it is sent; the slot's time is taken when the answer
 * arrives, which is never earlier than when Venice counted it, so the window the client sees always
 * covers the one Venice sees — network latency only costs a little throughput, never a 429. A slot
 * is kept even when the creation failed: whether Venice counted it is unknown, and assuming it did
 * is the side that cannot cause a 429.
 *
 * <p>Thread-safe: concurrent creators share the slots. The clock and sleeper are injected so tests
 * run without real waits.
 */
final class CreationPacer {
  /** How long to wait when every slot is taken by a creation still in flight. */
  private static final Duration IN_FLIGHT_POLL = Duration.ofMillis(5);

  private final int limit;
  private final Duration window;
  private final Clock clock;
  private final Sleeper sleeper;
  private final Deque<Instant> finished = new ArrayDeque<>();
  private int inFlight;

  CreationPacer(int limit, Duration window, Clock clock, Sleeper sleeper) {
    if (limit < 1 || window.isNegative() || window.isZero()) {
      throw new IllegalArgumentException(
          "key creation rate needs at least 1 per a positive window");
    }
    this.limit = limit;
    this.window = window;
    this.clock = Objects.requireNonNull(clock, "clock");
    this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
  }

  int limit() {
    return limit;
  }

  Duration window() {
    return window;
  }

  /**
   * Waits until a creation may be sent and takes its slot; pair with {@link #release()}.
   *
   * @throws InterruptedException if interrupted while waiting (no slot is taken)
   */
  void acquire() throws InterruptedException {
    while (true) {
      Duration wait;
      synchronized (this) {
        Instant now = clock.instant();
        while (!finished.isEmpty() && !finished.peekFirst().plus(window).isAfter(now)) {
          finished.removeFirst();
        }
        if (finished.size() + inFlight < limit) {
          inFlight++;
          return;
        }
        wait =
            finished.isEmpty()
                ? IN_FLIGHT_POLL
                : Duration.between(now, finished.peekFirst().plus(window));
      }
      sleeper.sleep(wait);
    }
  }

  /** Marks the creation sent after {@link #acquire()} as answered (or failed) now. */
  synchronized void release() {
    inFlight--;
    finished.addLast(clock.instant());
  }
}
