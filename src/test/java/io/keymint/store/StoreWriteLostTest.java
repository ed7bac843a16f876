package io.keymint.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.options.GetOption;
import io.keymint.ApiKeySecret;
import io.keymint.bootstrap.KeyBootstrap;
import io.keymint.emulator.VeniceEmulator;
import io.keymint.escrow.RecipientEscrow;
import io.keymint.escrow.RecoveryEscrow;
import io.keymint.sink.SecretSink;
import io.keymint.testing.Emulators;
import io.keymint.testing.EtcdCluster;
import io.keymint.testing.LeakWatch;
import io.keymint.testing.TestKeys;
import io.keymint.venice.ApiKey;
import io.keymint.venice.ApiKeyType;
import io.keymint.venice.KeySpec;
import io.keymint.venice.VeniceClient;
import io.keymint.wallet.Wallet;
import io.keymint.wallet.WalletSource;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The holder's lease is lost between its mint's preflight and the store write (etcd revoked it, as
 * after a partition), and another replica writes a key meanwhile: the minted key is not lost — it
 * is sealed in a recovery file — and the error is a conflict (exit 22) naming the key to revoke;
 * {@code recover} then puts it in the store.
 */
class StoreWriteLostTest {
  @TempDir Path dir;
  private EtcdCluster etcd;
  private VeniceEmulator venice;
  private String endpoint;
  private final WalletSource wallet =
      WalletSource.privateKey(TestKeys.VECTOR_PRIVATE_KEY.toCharArray());

  @AfterEach
  void stop() {
    Emulators.stop(venice);
    if (etcd != null) {
      etcd.close();
    }
  }

  @BeforeEach
  void start() throws Exception {
    etcd = EtcdCluster.start(dir, 1);
    venice = Emulators.start(TestKeys.VECTOR_ADDRESS);
    endpoint = etcd.members().get(0).endpoint();
  }

  @Test
  void leaseLostBeforeTheStoreWrite_keyIsSealedInARecoveryFile_andTheNewerKeyStays()
      throws Exception {
    try (VeniceClient client = client();
        EtcdKeyStore store = store()) {
      Path file = ensureWhileTheLeaseIsLost(client, store, null);
      assertThat(venice.mintCount()).isEqualTo(1);
      String minted = Emulators.secrets(venice).get(0);
      LeakWatch.secret(minted);
      assertThat(store.read().orElseThrow().key().metadata().map(ApiKey::id))
          .contains("other-replica");
      assertThat(Files.readString(file)).doesNotContain(minted);
      try (Wallet w = wallet.unlock()) {
        assertThat(RecoveryEscrow.open(w, file).secret().reveal()).isEqualTo(minted);
      }

      // recover --store: the sealed key replaces the store's, by compare-and-set under the lease
      KeyBootstrap.builder()
          .spec(KeySpec.builder().usdLimit(BigDecimal.TEN).build())
          .client(client)
          .wallet(wallet)
          .store(store)
          .leaseTtl(Duration.ofSeconds(5))
          .build()
          .recover(file);
      assertThat(store.read().orElseThrow().key().secret().reveal()).isEqualTo(minted);
      assertThat(venice.mintCount()).isEqualTo(1);
    }
  }

  @Test
  void leaseLostBeforeTheStoreWrite_withAnEscrowRecipient_keyIsSealedToTheRecipient()
      throws Exception {
    KeyPair operator = KeyPairGenerator.getInstance("X25519").generateKeyPair();
    try (VeniceClient client = client();
        EtcdKeyStore store = store()) {
      Path file = ensureWhileTheLeaseIsLost(client, store, operator.getPublic());
      String minted = Emulators.secrets(venice).get(0);
      LeakWatch.secret(minted);
      assertThat(RecipientEscrow.isRecipientFile(file)).isTrue();
      assertThat(RecipientEscrow.open(operator.getPrivate(), file).secret().reveal())
          .isEqualTo(minted);
    }
  }

  private VeniceClient client() {
    return VeniceClient.builder().baseUrl(venice.baseUrl()).sleeper(d -> {}).build();
  }

  private EtcdKeyStore store() {
    return EtcdKeyStore.builder().endpoint(endpoint).key("/lost").wallet(wallet).build();
  }

  /**
   * {@code ensure} mints while another replica takes the store over (the partition sink): the store
   * refuses the key, which is sealed in the returned recovery file (to {@code recipient} when not
   * null), and the error is a conflict naming the key to revoke.
   */
  private Path ensureWhileTheLeaseIsLost(
      VeniceClient client, EtcdKeyStore store, PublicKey recipient) throws Exception {
    ApiKey other =
        ApiKey.builder()
            .id("other-replica")
            .type(ApiKeyType.INFERENCE)
            .secret(ApiKeySecret.of("VENICE-INFERENCE-KEY-other-replica-000000"))
            .build();
    Path recovery = Files.createDirectory(dir.resolve("recovery"));
    assertThatThrownBy(
            () ->
                KeyBootstrap.builder()
                    .spec(KeySpec.builder().usdLimit(BigDecimal.TEN).build())
                    .client(client)
                    .wallet(wallet)
                    .store(store)
                    .sink(partition(endpoint, wallet, other))
                    .recoveryDir(recovery)
                    .escrowRecipient(recipient)
                    .leaseTtl(Duration.ofSeconds(5))
                    .build()
                    .ensure())
        .isInstanceOfSatisfying(
            StoreException.class, e -> assertThat(e.kind()).isEqualTo(StoreException.Kind.CONFLICT))
        .hasMessageContaining("lease ran out")
        .hasMessageContaining("sealed in recovery file " + recovery)
        .hasMessageContaining("revoke key");
    try (var files = Files.list(recovery)) {
      return files.findFirst().orElseThrow();
    }
  }

  /**
   * A sink whose preflight runs after the lease is taken and before the mint: the partition happens
   * there (the holder's lease is revoked and {@code other} written by another holder); its write
   * succeeds, so the minted key is held locally and only the store refuses it.
   */
  private static SecretSink partition(String endpoint, WalletSource wallet, ApiKey other) {
    return new SecretSink() {
      @Override
      public void preflight() {
        try (Client c = Client.builder().endpoints("http://" + endpoint).build();
            EtcdKeyStore b =
                EtcdKeyStore.builder().endpoint(endpoint).key("/lost").wallet(wallet).build()) {
          var lock =
              c.getKVClient()
                  .get(
                      ByteSequence.from("/lost/lock/", StandardCharsets.UTF_8),
                      GetOption.builder().isPrefix(true).build())
                  .get(5, TimeUnit.SECONDS)
                  .getKvs()
                  .get(0);
          c.getLeaseClient().revoke(lock.getLease()).get(5, TimeUnit.SECONDS);
          try (KeyStore.Lease lease =
              b.lease(Duration.ofSeconds(5), System.nanoTime() + 5_000_000_000L)) {
            b.write(other, null, lease);
          }
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      }

      @Override
      public void write(ApiKey key) {}

      @Override
      public String description() {
        return "partition";
      }
    };
  }
}
