package io.keymint.store;

import static io.keymint.store.StoreTests.in;
import static io.keymint.store.StoreTests.key;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.keymint.sink.StoredKey;
import io.keymint.testing.EtcdFixture;
import io.keymint.testing.TestKeys;
import io.keymint.venice.ApiKey;
import io.keymint.wallet.WalletSource;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link EtcdKeyStore} against one real etcd member: sealing, compare-and-set, lease, fencing. */
class EtcdKeyStoreTest extends KeyStoreContract {
  @RegisterExtension static final EtcdFixture etcd = EtcdFixture.perClass(1);

  private static EtcdKeyStore store(String key) {
    return EtcdKeyStore.builder()
        .endpoint(etcd.endpoint())
        .key(key)
        .wallet(WalletSource.privateKey(TestKeys.VECTOR_PRIVATE_KEY.toCharArray()))
        .requestTimeout(Duration.ofSeconds(5))
        .build();
  }

  @Override
  KeyStore store(String name, String holder) {
    return store("/keymint/" + name); // one etcd for the class: the test's own key
  }

  @Override
  void stopRenewing(KeyStore.Lease lease) {
    ((EtcdKeyStore.EtcdLease) lease).stopRenewing();
  }

  @Override
  String staleVersionWords() {
    return "changed since it was read";
  }

  @Test
  void write_thenRead_roundTripsTheKey_andEtcdHoldsItOnlySealed() throws Exception {
    ApiKey k = key("k-round");
    try (EtcdKeyStore s = store("/keymint/round")) {
      assertThat(s.read()).isEmpty();
      String version;
      try (KeyStore.Lease lease = s.lease(Duration.ofSeconds(5), in(Duration.ofSeconds(5)))) {
        version = s.write(k, null, lease);
      }
      StoreRecord r = s.read().orElseThrow();
      assertThat(r.version()).isEqualTo(version);
      assertThat(r.key().secret().reveal()).isEqualTo(k.secret().reveal());
      assertThat(r.key().metadata().map(ApiKey::id)).contains("k-round");
      assertThat(r.toString()).doesNotContain(k.secret().reveal());
    }
    String value = etcd.raw("/keymint/round");
    assertThat(value)
        .contains("venice-keymint-store-record")
        .contains("k-round")
        .doesNotContain(k.secret().reveal())
        .doesNotContain(k.secret().reveal().substring(8));
    // the record's "sealed" member is a recovery document: keymint recover opens it as it is
    byte[] sealed =
        io.keymint.internal.Json.writeString(
                io.keymint.internal.Json.parse(value.getBytes(StandardCharsets.UTF_8))
                    .get("sealed"),
                false)
            .getBytes(StandardCharsets.UTF_8);
    try (io.keymint.wallet.Wallet w =
        WalletSource.privateKey(TestKeys.VECTOR_PRIVATE_KEY.toCharArray()).unlock()) {
      assertThat(io.keymint.escrow.RecoveryEscrow.openBytes(w, sealed).secret().reveal())
          .isEqualTo(k.secret().reveal());
    }
  }

  @Test
  void lease_heldByAnother_timesOutWithNull_thenIsFreeOnceReleased() throws Exception {
    try (EtcdKeyStore a = store("/keymint/busy");
        EtcdKeyStore b = store("/keymint/busy")) {
      KeyStore.Lease held = a.lease(Duration.ofSeconds(10), in(Duration.ofSeconds(5)));
      assertThat(b.lease(Duration.ofSeconds(10), in(Duration.ofMillis(300)))).isNull();
      held.close();
      KeyStore.Lease next = b.lease(Duration.ofSeconds(10), in(Duration.ofSeconds(5)));
      assertThat(next).isNotNull();
      next.close();
    }
  }

  @Test
  @SuppressWarnings("try") // the watch is held for the block
  void watch_deliversEachNewKey() throws Exception {
    LinkedBlockingQueue<StoredKey> seen = new LinkedBlockingQueue<>();
    try (EtcdKeyStore writer = store("/keymint/watched");
        EtcdKeyStore watcher = store("/keymint/watched")) {
      try (AutoCloseable w = watcher.watch(seen::add)) {
        ApiKey k1 = key("w1");
        ApiKey k2 = key("w2");
        try (KeyStore.Lease lease =
            writer.lease(Duration.ofSeconds(5), in(Duration.ofSeconds(5)))) {
          String v = writer.write(k1, null, lease);
          writer.write(k2, v, lease);
        }
        StoredKey first = seen.poll(10, TimeUnit.SECONDS);
        StoredKey second = seen.poll(10, TimeUnit.SECONDS);
        assertThat(List.of(first, second))
            .extracting(k -> k.secret().reveal())
            .containsExactly(k1.secret().reveal(), k2.secret().reveal());
      }
    }
  }

  @Test
  void read_whenNothingListens_isUnreachableWithinTheDeadline() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    try (EtcdKeyStore s =
        EtcdKeyStore.builder()
            .endpoint("127.0.0.1:" + port)
            .key("/keymint/none")
            .wallet(WalletSource.privateKey(TestKeys.VECTOR_PRIVATE_KEY.toCharArray()))
            .requestTimeout(Duration.ofSeconds(1))
            .build()) {
      assertThatThrownBy(s::read)
          .isInstanceOfSatisfying(
              StoreException.class,
              e -> assertThat(e.kind()).isEqualTo(StoreException.Kind.UNREACHABLE))
          .hasMessageContaining("etcd did not answer")
          .hasMessageContaining("127.0.0.1:" + port);
    }
  }

  @Test
  void read_ofARecordSealedByAnotherWallet_saysWhichWallet() throws Exception {
    try (EtcdKeyStore s = store("/keymint/other");
        EtcdKeyStore other =
            EtcdKeyStore.builder()
                .endpoint(etcd.endpoint())
                .key("/keymint/other")
                .wallet(WalletSource.privateKey(TestKeys.LIGHT_PRIVATE_KEY.toCharArray()))
                .build()) {
      try (KeyStore.Lease lease = other.lease(Duration.ofSeconds(5), in(Duration.ofSeconds(5)))) {
        other.write(key("k-light"), null, lease);
      }
      assertThatThrownBy(s::read)
          .isInstanceOf(StoreException.class)
          .hasMessageContaining("sealed by wallet")
          .hasMessageContaining(TestKeys.LIGHT_ADDRESS);
    }
  }
}
