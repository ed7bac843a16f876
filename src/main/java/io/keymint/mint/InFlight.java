package io.keymint.mint;

import io.keymint.KeymintException;
import io.keymint.venice.ApiKey;
import io.keymint.wallet.Wallet;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One mint's key between Venice's answer and the sinks, guarded by a JVM shutdown hook: a SIGTERM
 * or SIGINT while the sinks are written (or retried) hands the key to the unstored-key handler
 * before the JVM exits, in a bounded time. Exactly one of the mint and the hook settles the key.
 */
final class InFlight {
  private static final Logger log = LoggerFactory.getLogger(InFlight.class);

  private final Wallet wallet;
  private final UnstoredKeyHandler handler;
  private final Duration bound;
  private final AtomicBoolean settled = new AtomicBoolean();
  private final CountDownLatch hookDone = new CountDownLatch(1);
  private volatile ApiKey key;
  private Thread hook;

  private InFlight(Wallet wallet, UnstoredKeyHandler handler, Duration bound) {
    this.wallet = wallet;
    this.handler = handler;
    this.bound = bound;
  }

  /** Registers the shutdown hook; {@link #release()} removes it. */
  static InFlight guard(Wallet wallet, UnstoredKeyHandler handler, Duration bound) {
    InFlight f = new InFlight(wallet, handler, bound);
    Thread t = new Thread(f::onShutdown, "keymint-seal-on-shutdown");
    try {
      Runtime.getRuntime().addShutdownHook(t);
      f.hook = t;
    } catch (IllegalStateException shuttingDown) {
      f.hook = null; // already shutting down: no hook can run, the mint goes on as it can
    }
    return f;
  }

  void minted(ApiKey key) {
    this.key = key;
  }

  /** Claims the key for the caller; false if the shutdown hook took it. */
  boolean settle() {
    return settled.compareAndSet(false, true);
  }

  /** Waits (bounded) for the hook that took the key, so the wallet stays open while it signs. */
  void awaitHook() {
    try {
      hookDone.await(bound.toMillis() + 1000, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  void release() {
    if (hook == null) {
      return;
    }
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException shuttingDown) {
      // the hook is running or has run
    }
  }

  private void onShutdown() {
    try {
      ApiKey k = key;
      if (k == null || !settle()) {
        return; // nothing minted yet, or the mint settled it
      }
      RuntimeException why =
          new KeymintException(
              "the process is shutting down (a signal) while key "
                  + k.id()
                  + " (ends "
                  + k.secret().lastSix()
                  + ") was being stored");
      Thread worker =
          new Thread(
              () -> {
                try {
                  RuntimeException outcome = handler.handle(wallet, k, why);
                  log.error("{}", handler.shutdownReport(outcome));
                } catch (RuntimeException e) {
                  log.error(
                      "key {} could not be saved while shutting down ({})",
                      k.id(),
                      e.getClass().getSimpleName());
                }
              },
              "keymint-seal");
      worker.setDaemon(true);
      worker.start();
      worker.join(bound.toMillis());
      if (worker.isAlive()) {
        log.error(
            "saving key {} did not finish within {} ms of the shutdown; revoke it by its id",
            k.id(),
            bound.toMillis());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      hookDone.countDown();
    }
  }
}
