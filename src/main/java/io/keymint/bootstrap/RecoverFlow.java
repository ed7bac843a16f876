package io.keymint.bootstrap;

import io.keymint.bootstrap.BootstrapResult.Outcome;
import io.keymint.sink.KeyMetadata;
import io.keymint.sink.SinkSet;
import io.keymint.sink.SinkWriteException;
import io.keymint.store.KeyStore;
import io.keymint.store.StoreException;
import io.keymint.store.StoreRecord;
import io.keymint.venice.IssuedKey;
import io.keymint.wallet.Wallet;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@link KeyBootstrap#recover}: write a key opened from the escrow to the store and every sink. */
final class RecoverFlow {
  private static final Logger log = LoggerFactory.getLogger(KeyBootstrap.class);

  private final BootstrapConfig c;

  RecoverFlow(BootstrapConfig config) {
    this.c = config;
  }

  /** Opens with the wallet, unlocked for the call only. */
  Supplier<IssuedKey> unlocked(Function<Wallet, IssuedKey> open) {
    return () -> {
      try (Wallet w = c.wallet.unlock()) {
        return open.apply(w);
      }
    };
  }

  /** Opens the key under the store's lease, then writes it to the store and every sink. */
  BootstrapResult restore(Supplier<IssuedKey> open, String from) {
    KeyStore s = c.effectiveStore();
    try (Run run = new Run(c, s).lease()) {
      IssuedKey key = open.get();
      String version = s == null ? null : s.read().map(StoreRecord::version).orElse(null);
      StoreSink storeSink = s == null ? null : c.storeSink(s, version, run.heldLease());
      SinkSet set = c.sinkSet(storeSink);
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
          .key(KeyMetadata.of(key))
          .sinks(written)
          .reason("restored from " + from)
          .lockWait(run.waited())
          .build();
    }
  }
}
