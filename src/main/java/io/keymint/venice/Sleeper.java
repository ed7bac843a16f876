package io.keymint.venice;

import java.time.Duration;

/**
 * Waits between retries. The default sleeps the thread; tests pass one that records the delays
 * instead, so no test ever waits for a real backoff.
 */
@FunctionalInterface
public interface Sleeper {
  /** Sleeps on the calling thread. */
  Sleeper SYSTEM = duration -> Thread.sleep(duration.toMillis());

  /**
   * Waits for {@code duration}.
   *
   * @throws InterruptedException if the thread is interrupted while waiting
   */
  void sleep(Duration duration) throws InterruptedException;
}
