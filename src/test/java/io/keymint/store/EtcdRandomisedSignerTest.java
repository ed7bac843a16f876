package io.keymint.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.keymint.bootstrap.KeyBootstrap;
import io.keymint.emulator.VeniceEmulator;
import io.keymint.escrow.EscrowException;
import io.keymint.testing.Emulators;
import io.keymint.testing.EtcdCluster;
import io.keymint.testing.TestKeys;
import io.keymint.venice.KeySpec;
import io.keymint.venice.VeniceClient;
import io.keymint.wallet.Wallet;
import io.keymint.wallet.WalletSource;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An etcd record is sealed under a key derived from the wallet's deterministic signature, so a
 * signer that does not promise determinism (a token, a KMS) could neither write nor read it: ensure
 * refuses such a wallet before it mints, even with an escrow recipient at hand.
 */
class EtcdRandomisedSignerTest {
  @TempDir static Path dir;
  static EtcdCluster etcd;

  @BeforeAll
  static void startEtcd() {
    etcd = EtcdCluster.start(dir, 1);
  }

  @AfterAll
  static void stopEtcd() {
    if (etcd != null) {
      etcd.close();
    }
  }

  /** Signs in process, but like a token or a KMS does not promise the same bytes twice. */
  private static WalletSource randomised() {
    WalletSource inner = WalletSource.privateKey(TestKeys.VECTOR_PRIVATE_KEY.toCharArray());
    return new WalletSource() {
      @Override
      public Wallet unlock() {
        Wallet w = inner.unlock();
        return new Wallet() {
          @Override
          public String address() {
            return w.address();
          }

          @Override
          public byte[] signDigest(byte[] digest) {
            return w.signDigest(digest);
          }

          @Override
          public void close() {
            w.close();
          }
        };
      }

      @Override
      public String description() {
        return "randomised test signer";
      }
    };
  }

  @Test
  void ensure_onEtcd_withARandomisedSigner_isRefusedBeforeMinting() throws Exception {
    VeniceEmulator venice = Emulators.start(TestKeys.VECTOR_ADDRESS);
    WalletSource wallet = randomised();
    try (VeniceClient client = VeniceClient.builder().baseUrl(venice.baseUrl()).build();
        EtcdKeyStore store =
            EtcdKeyStore.builder()
                .endpoint(etcd.members().get(0).endpoint())
                .key("/keymint/randomised")
                .wallet(wallet)
                .requestTimeout(Duration.ofSeconds(5))
                .build()) {
      KeyBootstrap bootstrap =
          KeyBootstrap.builder()
              .client(client)
              .wallet(wallet)
              .store(store)
              .spec(KeySpec.builder().usdLimit(BigDecimal.ONE).build())
              .escrowRecipient(KeyPairGenerator.getInstance("X25519").generateKeyPair().getPublic())
              .maxWait(Duration.ofSeconds(30))
              .build();

      EscrowException e = catchThrowableOfType(EscrowException.class, bootstrap::ensure);

      assertThat(e).isNotNull();
      assertThat(e.kind()).isEqualTo(EscrowException.Kind.NO_ESCROW);
      assertThat(e.getMessage()).contains("random nonce").contains(TestKeys.VECTOR_ADDRESS);
      assertThat(venice.mintCount()).isZero();
      assertThat(store.read()).isEmpty();
    } finally {
      Emulators.stop(venice);
    }
  }
}
