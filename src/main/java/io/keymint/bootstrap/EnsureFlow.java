package io.keymint.bootstrap;

import io.keymint.bootstrap.BootstrapResult.Outcome;
import io.keymint.mint.MintResult;
import io.keymint.sink.KeyMetadata;
import io.keymint.sink.SinkSet;
import io.keymint.sink.StoredKey;
import io.keymint.store.KeyStore;
import io.keymint.store.StoreRecord;
import io.keymint.venice.ApiKeyType;
import io.keymint.venice.IssuedKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@link KeyBootstrap#ensure()}: reuse the stored key while it works, else mint (or replace). */
final class EnsureFlow {
  private static final Logger log = LoggerFactory.getLogger(KeyBootstrap.class);

  private final BootstrapConfig c;
  private final StoredKeyCheck check;
  private final BootstrapMint mint;
  private final RotateFlow rotate;

  EnsureFlow(BootstrapConfig config, StoredKeyCheck check, BootstrapMint mint, RotateFlow rotate) {
    this.c = config;
    this.check = check;
    this.mint = mint;
    this.rotate = rotate;
  }

  BootstrapResult run() {
    KeyStore s = c.effectiveStore();
    if (s == null) {
      throw new IllegalArgumentException(
          "ensure needs a sink it can read the stored key back from: add a file: or env-file: sink");
    }
    Run run = new Run(c, s);
    if (c.store != null) {
      // the fleet's common case: the key is there and works, no lease needed
      Optional<StoreRecord> rec = c.store.read();
      if (rec.isPresent() && check.reusable(rec.get().key())) {
        List<String> drift = check.driftOf(rec.get().key());
        if (drift.isEmpty() || !c.replaceOnDrift) {
          return reuse(rec.get(), Duration.ZERO, drift);
        }
      }
    }
    try (Run leased = run.lease()) {
      return locked(leased);
    }
  }

  /** The check and, when needed, the mint, with the store's lease held. */
  private BootstrapResult locked(Run run) {
    KeyStore s = run.store;
    Optional<StoreRecord> rec = s.read();
    String reason;
    String foreign = rec.isPresent() ? check.foreignWallet(rec.get().key()) : null;
    if (foreign != null) {
      // another wallet's key: reusing it would bill that wallet. Left in place, not revoked.
      StoredKey stored = rec.get().key();
      String id = stored.metadata().map(KeyMetadata::id).orElse("(unknown id)");
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
      String problem = check.problem(rec.get().key());
      if (problem == null) {
        List<String> drift = check.driftOf(rec.get().key());
        if (!drift.isEmpty() && c.replaceOnDrift) {
          run.checkDeadline("replacing the drifted key");
          return rotate.locked(
              run,
              rec,
              "the stored key differs from this run's ask: " + String.join("; ", drift),
              drift);
        }
        return reuse(rec.get(), run.waited(), drift);
      }
      reason = problem;
    } else {
      reason = "no key is stored in " + s.description();
    }
    run.checkDeadline("minting");
    log.info("minting a key: {}", reason);
    MintResult minted = mint.mint(run, rec.map(StoreRecord::version).orElse(null));
    return BootstrapResult.builder(Outcome.MINTED, minted.key().secret())
        .key(KeyMetadata.of(minted.key()))
        .sinks(minted.sinks())
        .reason(reason)
        .mint(minted)
        .lockWait(run.waited())
        .build();
  }

  private BootstrapResult reuse(StoreRecord rec, Duration waited, List<String> drift) {
    StoredKey stored = rec.key();
    List<String> where = new ArrayList<>();
    where.add(stored.sink());
    if (c.store != null && !c.locals.isEmpty()) {
      // local copies for the agent: written on every reuse, so they follow the shared record
      SinkSet copies = SinkSet.of(c.locals).withSleeper(c.client.sleeper());
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

  /** The stored key as an {@link IssuedKey} for the sinks. */
  static IssuedKey issued(StoredKey stored) {
    return stored
        .metadata()
        .map(m -> m.withSecret(stored.secret()))
        .orElseGet(
            () ->
                IssuedKey.builder()
                    .id("unknown")
                    .type(ApiKeyType.INFERENCE)
                    .secret(stored.secret())
                    .build());
  }
}
