package io.keymint.bootstrap;

import io.keymint.ApiKeySecret;
import io.keymint.sink.ReadableSink;
import io.keymint.sink.SecretSink;
import io.keymint.sink.SinkSet;
import io.keymint.store.KeyStore;
import io.keymint.venice.KeySpec;
import io.keymint.venice.VeniceClient;
import io.keymint.wallet.WalletSource;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One bootstrap's settings, checked once when it is built, and what every flow derives from them:
 * the store a run works under and the sinks a key is written to. Immutable.
 */
final class BootstrapConfig {
  final VeniceClient client;
  final WalletSource wallet;

  /** The sinks as given: local copies with a shared store, else the sinks themselves. */
  final List<SecretSink> locals;

  /** The first readable sink, or null: the file store's sink when there is no shared store. */
  final ReadableSink primary;

  /** The shared store, or null. */
  final KeyStore store;

  final Duration leaseTtl;
  final Duration grace;
  final Path lockFile;
  final KeySpec spec;
  final Duration margin;
  final boolean replaceRefused;
  final Duration maxWait;
  final Clock clock;
  final Path recoveryDir;
  final ApiKeySecret adminKey;
  final PublicKey escrowRecipient;
  final boolean requireEscrow;
  final boolean verify;
  final boolean replaceOnDrift;

  BootstrapConfig(KeyBootstrap.Builder b) {
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

  /** The shared store, else the file store over the readable sink, else null. */
  KeyStore effectiveStore() {
    if (store != null) {
      return store;
    }
    return primary == null ? null : new FileKeyStore(primary, lockFile, client.sleeper());
  }

  /** The store as a sink that writes by compare-and-set on {@code version}, under the lease. */
  StoreSink storeSink(KeyStore s, String version, KeyStore.Lease lease) {
    Runnable preflight =
        s instanceof FileKeyStore ? ((FileKeyStore) s).sink()::preflight : () -> {};
    return new StoreSink(s, version, lease, preflight);
  }

  /**
   * The sinks a key is written to: with a shared store, the store first, then the local sinks; with
   * the file store, the sinks in their order with the readable one written through the store.
   */
  SinkSet sinkSet(StoreSink storeSink) {
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
}
