package io.keymint.bootstrap;

import io.keymint.ApiKeySecret;
import io.keymint.KeymintException;
import io.keymint.bootstrap.BootstrapException.Kind;
import io.keymint.bootstrap.BootstrapResult.Outcome;
import io.keymint.escrow.EscrowException;
import io.keymint.escrow.RecipientEscrow;
import io.keymint.escrow.RecoveryEscrow;
import io.keymint.mint.Web3KeyMinter;
import io.keymint.sink.ReadableSink;
import io.keymint.sink.SecretSink;
import io.keymint.store.KeyStore;
import io.keymint.venice.KeySpec;
import io.keymint.venice.VeniceClient;
import io.keymint.wallet.WalletSource;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

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
 *       directory) and an {@link EscrowException} of kind {@code ESCROWED} says where.
 *   <li>{@link #rotate()} revokes the old key only after the new one is stored in every sink and
 *       Venice admits it.
 * </ul>
 *
 * <p>Immutable and thread-safe; threads of one JVM queue on the same lock as processes do.
 */
public final class KeyBootstrap {
  private final BootstrapConfig config;
  private final EnsureFlow ensure;
  private final RotateFlow rotate;
  private final RecoverFlow recover;

  private KeyBootstrap(Builder b) {
    this.config = new BootstrapConfig(b);
    BootstrapMint mint = new BootstrapMint(config);
    this.rotate = new RotateFlow(config, mint);
    this.ensure = new EnsureFlow(config, new StoredKeyCheck(config), mint, rotate);
    this.recover = new RecoverFlow(config);
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
   * @throws EscrowException of kind {@code ESCROWED} if a key was minted, no sink stored it and it
   *     was sealed
   * @throws io.keymint.store.StoreException if the shared store cannot be reached, or the write of
   *     a minted key lost its compare-and-set (the key is then sealed in a recovery file as well)
   * @throws io.keymint.sink.SinkException as {@link Web3KeyMinter#mint(KeySpec)} does
   * @throws io.keymint.wallet.WalletException if the wallet cannot be unlocked (nothing was minted)
   * @throws io.keymint.venice.VeniceException if Venice cannot be reached to check the stored key,
   *     or refuses the mint
   */
  public BootstrapResult ensure() {
    return ensure.run();
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
   * @throws EscrowException of kind {@code ESCROWED} if no sink stored the new key (the old key was
   *     not revoked)
   * @throws io.keymint.store.StoreException if the shared store cannot be reached, or the new key's
   *     write lost its compare-and-set (the old key was not revoked)
   * @throws KeymintException caused by the Venice error if revoking the old key failed; the new key
   *     is stored and in use
   */
  public BootstrapResult rotate() {
    return rotate.run();
  }

  /**
   * Restores a key sealed by a failed mint: opens {@code recoveryFile} with the wallet (only the
   * wallet that minted the key can) and writes the key to the store and every sink. The recovery
   * file is left in place; delete it once you have checked the restored key.
   *
   * @param recoveryFile the file named by {@link EscrowException#recoveryFile()}; not null
   * @return {@link Outcome#RECOVERED}
   * @throws io.keymint.escrow.EscrowException {@link
   *     io.keymint.escrow.EscrowException.Kind#RECOVERY_FAILED} if the file cannot be opened with
   *     this wallet
   * @throws io.keymint.sink.SinkException if a sink is not ready or cannot be written
   * @throws io.keymint.store.StoreException if the shared store cannot be reached or written
   */
  public BootstrapResult recover(Path recoveryFile) {
    Objects.requireNonNull(recoveryFile, "recoveryFile");
    return recover.restore(
        recover.unlocked(w -> RecoveryEscrow.open(w, recoveryFile)), recoveryFile.toString());
  }

  /**
   * Restores a key sealed to a recipient key ({@link Builder#escrowRecipient}): opens {@code
   * recoveryFile} with the operator's X25519 private key — the wallet is not unlocked — and writes
   * the key to the store and every sink. The recovery file is left in place.
   *
   * @param recoveryFile the file named by {@link EscrowException#recoveryFile()}; not null
   * @param recipientKey the private half of the escrow recipient key; not null
   * @return {@link Outcome#RECOVERED}
   * @throws io.keymint.escrow.EscrowException {@link
   *     io.keymint.escrow.EscrowException.Kind#RECOVERY_FAILED} if the file cannot be opened with
   *     this key
   * @throws io.keymint.sink.SinkException if a sink is not ready or cannot be written
   */
  public BootstrapResult recover(Path recoveryFile, PrivateKey recipientKey) {
    Objects.requireNonNull(recoveryFile, "recoveryFile");
    Objects.requireNonNull(recipientKey, "recipientKey");
    return recover.restore(
        () -> RecipientEscrow.open(recipientKey, recoveryFile), recoveryFile.toString());
  }

  /**
   * Like {@link #recover(Path, PrivateKey)} for the sealed text keymint printed when no recovery
   * file could be written (the surrounding lines may be included).
   */
  public BootstrapResult recoverSealed(String sealed, PrivateKey recipientKey) {
    Objects.requireNonNull(sealed, "sealed");
    Objects.requireNonNull(recipientKey, "recipientKey");
    return recover.restore(
        () -> RecipientEscrow.openSealed(recipientKey, sealed), "the sealed key");
  }

  /**
   * Restores a key from its sealed text: what {@link EscrowException#sealed()} held and keymint
   * printed when no recovery file could be written (the surrounding lines may be included).
   * Otherwise as {@link #recover(Path)}.
   *
   * @param sealed the sealed text; not null
   * @return {@link Outcome#RECOVERED}
   */
  public BootstrapResult recoverSealed(String sealed) {
    Objects.requireNonNull(sealed, "sealed");
    return recover.restore(
        recover.unlocked(w -> RecoveryEscrow.openSealed(w, sealed)), "the sealed key");
  }

  @Override
  public String toString() {
    return "KeyBootstrap{wallet="
        + config.wallet.description()
        + (config.store == null ? "" : ", store=" + config.store.description())
        + ", sinks="
        + config.locals
        + ", margin="
        + config.margin
        + ", maxWait="
        + config.maxWait
        + "}";
  }

  /** Bound on margin and maxWait: deadlines in nanoseconds overflow past 292 years. */
  private static final Duration MAX_DURATION = Duration.ofDays(3650);

  /** Configures a {@link KeyBootstrap}. Not thread-safe. */
  public static final class Builder {
    VeniceClient client;
    WalletSource wallet;
    final List<SecretSink> sinks = new ArrayList<>();
    KeySpec spec = KeySpec.inference();
    Duration margin = Duration.ofMinutes(10);
    boolean replaceRefused;
    Duration maxWait = Duration.ofMinutes(5);
    Clock clock;
    Path recoveryDir;
    ApiKeySecret adminKey;
    PublicKey escrowRecipient;
    boolean requireEscrow = true;
    KeyStore store;
    Duration leaseTtl = Duration.ofSeconds(15);
    Duration grace = Duration.ofMinutes(2);
    Path lockFile;

    boolean verify = true;
    boolean replaceOnDrift;

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
     * io.keymint.escrow.EscrowException.Kind#NO_ESCROW}); false logs a warning and mints.
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
      this.margin = bounded("margin", margin);
      return this;
    }

    /**
     * Bound on the run: waiting for the lock, and no new step after it (default 5 minutes).
     *
     * @throws IllegalArgumentException if negative
     */
    public Builder maxWait(Duration maxWait) {
      this.maxWait = bounded("maxWait", maxWait);
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

    private static Duration bounded(String setting, Duration d) {
      if (d.isNegative() || d.compareTo(MAX_DURATION) > 0) {
        throw new IllegalArgumentException(
            "KeyBootstrap.Builder." + setting + " must be between 0 and 3650 days, was " + d);
      }
      return d;
    }

    /** Builds the bootstrap. */
    public KeyBootstrap build() {
      return new KeyBootstrap(this);
    }
  }
}
