package io.keymint.bootstrap;

import io.keymint.KeymintException;
import io.keymint.Setting;
import io.keymint.store.KeyStore;
import java.nio.file.Path;
import java.time.Duration;

/**
 * One call of {@code ensure}, {@code rotate} or {@code recover}: its deadline ({@code maxWait},
 * from the call's start) and the store's lease it holds. Closing it releases the lease.
 */
final class Run implements AutoCloseable {
  private final BootstrapConfig config;
  private final long started = System.nanoTime();
  private final long deadline;

  /** The store the run works under (the shared store or the file store), or null. */
  final KeyStore store;

  private KeyStore.Lease lease;
  private Duration waited = Duration.ZERO;

  Run(BootstrapConfig config, KeyStore store) {
    this.config = config;
    this.store = store;
    this.deadline = started + config.maxWait.toNanos();
  }

  /**
   * Takes the store's lease, waiting until the deadline (no-op without a store).
   *
   * @throws BootstrapException {@link BootstrapException.Kind#TIMED_OUT} if another holder kept it
   */
  Run lease() {
    if (store == null) {
      return this;
    }
    KeyStore.Lease l;
    try {
      l = store.lease(config.leaseTtl, deadline);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new KeymintException(
          "interrupted while waiting for the lease on " + store.description(), e);
    }
    if (l == null) {
      throw timedOut();
    }
    this.lease = l;
    this.waited = Duration.ofNanos(System.nanoTime() - started);
    return this;
  }

  /** The lease held, or null (no store, or not taken). */
  KeyStore.Lease heldLease() {
    return lease;
  }

  /** How long the run waited for the lease. */
  Duration waited() {
    return waited;
  }

  /** What is left of {@code maxWait}, at least a nanosecond: bounds a mint. */
  Duration left() {
    return Duration.ofNanos(Math.max(1, deadline - System.nanoTime()));
  }

  /**
   * @throws BootstrapException {@link BootstrapException.Kind#TIMED_OUT} if maxWait has passed
   *     before {@code step}
   */
  void checkDeadline(String step) {
    if (System.nanoTime() - deadline > 0) {
      throw new BootstrapException(
          BootstrapException.Kind.TIMED_OUT,
          Setting.MAX_WAIT.apiName()
              + " of "
              + config.maxWait.toSeconds()
              + " s passed before "
              + step
              + ": nothing was minted",
          null,
          Setting.MAX_WAIT);
    }
  }

  private BootstrapException timedOut() {
    if (store instanceof FileKeyStore) {
      Path lockFile = ((FileKeyStore) store).lockFile();
      return new BootstrapException(
          BootstrapException.Kind.TIMED_OUT,
          "another keymint still holds "
              + lockFile
              + " after "
              + config.maxWait.toSeconds()
              + " s: raise "
              + Setting.MAX_WAIT.apiName()
              + ", or find the process that holds it (fuser "
              + lockFile
              + ")",
          null,
          Setting.MAX_WAIT);
    }
    return new BootstrapException(
        BootstrapException.Kind.TIMED_OUT,
        "another replica still holds the lease on "
            + store.description()
            + " after "
            + config.maxWait.toSeconds()
            + " s: raise "
            + Setting.MAX_WAIT.apiName()
            + " (a crashed holder's lease runs out after its TTL)",
        null,
        Setting.MAX_WAIT);
  }

  @Override
  public void close() {
    if (lease != null) {
      lease.close();
    }
  }
}
