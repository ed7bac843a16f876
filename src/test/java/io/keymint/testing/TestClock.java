package io.keymint.testing;

import io.keymint.venice.Sleeper;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The one test clock: tests move it by hand ({@link #advance}), and its {@link #sleeper()} returns
 * at once, recording the delay and moving the clock by it, so code that waits for the clock never
 * really sleeps. Thread-safe; always UTC.
 */
public final class TestClock extends Clock {
  private volatile Instant now;
  private final List<Duration> sleeps = new CopyOnWriteArrayList<>();

  /** A clock at {@code start}. */
  public TestClock(Instant start) {
    this.now = start;
  }

  /** Moves the clock forward by {@code d}. */
  public synchronized void advance(Duration d) {
    now = now.plus(d);
  }

  /** A sleeper that records each delay and advances this clock by it, without sleeping. */
  public Sleeper sleeper() {
    return d -> {
      sleeps.add(d);
      advance(d);
    };
  }

  /** The delays {@link #sleeper()} was asked for, in order. */
  public List<Duration> sleeps() {
    return sleeps;
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return this; // a test clock stays in UTC
  }

  @Override
  public Instant instant() {
    return now;
  }
}
