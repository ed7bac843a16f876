package io.keymint.bootstrap;

import io.keymint.ApiKeySecret;
import io.keymint.KeymintException;
import io.keymint.Setting;
import io.keymint.bootstrap.BootstrapException.Kind;
import io.keymint.bootstrap.BootstrapResult.Outcome;
import io.keymint.mint.KeyNotVerifiedException;
import io.keymint.mint.MintResult;
import io.keymint.mint.UnstoredKeyHandler;
import io.keymint.mint.Web3KeyMinter;
import io.keymint.sink.ReadableSink;
import io.keymint.sink.SecretSink;
import io.keymint.sink.SinkSet;
import io.keymint.sink.SinkWriteException;
import io.keymint.sink.StoredKey;
import io.keymint.store.KeyStore;
import io.keymint.store.StoreConflictException;
import io.keymint.store.StoreException;
import io.keymint.store.StoreRecord;
import io.keymint.store.StoreUnreachableException;
import io.keymint.venice.ApiKey;
import io.keymint.venice.AuthenticationException;
import io.keymint.venice.ConsumptionLimit;
import io.keymint.venice.KeySpec;
import io.keymint.venice.LimitPeriod;
import io.keymint.venice.PaymentRequiredException;
import io.keymint.venice.PermissionDeniedException;
import io.keymint.venice.RateLimits;
import io.keymint.venice.VeniceClient;
import io.keymint.venice.VeniceServiceException;
import io.keymint.wallet.Wallet;
import io.keymint.wallet.WalletSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes a wallet-minted Venice key safe to bootstrap from code that restarts: {@link #ensure()}
 * reuses the stored key while it works and mints only when it must, {@link #rotate()} replaces it
 * without a gap, and a key that no sink could store is sealed in a recovery file ({@link
 * RecoveryEscrow}) that {@link #recover(Path)} restores.
 *
 * <p><b>Rules.</b>
 *
 * <ul>
 *   <li>The stored key is read from the first {@link ReadableSink} ({@code file:} or {@code
 *       env-file:}); other sinks are written on mint but never read.
 *   <li>A stored key is reused when its metadata says it is of the asked type and does not expire
 *       within the {@linkplain Builder#margin margin}, and Venice admits it ({@code GET
 *       /api_keys/rate_limits} with that key: {@code accessPermitted}, and its expiry outside the
 *       margin). A 401 there means the key is gone (revoked, expired): a new key is minted. A
 *       402/403 or {@code accessPermitted: false} means Venice refuses it for now (a spent cap):
 *       that is an error ({@link BootstrapException.Kind#KEY_REFUSED}) unless {@link
 *       Builder#replaceRefusedKeys(boolean)}, because a new key would lift the cap. Any other
 *       failure (Venice unreachable) propagates: minting blind would leak keys on every restart.
 *   <li>Check, mint and write happen under the store's lease: by default an exclusive OS lock on
 *       {@code PATH.lock} beside the readable sink (see {@code SinkLock}; {@link Builder#lockFile}
 *       moves it), so concurrent runs on one sink mint at most one key: the others wait, then find
 *       the new key and reuse it.
 *   <li>With a shared {@link Builder#store(KeyStore) store} (etcd, a Kubernetes Secret) the key is
 *       read from and written to the store — by compare-and-set on the version read, under its
 *       lease with a TTL, so a holder whose lease ran out cannot write — and the sinks are local
 *       copies, written on every {@code ensure}. A minted key the store did not take is sealed in a
 *       recovery file and a {@link io.keymint.store.StoreException} names it.
 *   <li>{@linkplain Builder#maxWait maxWait} bounds the run: waiting for the lock, and no new step
 *       starts once it has passed. A mint already sent is always finished and stored, because
 *       abandoning it would lose the key.
 *   <li>If every sink fails after a mint, the key is sealed in a recovery file (in {@linkplain
 *       Builder#recoveryDir the recovery folder}, else beside the readable sinks, else the working
 *       directory) and {@link KeyEscrowedException} says where.
 *   <li>{@link #rotate()} revokes the old key only after the new one is stored in every sink and
 *       Venice admits it.
 * </ul>
 *
 * <p>Immutable and thread-safe; threads of one JVM queue on the same lock as processes do.
 */
public final class KeyBootstrap {
  private static final Logger log = LoggerFactory.getLogger(KeyBootstrap.class);

  private final VeniceClient client;
  private final WalletSource wallet;
  private final List<SecretSink> locals;
  private final ReadableSink primary;
  private final KeyStore store;
  private final Duration leaseTtl;
  private final Duration grace;
  private final Path lockFile;
  private final KeySpec spec;
  private final Duration margin;
  private final boolean replaceRefused;
  private final Duration maxWait;
  private final Clock clock;
  private final Path recoveryDir;
  private final ApiKeySecret adminKey;
  private final PublicKey escrowRecipient;
  private final boolean requireEscrow;
  private final boolean verify;
  private final boolean replaceOnDrift;

  private KeyBootstrap(Builder b) {
    this.client = Objects.requireNonNull(b.client, "client");
    this.wallet = Objects.requireNonNull(b.wallet, "wallet");
    if (b.sinks.isEmpty() && b.store == null) {
      throw new IllegalArgumentException(
          "no sink: give the bootstrap somewhere to keep the key (sink(...) or store(...))");
    }
    if (!b.sinks.isEmpty()) {
      SinkSet.of(b.sinks); // refuses now what it would refuse at the mint (one file as two sinks)
    }
    this.locals = List.copyOf(b.sinks);
    this.store = b.store;
    this.leaseTtl = b.leaseTtl;
    this.grace = b.grace;
    this.lockFile = b.lockFile;
    this.primary =
        b.sinks.stream()
            .filter(s -> s instanceof ReadableSink)
            .map(s -> (ReadableSink) s)
            .findFirst()
            .orElse(null);
    this.spec = b.spec;
    this.margin = b.margin;
    this.replaceRefused = b.replaceRefused;
    this.maxWait = b.maxWait;
    this.clock = b.clock != null ? b.clock : client.clock();
    this.recoveryDir = b.recoveryDir;
    this.adminKey = b.adminKey;
    this.escrowRecipient = b.escrowRecipient;
    this.requireEscrow = b.requireEscrow;
    this.verify = b.verify;
    this.replaceOnDrift = b.replaceOnDrift;
  }

  /** A new builder. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Makes sure the store (or the readable sink) holds a key Venice admits: reuses the stored one,
   * else mints — at most one process at a time, under the store's lease.
   *
   * <p>With a shared {@linkplain Builder#store store}, a valid stored key is reused without taking
   * the lease, and copied to every local sink.
   *
   * @return {@link Outcome#REUSED} or {@link Outcome#MINTED}, with the key
   * @throws IllegalArgumentException if there is no store and no sink is readable (add a {@code
   *     file:} or {@code env-file:} sink)
   * @throws BootstrapException {@link Kind#TIMED_OUT} if the lock or the run outlasted maxWait
   * @throws KeyEscrowedException if a key was minted, no sink stored it and it was sealed
   * @throws io.keymint.store.StoreException if the shared store cannot be reached, or the write of
   *     a minted key lost its compare-and-set (the key is then sealed in a recovery file as well)
   * @throws io.keymint.sink.SinkException as {@link Web3KeyMinter#mint(KeySpec)} does
   * @throws io.keymint.wallet.WalletException if the wallet cannot be unlocked (nothing was minted)
   * @throws io.keymint.venice.VeniceException if Venice cannot be reached to check the stored key,
   *     or refuses the mint
   */
  public BootstrapResult ensure() {
    KeyStore s = effectiveStore();
    if (s == null) {
      throw new IllegalArgumentException(
          "ensure needs a sink it can read the stored key back from: add a file: or env-file: sink");
    }
    long deadline = System.nanoTime() + maxWait.toNanos();
    long started = System.nanoTime();
    if (store != null) {
      // the fleet's common case: the key is there and works, no lease needed
      Optional<StoreRecord> rec = store.read();
      if (rec.isPresent()
          && foreignWallet(rec.get().key()) == null
          && problem(rec.get().key()) == null) {
        List<String> drift = driftOf(rec.get().key());
        if (drift.isEmpty() || !replaceOnDrift) {
          return reuse(rec.get(), Duration.ZERO, drift);
        }
      }
    }
    KeyStore.Lease lease = lease(s, deadline);
    try {
      Duration waited = Duration.ofNanos(System.nanoTime() - started);
      Optional<StoreRecord> rec = s.read();
      String reason;
      String foreign = rec.isPresent() ? foreignWallet(rec.get().key()) : null;
      if (foreign != null) {
        // another wallet's key: reusing it would bill that wallet. Left in place, not revoked.
        StoredKey stored = rec.get().key();
        String id = stored.metadata().map(ApiKey::id).orElse("(unknown id)");
        log.warn(
            "the key in {} ({} ends {}) was minted by wallet {}, not this one: minting a key for"
                + " this wallet; key {} is left as it is (not revoked)",
            s.description(),
            id,
            stored.secret().lastSix(),
            foreign,
            id);
        reason = "the stored key " + id + " belongs to wallet " + foreign + ", not this wallet";
      } else if (rec.isPresent()) {
        String problem = problem(rec.get().key());
        if (problem == null) {
          List<String> drift = driftOf(rec.get().key());
          if (!drift.isEmpty() && replaceOnDrift) {
            checkDeadline(deadline, "replacing the drifted key");
            return rotateLocked(
                s,
                lease,
                rec,
                waited,
                deadline,
                "the stored key differs from this run's ask: " + String.join("; ", drift),
                drift);
          }
          return reuse(rec.get(), waited, drift);
        }
        reason = problem;
      } else {
        reason = "no key is stored in " + s.description();
      }
      checkDeadline(deadline, "minting");
      log.info("minting a key: {}", reason);
      MintResult minted = mintWith(deadline, s, rec.map(StoreRecord::version).orElse(null), lease);
      return BootstrapResult.builder(Outcome.MINTED, minted.key().secret())
          .key(minted.key())
          .sinks(minted.sinks())
          .reason(reason)
          .mint(minted)
          .lockWait(waited)
          .build();
    } finally {
      lease.close();
    }
  }

  /**
   * How the stored key differs from this run's spec (logged at INFO: the result carries it, and the
   * CLI prints a warning); empty without metadata.
   */
  private List<String> driftOf(StoredKey stored) {
    List<String> drift = stored.metadata().map(this::drift).orElse(List.of());
    if (!drift.isEmpty()) {
      log.info(
          "the stored key {} differs from what this run asks for: {}{}",
          stored.metadata().map(ApiKey::id).orElse("?"),
          String.join("; ", drift),
          replaceOnDrift
              ? " — replacing it"
              : " (kept; " + Setting.REPLACE_ON_DRIFT.apiName() + " replaces it)");
    }
    return drift;
  }

  private BootstrapResult reuse(StoreRecord rec, Duration waited, List<String> drift) {
    StoredKey stored = rec.key();
    List<String> where = new ArrayList<>();
    where.add(stored.sink());
    if (store != null && !locals.isEmpty()) {
      // local copies for the agent: written on every reuse, so they follow the shared record
      SinkSet copies = SinkSet.of(locals).withSleeper(client.sleeper());
      copies.preflight();
      copies.write(issued(stored));
      copies.sinks().forEach(k -> where.add(k.description()));
    }
    log.info("reusing the key in {} (ends {})", stored.sink(), stored.secret().lastSix());
    return BootstrapResult.builder(Outcome.REUSED, stored.secret())
        .key(stored.metadata().orElse(null))
        .sinks(where)
        .reason("the stored key is valid")
        .lockWait(waited)
        .drift(drift)
        .build();
  }

  /** The stored key as an {@link ApiKey} for the sinks. */
  static ApiKey issued(StoredKey stored) {
    return stored
        .metadata()
        .map(m -> m.withSecret(stored.secret()))
        .orElseGet(
            () ->
                ApiKey.builder()
                    .id("unknown")
                    .type(io.keymint.venice.ApiKeyType.INFERENCE)
                    .secret(stored.secret())
                    .build());
  }

  /**
   * Mints a new key, stores it (by compare-and-set in the store, and in every sink), checks that
   * Venice admits it, waits the {@linkplain Builder#grace grace period} when the store is shared
   * (so that watching replicas switch), then revokes the key held before — with the {@linkplain
   * Builder#adminKey admin key}; without one the result names the old key's id for the caller to
   * revoke. Never revokes before the new key is stored.
   *
   * @return {@link Outcome#ROTATED}
   * @throws BootstrapException {@link Kind#NEW_KEY_REJECTED} if Venice does not admit the new key
   *     (it is stored; the old key was not revoked), {@link Kind#TIMED_OUT} as for {@link
   *     #ensure()}
   * @throws KeyEscrowedException if no sink stored the new key (the old key was not revoked)
   * @throws io.keymint.store.StoreException if the shared store cannot be reached, or the new key's
   *     write lost its compare-and-set (the old key was not revoked)
   * @throws KeymintException caused by the Venice error if revoking the old key failed; the new key
   *     is stored and in use
   */
  public BootstrapResult rotate() {
    long deadline = System.nanoTime() + maxWait.toNanos();
    long started = System.nanoTime();
    KeyStore s = effectiveStore();
    KeyStore.Lease lease = s == null ? null : lease(s, deadline);
    try {
      Duration waited = Duration.ofNanos(System.nanoTime() - started);
      Optional<StoreRecord> oldRecord = s == null ? Optional.empty() : s.read();
      checkDeadline(deadline, "minting");
      return rotateLocked(s, lease, oldRecord, waited, deadline, null, List.of());
    } finally {
      if (lease != null) {
        lease.close();
      }
    }
  }

  /**
   * The rotation, with the store's lease held (closed by the caller); {@code why} prefixes the
   * result's reason, {@code drift} is what made {@code ensure} replace the key.
   */
  private BootstrapResult rotateLocked(
      KeyStore s,
      KeyStore.Lease lease,
      Optional<StoreRecord> oldRecord,
      Duration waited,
      long deadline,
      String why,
      List<String> drift) {
    Optional<StoredKey> old = oldRecord.map(StoreRecord::key);
    String oldId = old.flatMap(StoredKey::metadata).map(ApiKey::id).orElse(null);
    MintResult minted;
    try {
      minted = mintWith(deadline, s, oldRecord.map(StoreRecord::version).orElse(null), lease);
    } catch (KeyNotVerifiedException e) {
      if (!e.refused()) {
        throw e; // the check itself failed (Venice unreachable): the old key is untouched
      }
      throw rejected(e.result().key(), oldId, e);
    }
    ApiKey fresh = minted.key();
    if (minted.verification().isEmpty()) {
      RateLimits limits;
      try (VeniceClient as = client.newBuilder().apiKey(fresh.secret()).build()) {
        limits = as.apiKeys().rateLimits();
      } catch (VeniceServiceException e) {
        throw rejected(fresh, oldId, e);
      }
      if (!limits.accessPermitted()) {
        throw rejected(fresh, oldId, null);
      }
    }
    boolean revoked = false;
    String reason;
    if (oldId == null) {
      reason =
          old.isPresent()
              ? "the previous key (ends "
                  + old.get().secret().lastSix()
                  + ") had no metadata: find it by those"
                  + " characters in the key list and revoke it"
              : "no previous key was stored";
    } else if (oldId.equals(fresh.id())) {
      reason = "the stored key was already the new one";
    } else if (adminKey == null) {
      reason = "no admin key: revoke the previous key " + oldId + " yourself";
    } else {
      if (store != null && !grace.isZero()) {
        log.info(
            "new key {} is in {}; waiting {} s for watchers before revoking {}",
            fresh.id(),
            store.description(),
            grace.toSeconds(),
            oldId);
        try {
          client.sleeper().sleep(grace);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new KeymintException(
              "interrupted during the grace period: the new key "
                  + fresh.id()
                  + " is stored and works; the previous key "
                  + oldId
                  + " was NOT revoked",
              e);
        }
      }
      try (VeniceClient admin = client.newBuilder().apiKey(adminKey).build()) {
        admin.apiKeys().revoke(oldId);
      } catch (KeymintException e) {
        throw new KeymintException(
            "the new key "
                + fresh.id()
                + " is stored and works, but revoking the previous key "
                + oldId
                + " failed: "
                + e.getMessage()
                + "; revoke it by hand",
            e);
      }
      revoked = true;
      reason = "the previous key " + oldId + " was revoked";
    }
    log.info("rotated to key {} (ends {}): {}", fresh.id(), fresh.secret().lastSix(), reason);
    return BootstrapResult.builder(Outcome.ROTATED, fresh.secret())
        .key(fresh)
        .sinks(minted.sinks())
        .reason(why == null ? reason : why + "; " + reason)
        .mint(minted)
        .previousKey(oldId, revoked)
        .lockWait(waited)
        .drift(drift)
        .build();
  }

  /**
   * Restores a key sealed by a failed mint: opens {@code recoveryFile} with the wallet (only the
   * wallet that minted the key can) and writes the key to the store and every sink. The recovery
   * file is left in place; delete it once you have checked the restored key.
   *
   * @param recoveryFile the file named by {@link KeyEscrowedException#recoveryFile()}; not null
   * @return {@link Outcome#RECOVERED}
   * @throws BootstrapException {@link Kind#RECOVERY_FAILED} if the file cannot be opened with this
   *     wallet
   * @throws io.keymint.sink.SinkException if a sink is not ready or cannot be written
   * @throws io.keymint.store.StoreException if the shared store cannot be reached or written
   */
  public BootstrapResult recover(Path recoveryFile) {
    Objects.requireNonNull(recoveryFile, "recoveryFile");
    return restore(unlocked(w -> RecoveryEscrow.open(w, recoveryFile)), recoveryFile.toString());
  }

  /**
   * Restores a key sealed to a recipient key ({@link Builder#escrowRecipient}): opens {@code
   * recoveryFile} with the operator's X25519 private key — the wallet is not unlocked — and writes
   * the key to the store and every sink. The recovery file is left in place.
   *
   * @param recoveryFile the file named by {@link KeyEscrowedException#recoveryFile()}; not null
   * @param recipientKey the private half of the escrow recipient key; not null
   * @return {@link Outcome#RECOVERED}
   * @throws BootstrapException {@link Kind#RECOVERY_FAILED} if the file cannot be opened with this
   *     key
   * @throws io.keymint.sink.SinkException if a sink is not ready or cannot be written
   */
  public BootstrapResult recover(Path recoveryFile, PrivateKey recipientKey) {
    Objects.requireNonNull(recoveryFile, "recoveryFile");
    Objects.requireNonNull(recipientKey, "recipientKey");
    return restore(() -> RecipientEscrow.open(recipientKey, recoveryFile), recoveryFile.toString());
  }

  /**
   * Like {@link #recover(Path, PrivateKey)} for the sealed text keymint printed when no recovery
   * file could be written (the surrounding lines may be included).
   */
  public BootstrapResult recoverSealed(String sealed, PrivateKey recipientKey) {
    Objects.requireNonNull(sealed, "sealed");
    Objects.requireNonNull(recipientKey, "recipientKey");
    return restore(() -> RecipientEscrow.openSealed(recipientKey, sealed), "the sealed key");
  }

  /** Opens with the wallet, unlocked for the call only. */
  private java.util.function.Supplier<ApiKey> unlocked(
      java.util.function.Function<Wallet, ApiKey> open) {
    return () -> {
      try (Wallet w = wallet.unlock()) {
        return open.apply(w);
      }
    };
  }

  /**
   * Restores a key from its sealed text: what {@link KeyEscrowedException#sealed()} held and
   * keymint printed when no recovery file could be written (the surrounding lines may be included).
   * Otherwise as {@link #recover(Path)}.
   *
   * @param sealed the sealed text; not null
   * @return {@link Outcome#RECOVERED}
   */
  public BootstrapResult recoverSealed(String sealed) {
    Objects.requireNonNull(sealed, "sealed");
    return restore(unlocked(w -> RecoveryEscrow.openSealed(w, sealed)), "the sealed key");
  }

  private BootstrapResult restore(java.util.function.Supplier<ApiKey> open, String from) {
    long deadline = System.nanoTime() + maxWait.toNanos();
    long started = System.nanoTime();
    KeyStore s = effectiveStore();
    KeyStore.Lease lease = s == null ? null : lease(s, deadline);
    try {
      Duration waited = Duration.ofNanos(System.nanoTime() - started);
      ApiKey key = open.get();
      String version = s == null ? null : s.read().map(StoreRecord::version).orElse(null);
      StoreSink storeSink = s == null ? null : storeSink(s, version, lease);
      SinkSet set = sinkSet(s, storeSink);
      set.preflight();
      try {
        set.write(key);
      } catch (SinkWriteException e) {
        if (storeSink != null && storeSink.failure() instanceof StoreException) {
          throw (StoreException) storeSink.failure();
        }
        throw e;
      }
      List<String> written = new ArrayList<>();
      set.sinks().forEach(k -> written.add(k.description()));
      log.info("restored key {} (ends {}) from {}", key.id(), key.secret().lastSix(), from);
      return BootstrapResult.builder(Outcome.RECOVERED, key.secret())
          .key(key)
          .sinks(written)
          .reason("restored from " + from)
          .lockWait(waited)
          .build();
    } finally {
      if (lease != null) {
        lease.close();
      }
    }
  }

  /** The shared store, else the file store over the readable sink, else null. */
  private KeyStore effectiveStore() {
    if (store != null) {
      return store;
    }
    return primary == null ? null : new FileKeyStore(primary, lockFile, client.sleeper());
  }

  private StoreSink storeSink(KeyStore s, String version, KeyStore.Lease lease) {
    Runnable preflight =
        s instanceof FileKeyStore ? ((FileKeyStore) s).sink()::preflight : () -> {};
    return new StoreSink(s, version, lease, preflight);
  }

  /**
   * The sinks a key is written to: with a shared store, the store first, then the local sinks; with
   * the file store, the sinks in their order with the readable one written through the store.
   */
  private SinkSet sinkSet(KeyStore s, StoreSink storeSink) {
    List<SecretSink> list = new ArrayList<>();
    if (storeSink == null) {
      list.addAll(locals);
    } else if (store != null) {
      list.add(storeSink);
      list.addAll(locals);
    } else {
      for (SecretSink k : locals) {
        list.add(k == primary ? storeSink : k);
      }
    }
    return SinkSet.of(list).withSleeper(client.sleeper());
  }

  /**
   * The stored key exists but Venice refuses it now, typically because its spending cap is used up.
   * A new key would lift that cap — the opposite of what a cap is for — so this is an error unless
   * the caller asked for replacement.
   */
  private String refused(StoredKey stored, String why) {
    String id = stored.metadata().map(ApiKey::id).orElse("(unknown id)");
    String reason = "Venice refuses the stored key " + id + " now (" + why + ")";
    if (replaceRefused) {
      return reason;
    }
    throw new BootstrapException(
        BootstrapException.Kind.KEY_REFUSED,
        reason
            + ": its spending cap may be used up or the balance exhausted. Not minting a replacement,"
            + " which would lift the cap; wait for the limit period to reset, raise the cap, or set "
            + Setting.REPLACE_REFUSED.apiName(),
        null,
        Setting.REPLACE_REFUSED);
  }

  /**
   * The wallet that minted the stored key, when its metadata names one and it is not this wallet;
   * else null. The address comes from the source without unlocking when it can (a keystore's
   * field), else from unlocking.
   */
  private String foreignWallet(StoredKey stored) {
    Optional<String> owner = stored.metadata().flatMap(ApiKey::walletAddress);
    if (owner.isEmpty()) {
      return null;
    }
    String mine = wallet.knownAddress().orElse(null);
    if (mine == null) {
      try (Wallet w = wallet.unlock()) {
        mine = w.address();
      }
    }
    return owner.get().equalsIgnoreCase(mine) ? null : owner.get();
  }

  /** Why the stored key cannot be reused, or null when it can. */
  private String problem(StoredKey stored) {
    Instant horizon = clock.instant().plus(margin);
    Optional<ApiKey> meta = stored.metadata();
    if (meta.isPresent()) {
      ApiKey m = meta.get();
      if (m.type().orElse(null) != spec.type()) {
        return "the stored key " + m.id() + " is " + m.type().orElse(null) + ", not " + spec.type();
      }
      if (m.expiresAt().isPresent() && !horizon.isBefore(m.expiresAt().get())) {
        return "the stored key "
            + m.id()
            + " expires at "
            + m.expiresAt().get()
            + ", within the margin of "
            + margin;
      }
    }
    RateLimits limits;
    try (VeniceClient as = client.newBuilder().apiKey(stored.secret()).build()) {
      limits = as.apiKeys().rateLimits();
    } catch (AuthenticationException e) {
      return "Venice no longer knows the stored key (401: revoked, expired or unknown)";
    } catch (PermissionDeniedException | PaymentRequiredException e) {
      return refused(stored, e.statusCode() + " " + e.veniceMessage());
    }
    if (!limits.accessPermitted()) {
      return refused(stored, "accessPermitted is false");
    }
    if (limits.keyExpiration().isPresent() && !horizon.isBefore(limits.keyExpiration().get())) {
      return "the stored key expires at "
          + limits.keyExpiration().get()
          + ", within the margin of "
          + margin;
    }
    return null;
  }

  /**
   * How the stored key's metadata differs from {@link #spec}: caps, their period (when capped) and
   * expiry, each as Venice defaults them when the spec leaves them out (no cap, EPOCH, never).
   */
  private List<String> drift(ApiKey m) {
    List<String> out = new ArrayList<>();
    ConsumptionLimit asked = spec.consumptionLimit().orElse(ConsumptionLimit.NONE);
    ConsumptionLimit had = m.consumptionLimit();
    LimitPeriod askedPeriod = spec.limitPeriod().orElse(LimitPeriod.EPOCH);
    LimitPeriod hadPeriod = m.limitPeriod().orElse(null);
    boolean capsDiffer =
        !same(asked.usd().orElse(null), had.usd().orElse(null))
            || !same(asked.diem().orElse(null), had.diem().orElse(null));
    boolean periodDiffers =
        hadPeriod != null && hadPeriod != askedPeriod && !(asked.isEmpty() && had.isEmpty());
    if (capsDiffer || periodDiffers) {
      out.add(
          "caps: stored "
              + had.describe(hadPeriod)
              + ", asked "
              + asked.describe(askedPeriod)
              + m.limitsSource()
                  .filter(src -> src != ApiKey.LimitsSource.REPORTED)
                  .map(src -> " (stored caps as recorded at mint, " + src + ")")
                  .orElse(""));
    }
    Instant askedExpiry = spec.expiresAt().map(KeyBootstrap::expiry).orElse(null);
    Instant hadExpiry = m.expiresAt().orElse(null);
    if (!Objects.equals(askedExpiry, hadExpiry)) {
      out.add(
          "expiry: stored "
              + (hadExpiry == null ? "never" : hadExpiry.toString())
              + ", asked "
              + (askedExpiry == null ? "never" : askedExpiry.toString()));
    }
    return out;
  }

  private static boolean same(java.math.BigDecimal a, java.math.BigDecimal b) {
    return a == null ? b == null : b != null && a.compareTo(b) == 0;
  }

  /** A spec's expiry text as an instant: a bare date is the start of that UTC day. */
  private static Instant expiry(String text) {
    if (text.length() == 10) {
      return java.time.LocalDate.parse(text).atStartOfDay(java.time.ZoneOffset.UTC).toInstant();
    }
    return Instant.parse(text);
  }

  /**
   * Mints through a minter over this run's sinks. The minter unlocks the wallet itself, while its
   * token thread fetches the token (the bootstrap never unlocks to mint); {@link KeptWallet} keeps
   * that unlocked wallet open past the mint, for sealing a key the store refused.
   */
  private MintResult mintWith(long deadline, KeyStore s, String version, KeyStore.Lease lease) {
    try (KeptWallet kept = new KeptWallet(wallet)) {
      return mintWith(kept, deadline, s, version, lease);
    }
  }

  private MintResult mintWith(
      KeptWallet kept, long deadline, KeyStore s, String version, KeyStore.Lease lease) {
    StoreSink storeSink = s == null ? null : storeSink(s, version, lease);
    SinkSet set = sinkSet(s, storeSink);
    // the rest of --max-wait bounds the mint: its requests, its retries and their waits
    Duration left = Duration.ofNanos(Math.max(1, deadline - System.nanoTime()));
    UnstoredKeyHandler escrow =
        RecipientEscrow.handler(escrowRecipient, requireEscrow, recoveryDir, locals);
    // no sink holds the key: sealed by the escrow; a store failure keeps its own exit code
    UnstoredKeyHandler handler =
        new UnstoredKeyHandler() {
          @Override
          public RuntimeException handle(Wallet wallet, ApiKey key, RuntimeException failure) {
            RuntimeException out = escrow.handle(wallet, key, failure);
            // sealed in a file while the store refused it: keep the store's exit code (21/22).
            // Sealed only as text (nowhere to write): the escrow's exception prints it (exit 16).
            if (storeSink != null
                && storeSink.failure() instanceof StoreException
                && out instanceof KeyEscrowedException
                && ((KeyEscrowedException) out).recoveryFile() != null) {
              return storeFailed(
                  key,
                  (StoreException) storeSink.failure(),
                  List.of(),
                  "sealed in recovery file " + ((KeyEscrowedException) out).recoveryFile(),
                  out);
            }
            return out;
          }

          @Override
          public void check(Wallet wallet) {
            if (s != null && s.sealsWithWallet() && !wallet.deterministic()) {
              // the record could be neither sealed nor opened again: refuse before minting
              throw new BootstrapException(
                  Kind.NO_ESCROW,
                  s.description()
                      + " seals the key under a key derived from the wallet's deterministic"
                      + " signature, but wallet "
                      + wallet.address()
                      + " signs with a random nonce (a token or a KMS): keep the key in a"
                      + " Kubernetes Secret store or in local sinks with an escrow recipient",
                  null);
            }
            escrow.check(wallet);
          }

          @Override
          public String shutdownReport(RuntimeException outcome) {
            return escrow.shutdownReport(outcome);
          }
        };
    Web3KeyMinter minter =
        Web3KeyMinter.builder()
            .client(client)
            .wallet(kept)
            .sinkSet(set)
            .verify(verify)
            .adminKey(adminKey)
            .maxDuration(left)
            .onUnstoredKey(handler)
            .build();
    try {
      return minter.mint(spec);
    } catch (SinkWriteException e) {
      if (e.key() != null && storeSink != null && storeSink.failure() instanceof StoreException) {
        // the local sinks hold it, the store does not: the store's key wins on the next run, so
        // the minted key is sealed as well
        List<String> tried = new ArrayList<>();
        Path file = seal(kept.wallet(), e.key(), tried);
        String where =
            file == null
                ? "no recovery file could be written (tried " + String.join(", ", tried) + ")"
                : "sealed in recovery file " + file;
        throw storeFailed(e.key(), (StoreException) storeSink.failure(), e.storedSinks(), where, e);
      }
      throw e; // the key is stored somewhere: nothing is lost
    }
  }

  /**
   * The store did not take a minted key (lost lease or compare-and-set, store down): the error
   * keeps the store's exit code, says where the key is (local sinks, the recovery file) and which
   * key to revoke.
   */
  private StoreException storeFailed(
      ApiKey key, StoreException cause, List<String> stored, String where, Throwable failure) {
    String msg =
        cause.getMessage()
            + ". Key "
            + key.id()
            + " (ends "
            + key.secret().lastSix()
            + ") was minted but is not in the store"
            + (stored.isEmpty() ? "" : "; it is in " + String.join(", ", stored))
            + "; "
            + where
            + ": rerun (the store's key wins) and revoke key "
            + key.id()
            + ", or restore it with keymint recover";
    log.warn("key {} could not be written to the store: {}", key.id(), cause.getMessage());
    return cause instanceof StoreConflictException
        ? new StoreConflictException(msg, failure)
        : cause instanceof StoreUnreachableException
            ? new StoreUnreachableException(msg, failure)
            : new StoreException(msg, failure);
  }

  private Path seal(Wallet w, ApiKey key, List<String> tried) {
    for (Path folder : recoveryFolders()) {
      try {
        if (!Files.isDirectory(folder)) {
          tried.add(folder + " (not a folder)");
          continue;
        }
        return RecoveryEscrow.seal(w, key, folder);
      } catch (IOException | RuntimeException failure) {
        tried.add(folder + " (" + failure.getClass().getSimpleName() + ")");
      }
    }
    return null;
  }

  private Set<Path> recoveryFolders() {
    Set<Path> folders = new LinkedHashSet<>();
    if (recoveryDir != null) {
      folders.add(recoveryDir.toAbsolutePath().normalize());
    } else {
      for (SecretSink s : locals) {
        if (s instanceof ReadableSink) {
          folders.add(((ReadableSink) s).path().getParent());
        }
      }
      folders.add(Path.of("").toAbsolutePath());
    }
    return folders;
  }

  private BootstrapException rejected(ApiKey fresh, String oldId, Exception cause) {
    return new BootstrapException(
        Kind.NEW_KEY_REJECTED,
        "the new key "
            + fresh.id()
            + " (ends "
            + fresh.secret().lastSix()
            + ") is stored but Venice does not admit it"
            + (cause == null ? "" : " (" + cause.getMessage() + ")")
            + (oldId == null ? "" : "; the previous key " + oldId + " was NOT revoked")
            + ": check the account's balance and the key's limits",
        cause);
  }

  private KeyStore.Lease lease(KeyStore s, long deadline) {
    KeyStore.Lease lease;
    try {
      lease = s.lease(leaseTtl, deadline);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new KeymintException(
          "interrupted while waiting for the lease on " + s.description(), e);
    }
    if (lease != null) {
      return lease;
    }
    if (s instanceof FileKeyStore) {
      Path lockFile = ((FileKeyStore) s).lockFile();
      throw new BootstrapException(
          Kind.TIMED_OUT,
          "another keymint still holds "
              + lockFile
              + " after "
              + maxWait.toSeconds()
              + " s: raise "
              + Setting.MAX_WAIT.apiName()
              + ", or find the process that holds it (fuser "
              + lockFile
              + ")",
          null,
          Setting.MAX_WAIT);
    }
    throw new BootstrapException(
        Kind.TIMED_OUT,
        "another replica still holds the lease on "
            + s.description()
            + " after "
            + maxWait.toSeconds()
            + " s: raise "
            + Setting.MAX_WAIT.apiName()
            + " (a crashed holder's lease runs out after its TTL)",
        null,
        Setting.MAX_WAIT);
  }

  private void checkDeadline(long deadline, String step) {
    if (System.nanoTime() - deadline > 0) {
      throw new BootstrapException(
          Kind.TIMED_OUT,
          Setting.MAX_WAIT.apiName()
              + " of "
              + maxWait.toSeconds()
              + " s passed before "
              + step
              + ": nothing was minted",
          null,
          Setting.MAX_WAIT);
    }
  }

  @Override
  public String toString() {
    return "KeyBootstrap{wallet="
        + wallet.description()
        + (store == null ? "" : ", store=" + store.description())
        + ", sinks="
        + locals
        + ", margin="
        + margin
        + ", maxWait="
        + maxWait
        + "}";
  }

  /** Bound on margin and maxWait: deadlines in nanoseconds overflow past 292 years. */
  private static final Duration MAX_DURATION = Duration.ofDays(3650);

  /** Configures a {@link KeyBootstrap}. Not thread-safe. */
  public static final class Builder {
    private VeniceClient client;
    private WalletSource wallet;
    private final List<SecretSink> sinks = new ArrayList<>();
    private KeySpec spec = KeySpec.inference();
    private Duration margin = Duration.ofMinutes(10);
    private boolean replaceRefused;
    private Duration maxWait = Duration.ofMinutes(5);
    private Clock clock;
    private Path recoveryDir;
    private ApiKeySecret adminKey;
    private PublicKey escrowRecipient;
    private boolean requireEscrow = true;
    private KeyStore store;
    private Duration leaseTtl = Duration.ofSeconds(15);
    private Duration grace = Duration.ofMinutes(2);
    private Path lockFile;

    private boolean verify = true;
    private boolean replaceOnDrift;

    private Builder() {}

    /**
     * Whether a minted key is used once ({@code GET /api_keys/rate_limits}) before success is
     * reported (default true); see {@link Web3KeyMinter.Builder#verify(boolean)}. {@link #rotate()}
     * always checks the new key before revoking the old one.
     */
    public Builder verify(boolean verify) {
      this.verify = verify;
      return this;
    }

    /**
     * Whether {@code ensure} replaces a stored key whose caps, period or expiry differ from {@link
     * #spec} — as {@link #rotate()} does: the new key is stored and checked before the old one is
     * revoked (with the {@linkplain #adminKey admin key}). Default false: the difference is
     * reported ({@link BootstrapResult#drift()}) and the key kept.
     */
    public Builder replaceOnDrift(boolean replace) {
      this.replaceOnDrift = replace;
      return this;
    }

    /**
     * An operator's X25519 public key ({@link RecipientEscrow#readPublicKey}) to seal a key to when
     * no sink can store it, instead of the wallet-derived escrow; needed for wallets whose
     * signatures are randomised (PKCS#11, KMS). May be null (the default).
     */
    public Builder escrowRecipient(PublicKey recipient) {
      this.escrowRecipient = recipient;
      return this;
    }

    /**
     * Whether minting is refused, before anything is minted, when no escrow could seal the key: a
     * randomised wallet without {@link #escrowRecipient}. Default true ({@link
     * BootstrapException.Kind#NO_ESCROW}); false logs a warning and mints.
     */
    public Builder requireEscrow(boolean require) {
      this.requireEscrow = require;
      return this;
    }

    /**
     * A key store shared by a fleet (etcd, a Kubernetes Secret): the key is read from and written
     * to it, under its lease; the sinks become local copies (written on every {@code ensure}) and
     * are optional. Without one, the first readable sink is the store and an OS lock file its
     * lease. The bootstrap does not close the store.
     */
    public Builder store(KeyStore store) {
      this.store = store;
      return this;
    }

    /**
     * How long a shared store's lease outlives a holder that stops renewing it (crash, partition):
     * default 15 s.
     *
     * @throws IllegalArgumentException if not positive
     */
    public Builder leaseTtl(Duration ttl) {
      if (ttl.isNegative() || ttl.isZero()) {
        throw new IllegalArgumentException("the lease TTL must be positive");
      }
      this.leaseTtl = ttl;
      return this;
    }

    /**
     * How long {@code rotate} on a shared store waits between storing the new key and revoking the
     * old one, so that replicas watching the store switch first (default 2 minutes).
     *
     * @throws IllegalArgumentException if negative
     */
    public Builder grace(Duration grace) {
      if (grace.isNegative()) {
        throw new IllegalArgumentException("the grace period cannot be negative");
      }
      this.grace = grace;
      return this;
    }

    /** The lock file of the file store (default {@code PATH.lock} beside the readable sink). */
    public Builder lockFile(Path lockFile) {
      this.lockFile = lockFile;
      return this;
    }

    /** The Venice client; required. Its clock is the default clock. */
    public Builder client(VeniceClient client) {
      this.client = Objects.requireNonNull(client, "client");
      return this;
    }

    /** The minting wallet; required (unlocked only to mint, rotate or recover). */
    public Builder wallet(WalletSource wallet) {
      this.wallet = Objects.requireNonNull(wallet, "wallet");
      return this;
    }

    /** Adds a sink; the first {@code file:} or {@code env-file:} sink is the one read back. */
    public Builder sink(SecretSink sink) {
      this.sinks.add(Objects.requireNonNull(sink, "sink"));
      return this;
    }

    /** Adds sinks. */
    public Builder sinks(List<? extends SecretSink> sinks) {
      sinks.forEach(this::sink);
      return this;
    }

    /**
     * What a minted key should be; required in practice: the default (INFERENCE, no cap) is refused
     * at the mint unless it has a cap or {@link KeySpec.Builder#noLimit()}.
     */
    public Builder spec(KeySpec spec) {
      this.spec = Objects.requireNonNull(spec, "spec");
      return this;
    }

    /**
     * Whether {@code ensure} replaces a stored key that Venice refuses for now (402/403, or {@code
     * accessPermitted: false}: typically a spent cap). Default false: the replacement would lift
     * the cap, so {@code ensure} fails with {@link BootstrapException.Kind#KEY_REFUSED} instead.
     */
    public Builder replaceRefusedKeys(boolean replace) {
      this.replaceRefused = replace;
      return this;
    }

    /**
     * A stored key that expires within this margin is replaced (default 10 minutes).
     *
     * @throws IllegalArgumentException if negative
     */
    public Builder margin(Duration margin) {
      if (margin.isNegative() || margin.compareTo(MAX_DURATION) > 0) {
        throw new IllegalArgumentException(
            "KeyBootstrap.Builder.margin must be between 0 and 3650 days, was " + margin);
      }
      this.margin = margin;
      return this;
    }

    /**
     * Bound on the run: waiting for the lock, and no new step after it (default 5 minutes).
     *
     * @throws IllegalArgumentException if negative
     */
    public Builder maxWait(Duration maxWait) {
      if (maxWait.isNegative() || maxWait.compareTo(MAX_DURATION) > 0) {
        throw new IllegalArgumentException(
            "KeyBootstrap.Builder.maxWait must be between 0 and 3650 days, was " + maxWait);
      }
      this.maxWait = maxWait;
      return this;
    }

    /** The clock expiry is judged by (default the client's). */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Where recovery files go (default: beside the readable sinks, else the working directory). Set
     * it with a shared store: that is where a minted key goes when the store does not take it.
     */
    public Builder recoveryDir(Path dir) {
      this.recoveryDir = dir;
      return this;
    }

    /**
     * An ADMIN key of the wallet's account (may be null): {@link #rotate()} revokes the previous
     * key with it, and a mint reads the new key's caps back and revokes orphans of ambiguous
     * attempts with it.
     */
    public Builder adminKey(ApiKeySecret adminKey) {
      this.adminKey = adminKey;
      return this;
    }

    /** Builds the bootstrap. */
    public KeyBootstrap build() {
      return new KeyBootstrap(this);
    }
  }
}
