package io.keymint.bootstrap;

import io.keymint.KeymintException;
import io.keymint.bootstrap.BootstrapResult.Outcome;
import io.keymint.mint.KeyNotVerifiedException;
import io.keymint.mint.MintResult;
import io.keymint.sink.KeyMetadata;
import io.keymint.sink.StoredKey;
import io.keymint.store.KeyStore;
import io.keymint.store.StoreRecord;
import io.keymint.venice.IssuedKey;
import io.keymint.venice.RateLimits;
import io.keymint.venice.VeniceClient;
import io.keymint.venice.VeniceServiceException;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link KeyBootstrap#rotate()}, and {@code ensure}'s replacement of a drifted key: mint and store
 * the new key, check Venice admits it, wait the grace period, then revoke the old one.
 */
final class RotateFlow {
  private static final Logger log = LoggerFactory.getLogger(KeyBootstrap.class);

  private final BootstrapConfig c;
  private final BootstrapMint mint;

  RotateFlow(BootstrapConfig config, BootstrapMint mint) {
    this.c = config;
    this.mint = mint;
  }

  BootstrapResult run() {
    KeyStore s = c.effectiveStore();
    try (Run run = new Run(c, s).lease()) {
      Optional<StoreRecord> oldRecord = s == null ? Optional.empty() : s.read();
      run.checkDeadline("minting");
      return locked(run, oldRecord, null, List.of());
    }
  }

  /**
   * The rotation, with the store's lease held (closed by the caller); {@code why} prefixes the
   * result's reason, {@code drift} is what made {@code ensure} replace the key.
   */
  BootstrapResult locked(Run run, Optional<StoreRecord> oldRecord, String why, List<String> drift) {
    Optional<StoredKey> old = oldRecord.map(StoreRecord::key);
    String oldId = old.flatMap(StoredKey::metadata).map(KeyMetadata::id).orElse(null);
    MintResult minted;
    try {
      minted = mint.mint(run, oldRecord.map(StoreRecord::version).orElse(null));
    } catch (KeyNotVerifiedException e) {
      if (!e.refused()) {
        throw e; // the check itself failed (Venice unreachable): the old key is untouched
      }
      throw rejected(e.result().key(), oldId, e);
    }
    IssuedKey fresh = minted.key();
    if (minted.verification().isEmpty()) {
      RateLimits limits;
      try (VeniceClient as = c.client.newBuilder().apiKey(fresh.secret()).build()) {
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
    } else if (c.adminKey == null) {
      reason = "no admin key: revoke the previous key " + oldId + " yourself";
    } else {
      graceBeforeRevoking(fresh, oldId);
      revoke(fresh, oldId);
      revoked = true;
      reason = "the previous key " + oldId + " was revoked";
    }
    log.info("rotated to key {} (ends {}): {}", fresh.id(), fresh.secret().lastSix(), reason);
    return BootstrapResult.builder(Outcome.ROTATED, fresh.secret())
        .key(KeyMetadata.of(fresh))
        .sinks(minted.sinks())
        .reason(why == null ? reason : why + "; " + reason)
        .mint(minted)
        .previousKey(oldId, revoked)
        .lockWait(run.waited())
        .drift(drift)
        .build();
  }

  /** With a shared store, replicas watching it switch to the new key before the old one goes. */
  private void graceBeforeRevoking(IssuedKey fresh, String oldId) {
    if (c.store == null || c.grace.isZero()) {
      return;
    }
    log.info(
        "new key {} is in {}; waiting {} s for watchers before revoking {}",
        fresh.id(),
        c.store.description(),
        c.grace.toSeconds(),
        oldId);
    try {
      c.client.sleeper().sleep(c.grace);
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

  private void revoke(IssuedKey fresh, String oldId) {
    try (VeniceClient admin = c.client.newBuilder().apiKey(c.adminKey).build()) {
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
  }

  private static BootstrapException rejected(IssuedKey fresh, String oldId, Exception cause) {
    return new BootstrapException(
        BootstrapException.Kind.NEW_KEY_REJECTED,
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
}
