package io.keymint.store;

import io.keymint.sink.StoredKey;
import io.keymint.venice.ApiKey;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Where a fleet keeps the one key it shares: a record read with its version, written by
 * compare-and-set on that version, and a lease for mutual exclusion while a key is minted.
 *
 * <p>Implementations: the local file store (an OS lock file beside a {@code file:} sink: the
 * default, one host), {@link EtcdKeyStore} (etcd v3) and {@link KubernetesKeyStore} (a Secret and a
 * {@code coordination.k8s.io} Lease). {@code KeyBootstrap.Builder.store(KeyStore)} runs {@code
 * ensure}, {@code rotate} and {@code recover} on one; {@link KeyWatch} follows it.
 *
 * <p><b>Fencing.</b> A {@link Lease} has a time to live, renewed while its holder lives. A write
 * names the lease it is made under, and fails with a {@link StoreException} of kind {@link
 * StoreException.Kind#CONFLICT CONFLICT} once that lease has run out, so a holder that stalled past
 * its TTL cannot overwrite what the next holder wrote.
 *
 * <p>No method's message, nor {@code toString}, holds a secret. Implementations are thread-safe.
 */
public interface KeyStore extends AutoCloseable {

  /** Where the store is, for messages (no credentials). */
  String description();

  /**
   * Whether this store seals the secret under a key derived from the wallet's deterministic
   * signature (the recovery escrow's derivation), so that only a wallet whose {@link
   * io.keymint.wallet.Wallet#deterministic()} is true can write or read it. {@code KeyBootstrap}
   * refuses a randomised signer (PKCS#11, KMS) for such a store before anything is minted. The
   * default is {@code false}.
   */
  default boolean sealsWithWallet() {
    return false;
  }

  /**
   * Reads the current record.
   *
   * @return the record, or empty if the store holds no key
   * @throws StoreException of kind {@code UNREACHABLE} if the store did not answer in time
   * @throws StoreException of kind {@code UNREADABLE} if the record exists but cannot be read
   *     (another wallet's, corrupt)
   */
  Optional<StoreRecord> read();

  /**
   * Takes the store's lease, waiting until {@code deadlineNanos} ({@link System#nanoTime()} scale)
   * for the current holder to release it or for its TTL to run out.
   *
   * @param ttl how long the lease outlives its holder if the holder stops renewing it (crash)
   * @param deadlineNanos when to give up
   * @return the held lease, or null if the deadline passed first
   * @throws StoreException of kind {@code UNREACHABLE} if the store did not answer
   * @throws InterruptedException if interrupted while waiting
   */
  Lease lease(Duration ttl, long deadlineNanos) throws InterruptedException;

  /**
   * Writes {@code key} if the record is still at {@code expectedVersion} and {@code lease} is still
   * held.
   *
   * @param key the key to store; not null
   * @param expectedVersion the version read, or null if the store held no key
   * @param lease the lease this write is made under; not null
   * @return the new version
   * @throws StoreException of kind {@code CONFLICT} if the record changed or the lease ran out
   * @throws StoreException of kind {@code UNREACHABLE} if the store did not answer in time
   */
  String write(ApiKey key, String expectedVersion, Lease lease);

  /**
   * Follows the record: {@code onKey} gets every key written after this call (not the current one:
   * {@link #read()} it first), on a thread of the store's.
   *
   * @param onKey receives each new key; not null
   * @return a handle that stops watching when closed
   * @throws UnsupportedOperationException if the store cannot be watched (the local file store)
   */
  default AutoCloseable watch(Consumer<StoredKey> onKey) {
    throw new UnsupportedOperationException(description() + " cannot be watched");
  }

  /** Releases connections. */
  @Override
  void close();

  /** A held lease. Closing it releases it at once. */
  interface Lease extends AutoCloseable {
    /** Who holds it, for messages and the store's records (no secret). */
    String holder();

    /** Releases the lease; never throws. */
    @Override
    void close();
  }
}
