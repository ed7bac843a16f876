package io.keymint.store;

import static io.keymint.store.StoreTests.in;
import static io.keymint.store.StoreTests.key;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.keymint.venice.ApiKey;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * What every shared {@link KeyStore} promises, run against each real or emulated backend by a
 * subclass: compare-and-set on the version, one lease holder at a time, and fencing of a holder
 * whose lease ran out.
 */
abstract class KeyStoreContract {

  /** A store on the key of the test named {@code name}, as replica {@code holder}. */
  abstract KeyStore store(String name, String holder);

  /** Stops {@code lease}'s renewals, as a paused or partitioned process does. */
  abstract void stopRenewing(KeyStore.Lease lease);

  /** Words the store's message uses for a write with a stale version. */
  abstract String staleVersionWords();

  @Test
  void write_withStaleVersion_isAConflict() throws Exception {
    try (KeyStore s = store("stale", "a")) {
      try (KeyStore.Lease lease = s.lease(Duration.ofSeconds(5), in(Duration.ofSeconds(5)))) {
        String v1 = s.write(key("k1"), null, lease);
        String v2 = s.write(key("k2"), v1, lease);
        assertThat(v2).isNotEqualTo(v1);
        assertThatThrownBy(() -> s.write(key("k3"), v1, lease))
            .isInstanceOfSatisfying(
                StoreException.class,
                e -> assertThat(e.kind()).isEqualTo(StoreException.Kind.CONFLICT))
            .hasMessageContaining(staleVersionWords());
        assertThatThrownBy(() -> s.write(key("k4"), null, lease))
            .isInstanceOfSatisfying(
                StoreException.class,
                e -> assertThat(e.kind()).isEqualTo(StoreException.Kind.CONFLICT));
      }
      assertThat(s.read().orElseThrow().key().metadata().map(ApiKey::id)).contains("k2");
    }
  }

  @Test
  void lease_excludesOthers_andAnExpiredHolderIsFencedOff() throws Exception {
    try (KeyStore a = store("fence", "replica-a");
        KeyStore b = store("fence", "replica-b")) {
      KeyStore.Lease stale = a.lease(Duration.ofSeconds(1), in(Duration.ofSeconds(5)));
      assertThat(stale).isNotNull();
      // while a renews, nobody else gets the lease
      assertThat(b.lease(Duration.ofSeconds(1), in(Duration.ofMillis(300)))).isNull();
      stopRenewing(stale);
      // b waits for the lease; it gets it only once a's has run out
      KeyStore.Lease fresh = b.lease(Duration.ofSeconds(5), in(Duration.ofSeconds(20)));
      assertThat(fresh).isNotNull();
      String v = b.write(key("k-new"), null, fresh);
      // a wakes up and writes what it minted: with the version it read (none) ...
      assertThatThrownBy(() -> a.write(key("k-old"), null, stale))
          .isInstanceOfSatisfying(
              StoreException.class,
              e -> assertThat(e.kind()).isEqualTo(StoreException.Kind.CONFLICT));
      // ... and even with the current version: its lease is gone
      assertThatThrownBy(() -> a.write(key("k-old"), v, stale))
          .isInstanceOfSatisfying(
              StoreException.class,
              e -> assertThat(e.kind()).isEqualTo(StoreException.Kind.CONFLICT))
          .hasMessageContaining("lease ran out");
      assertThat(b.read().orElseThrow().key().metadata().map(ApiKey::id)).contains("k-new");
      fresh.close();
      stale.close();
    }
  }
}
