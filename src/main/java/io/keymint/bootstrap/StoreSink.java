package io.keymint.bootstrap;

import io.keymint.sink.SecretSink;
import io.keymint.store.KeyStore;
import io.keymint.store.StoreException;
import io.keymint.venice.ApiKey;

/**
 * Lets the minter write to a {@link KeyStore} as one of its sinks: preflight before the mint, a
 * compare-and-set write under the lease after it. A lost compare-and-set is sticky (the minter's
 * retries would only lose again), and the failure is kept for the bootstrap to report.
 */
final class StoreSink implements SecretSink {
  private final KeyStore store;
  private final String expectedVersion;
  private final KeyStore.Lease lease;
  private final Runnable preflight;
  private volatile RuntimeException failure;
  private volatile String writtenVersion;

  StoreSink(KeyStore store, String expectedVersion, KeyStore.Lease lease, Runnable preflight) {
    this.store = store;
    this.expectedVersion = expectedVersion;
    this.lease = lease;
    this.preflight = preflight;
  }

  @Override
  public void preflight() {
    preflight.run();
  }

  @Override
  public void write(ApiKey key) {
    if (failure instanceof StoreException
        && ((StoreException) failure).kind() == StoreException.Kind.CONFLICT) {
      throw failure;
    }
    try {
      writtenVersion = store.write(key, expectedVersion, lease);
      failure = null;
    } catch (RuntimeException e) {
      failure = e;
      throw e;
    }
  }

  /** The last failure of {@link #write}, or null once it succeeded. */
  RuntimeException failure() {
    return failure;
  }

  String writtenVersion() {
    return writtenVersion;
  }

  @Override
  public String description() {
    return store.description();
  }
}
