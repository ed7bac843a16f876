package io.keymint.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.keymint.escrow.RecoveryEscrow;
import io.keymint.internal.codec.KeyJson;
import io.keymint.sink.SecretSink;
import io.keymint.sink.StoredKey;
import io.keymint.testing.LeakWatch;
import io.keymint.testing.TestKeys;
import io.keymint.venice.ApiKey;
import io.keymint.venice.ApiKeyType;
import io.keymint.venice.LimitPeriod;
import io.keymint.venice.ModelPrivacy;
import io.keymint.wallet.Wallet;
import io.keymint.wallet.WalletSource;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Key documents written by main before the one key type (src/test/resources/keyformats, made by
 * main's own code at 0c781cb) still read, field for field: the metadata sidecar, a version 2
 * recovery file, an etcd record, a Kubernetes annotation.
 */
class KeyFormatsFixtureTest {
  static final Path DIR = Path.of("src/test/resources/keyformats/main-0c781cb");
  static final String SECRET = "VENICE_INFERENCE_KEY_mainFormatFixture0123456789uvwxyz";
  static final String ID = "b7e1c2d4-main-format-fixture";

  static {
    LeakWatch.secret(SECRET);
  }

  @TempDir Path dir;

  private static WalletSource wallet() {
    return WalletSource.privateKey(TestKeys.VECTOR_PRIVATE_KEY.toCharArray());
  }

  /** Every field main wrote, as main's IssuedKey held it. */
  private static void assertFixtureMetadata(ApiKey k) {
    assertThat(k.id()).isEqualTo(ID);
    assertThat(k.type()).contains(ApiKeyType.ADMIN);
    assertThat(k.lastSix()).contains("uvwxyz");
    assertThat(k.description()).contains("written by main 0c781cb");
    assertThat(k.expiresAt()).contains(Instant.parse("2031-02-03T04:05:06Z"));
    assertThat(k.issuedAt()).contains(Instant.parse("2026-12-01T03:00:00Z"));
    assertThat(k.consumptionLimit().usd())
        .hasValueSatisfying(v -> assertThat(v).isEqualByComparingTo(new BigDecimal("5.25")));
    assertThat(k.consumptionLimit().diem())
        .hasValueSatisfying(v -> assertThat(v).isEqualByComparingTo(new BigDecimal("2")));
    assertThat(k.limitPeriod()).contains(LimitPeriod.MONTH);
    assertThat(k.modelPrivacy()).contains(ModelPrivacy.PRIVATE_ONLY);
    assertThat(k.walletAddress()).contains("0x2c7536E3605D9C16a7a3D7b1898e529396a65c23");
    assertThat(k.limitsSource()).contains(ApiKey.LimitsSource.REQUESTED);
  }

  @Test
  void metadataSidecarWrittenByMain_readsBackThroughTheFileSink() throws Exception {
    Path target = dir.resolve("venice-api-key");
    Files.copy(DIR.resolve("venice-api-key"), target);
    Files.copy(DIR.resolve("venice-api-key.meta.json"), dir.resolve("venice-api-key.meta.json"));
    Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rw-------"));

    StoredKey stored = SecretSink.file(target).read().orElseThrow();

    assertThat(stored.secret().reveal()).isEqualTo(SECRET);
    ApiKey k = stored.metadata().orElseThrow();
    assertFixtureMetadata(k);
    assertThat(k.secret()).isSameAs(stored.secret());
  }

  @Test
  void recoveryFileV2WrittenByMain_opensWithItsMetadata() throws Exception {
    try (Wallet w = wallet().unlock()) {
      ApiKey k = RecoveryEscrow.open(w, DIR.resolve("recovery-v2.json"));
      assertThat(k.secret().reveal()).isEqualTo(SECRET);
      assertFixtureMetadata(k);
    }
  }

  @Test
  void recoveryFileV1WrittenBy010_opensWithItsMetadata() throws Exception {
    String v1Secret = "VENICE_INFERENCE_KEY_v1FixtureSecret0123456789abcdef";
    LeakWatch.secret(v1Secret);
    try (Wallet w = wallet().unlock()) {
      ApiKey k =
          RecoveryEscrow.open(
              w, Path.of("src/test/resources/escrow/venice-keymint-recovery-0b1d-v1-fixture.json"));
      assertThat(k.secret().reveal()).isEqualTo(v1Secret);
      assertThat(k.id()).isEqualTo("0b1d-v1-fixture");
      assertThat(k.type()).contains(ApiKeyType.INFERENCE);
      assertThat(k.description()).contains("sealed by keymint 0.1.0 (escrow v1)");
      assertThat(k.issuedAt()).contains(Instant.parse("2026-12-01T01:09:27.402052863Z"));
      assertThat(k.limitsSource()).isEmpty(); // 0.1.0 did not record it
    }
  }

  @Test
  void etcdRecordWrittenByMain_opensWithItsMetadata() throws Exception {
    StoredKey stored =
        new Sealer(wallet()).open(Files.readAllBytes(DIR.resolve("etcd-record.json")), "etcd");

    assertThat(stored.secret().reveal()).isEqualTo(SECRET);
    assertFixtureMetadata(stored.metadata().orElseThrow());
  }

  @Test
  void kubernetesAnnotationWrittenByMain_readsAndWritesBackTheSameDocument() throws Exception {
    byte[] annotation = Files.readAllBytes(DIR.resolve("k8s-annotation.json"));

    ApiKey k = KeyJson.readMetadata(annotation);

    assertFixtureMetadata(k);
    assertThat(k.hasSecret()).isFalse();
    // what this code writes for the same key is what main wrote
    assertThat(KeyJson.readMetadata(KeyJson.metadataBytes(k))).isEqualTo(k);
    assertThat(new String(KeyJson.metadataBytes(k), StandardCharsets.UTF_8))
        .isEqualTo(new String(annotation, StandardCharsets.UTF_8));
  }
}
