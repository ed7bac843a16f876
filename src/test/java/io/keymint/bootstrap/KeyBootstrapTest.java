package io.keymint.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.keymint.ApiKeySecret;
import io.keymint.bootstrap.BootstrapResult.Outcome;
import io.keymint.emulator.VeniceEmulator;
import io.keymint.escrow.EscrowException;
import io.keymint.escrow.RecoveryEscrow;
import io.keymint.internal.Json;
import io.keymint.mint.Web3KeyMinter;
import io.keymint.sink.SecretSink;
import io.keymint.sink.SinkException;
import io.keymint.testing.LeakWatch;
import io.keymint.testing.OnEmulator;
import io.keymint.testing.TestClock;
import io.keymint.testing.TestKeys;
import io.keymint.venice.ApiKey;
import io.keymint.venice.ApiKeyType;
import io.keymint.venice.AuthenticationException;
import io.keymint.venice.KeySpec;
import io.keymint.venice.VeniceClient;
import io.keymint.wallet.Wallet;
import io.keymint.wallet.WalletSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ensure, rotate, escrow and recover against the emulator, with real HTTP and real files. */
class KeyBootstrapTest extends OnEmulator {
  @TempDir Path dir;
  private final TestClock clock = new TestClock(Instant.parse("2036-11-30T12:00:00Z"));
  private Path keyFile;

  @BeforeEach
  void start() {
    useVenice(
        VeniceEmulator.builder()
            .staker(TestKeys.VECTOR_ADDRESS)
            .staker(TestKeys.LIGHT_ADDRESS)
            .clock(clock)
            .start());
    keyFile = dir.resolve("venice-api-key");
  }

  private static WalletSource vectorWallet() {
    return WalletSource.privateKey(TestKeys.VECTOR_PRIVATE_KEY.toCharArray());
  }

  private static WalletSource lightWallet() {
    return WalletSource.privateKey(TestKeys.LIGHT_PRIVATE_KEY.toCharArray());
  }

  private KeyBootstrap.Builder bootstrap() {
    return KeyBootstrap.builder()
        .client(client)
        .wallet(vectorWallet())
        .sink(SecretSink.file(keyFile))
        .spec(io.keymint.venice.KeySpec.builder().usdLimit(java.math.BigDecimal.TEN).build())
        .clock(clock);
  }

  private String stored() throws Exception {
    String s = Files.readString(keyFile).strip();
    LeakWatch.secret(s);
    return s;
  }

  /** An ADMIN key of the wallet's own account, minted with the wallet, to revoke its keys with. */
  private ApiKeySecret adminKey() {
    AtomicReference<ApiKeySecret> admin = new AtomicReference<>();
    Web3KeyMinter.builder()
        .client(client)
        .wallet(vectorWallet())
        .sink(SecretSink.callback(k -> admin.set(k.secret())))
        .build()
        .mint(KeySpec.builder().noLimit().type(ApiKeyType.ADMIN).description("test admin").build());
    return admin.get();
  }

  private boolean works(String secret) {
    try (VeniceClient as = client.newBuilder().apiKey(ApiKeySecret.of(secret)).build()) {
      return as.apiKeys().rateLimits().accessPermitted();
    } catch (AuthenticationException e) {
      return false;
    }
  }

  @Test
  void ensure_twiceOnOneSink_mintsOnce() throws Exception {
    KeyBootstrap b = bootstrap().build();

    BootstrapResult first = b.ensure();
    String secret = stored();
    BootstrapResult second = b.ensure();

    assertThat(first.outcome()).isEqualTo(Outcome.MINTED);
    assertThat(first.reason()).contains("no key is stored");
    assertThat(second.outcome()).isEqualTo(Outcome.REUSED);
    assertThat(second.key().orElseThrow().id()).isEqualTo(first.key().orElseThrow().id());
    assertThat(second.secret().reveal()).isEqualTo(secret);
    assertThat(venice.mintCount()).isEqualTo(1);
    assertThat(Files.exists(dir.resolve("venice-api-key.lock"))).isTrue();
    assertThat(second.toString()).doesNotContain(secret);
  }

  @Test
  void ensure_withAnotherWallet_onASinkHoldingWalletAsKey_mintsItsOwnAndLeavesAsKey()
      throws Exception {
    BootstrapResult a = bootstrap().build().ensure();
    String aSecret = stored();

    BootstrapResult b = bootstrap().wallet(lightWallet()).build().ensure();

    assertThat(b.outcome()).isEqualTo(Outcome.MINTED);
    assertThat(b.reason())
        .contains(a.key().orElseThrow().id())
        .contains("belongs to wallet " + TestKeys.VECTOR_ADDRESS);
    assertThat(b.key().orElseThrow().walletAddress()).hasValue(TestKeys.LIGHT_ADDRESS);
    assertThat(stored()).isNotEqualTo(aSecret);
    assertThat(works(aSecret)).isTrue(); // left, not revoked
    assertThat(venice.mintCount()).isEqualTo(2);

    // and the same wallet B again reuses its own key
    assertThat(bootstrap().wallet(lightWallet()).build().ensure().outcome())
        .isEqualTo(Outcome.REUSED);
  }

  @Test
  void ensure_afterTheKeyWasRevoked_mintsAgain() throws Exception {
    KeyBootstrap b = bootstrap().build();
    String oldId = b.ensure().key().orElseThrow().id();
    String oldSecret = stored();
    try (VeniceClient admin = client.newBuilder().apiKey(adminKey()).build()) {
      admin.apiKeys().revoke(oldId);
    }

    BootstrapResult again = b.ensure();

    assertThat(again.outcome()).isEqualTo(Outcome.MINTED);
    assertThat(again.reason()).contains("Venice no longer knows the stored key (401");
    assertThat(stored()).isNotEqualTo(oldSecret);
    assertThat(works(stored())).isTrue();
    assertThat(venice.mintCount()).isEqualTo(3); // key, admin key, replacement
  }

  @Test
  void ensure_afterTheKeyExpired_mintsAgain() throws Exception {
    KeySpec oneHour =
        KeySpec.builder().noLimit().expiresAt(clock.instant().plus(Duration.ofHours(1))).build();
    // the expiry is a fixed instant, so the replacement is born expired: verification would
    // (rightly) refuse it, which ensure_mintedKeyNotAdmitted_* covers; here only the re-mint counts
    KeyBootstrap b = bootstrap().spec(oneHour).margin(Duration.ZERO).verify(false).build();
    b.ensure();
    String first = stored();

    clock.advance(Duration.ofMinutes(30));
    assertThat(b.ensure().outcome()).isEqualTo(Outcome.REUSED);
    clock.advance(Duration.ofMinutes(31));
    BootstrapResult later = b.ensure();

    assertThat(later.outcome()).isEqualTo(Outcome.MINTED);
    assertThat(later.reason()).contains("expires at");
    assertThat(stored()).isNotEqualTo(first);
    assertThat(venice.mintCount()).isEqualTo(2);
  }

  @Test
  void ensure_keyExpiringWithinTheMargin_isReplacedEarly() throws Exception {
    KeySpec oneHour =
        KeySpec.builder().noLimit().expiresAt(clock.instant().plus(Duration.ofHours(1))).build();
    KeyBootstrap b = bootstrap().spec(oneHour).margin(Duration.ofMinutes(15)).build();
    b.ensure();

    clock.advance(Duration.ofMinutes(50));
    BootstrapResult r = b.ensure();

    assertThat(r.outcome()).isEqualTo(Outcome.MINTED);
    assertThat(r.reason()).contains("within the margin");
    assertThat(venice.mintCount()).isEqualTo(2);
  }

  @Test
  void ensure_concurrentThreadsOnOneSink_mintOnce() throws Exception {
    KeyBootstrap b = bootstrap().build();
    List<Thread> threads = new java.util.ArrayList<>();
    List<BootstrapResult> results = new java.util.concurrent.CopyOnWriteArrayList<>();
    for (int i = 0; i < 4; i++) {
      threads.add(new Thread(() -> results.add(b.ensure())));
    }
    threads.forEach(Thread::start);
    for (Thread t : threads) {
      t.join();
    }
    assertThat(results).hasSize(4);
    assertThat(venice.mintCount()).isEqualTo(1);
    assertThat(results).extracting(BootstrapResult::outcome).containsOnlyOnce(Outcome.MINTED);
  }

  @Test
  void rotate_withAdminKey_storesAndChecksTheNewKeyThenRevokesTheOld() throws Exception {
    ApiKeySecret admin = adminKey();
    KeyBootstrap b = bootstrap().adminKey(admin).build();
    String oldId = b.ensure().key().orElseThrow().id();
    String oldSecret = stored();

    BootstrapResult r = b.rotate();

    String newSecret = stored();
    assertThat(r.outcome()).isEqualTo(Outcome.ROTATED);
    assertThat(r.previousKeyId()).contains(oldId);
    assertThat(r.previousKeyRevoked()).isTrue();
    assertThat(newSecret).isNotEqualTo(oldSecret);
    assertThat(works(newSecret)).isTrue();
    assertThat(works(oldSecret)).isFalse();
    // exactly one live INFERENCE key: the new one (the other live key is the test's ADMIN key)
    assertThat(venice.activeKeyCount()).isEqualTo(2);
    assertThat((SecretSink.file(keyFile)).read().orElseThrow().metadata().orElseThrow().id())
        .isEqualTo(r.key().orElseThrow().id());
  }

  @Test
  void rotate_withoutAdminKey_reportsTheOldKeyToRevoke() throws Exception {
    KeyBootstrap b = bootstrap().build();
    String oldId = b.ensure().key().orElseThrow().id();

    BootstrapResult r = b.rotate();

    assertThat(r.previousKeyId()).contains(oldId);
    assertThat(r.previousKeyRevoked()).isFalse();
    assertThat(r.reason()).contains("revoke the previous key " + oldId);
    assertThat(venice.activeKeyCount()).isEqualTo(2);
  }

  @Test
  void sinkFailingAfterTheMint_sealsARecoveryFile_recoverRestoresTheExactSecret() throws Exception {
    Path sinkDir = Files.createDirectory(dir.resolve("keys"));
    Path recovery = Files.createDirectory(dir.resolve("recovery"));
    Path target = sinkDir.resolve("venice-api-key");
    // passes preflight, then the folder turns read-only (disk remounted, permissions changed)
    java.util.concurrent.atomic.AtomicBoolean sprung =
        new java.util.concurrent.atomic.AtomicBoolean();
    SecretSink trap =
        new SecretSink() {
          @Override
          public void preflight() {}

          @Override
          public void write(ApiKey key) {
            if (sprung.compareAndSet(false, true)) {
              Folders.lock(sinkDir);
            }
            throw new SinkException("secret store: down");
          }

          @Override
          public String description() {
            return "trap";
          }
        };
    KeyBootstrap b =
        KeyBootstrap.builder()
            .client(client)
            .wallet(vectorWallet())
            .sink(trap)
            .sink(SecretSink.file(target))
            .spec(io.keymint.venice.KeySpec.builder().usdLimit(java.math.BigDecimal.TEN).build())
            .recoveryDir(recovery)
            .build();
    try {
      EscrowException e =
          org.junit.jupiter.api.Assertions.assertThrows(EscrowException.class, b::ensure);
      assertThat(e.kind()).isEqualTo(EscrowException.Kind.ESCROWED);
      assumeThat(Folders.writable(sinkDir)).as("folder could be made unwritable").isFalse();
      String secret =
          io.keymint.testing.Emulators.secrets(venice)
              .get(io.keymint.testing.Emulators.secrets(venice).size() - 1);
      LeakWatch.secret(secret);
      LeakWatch.record(e.getMessage());

      assertThat(e.getMessage()).doesNotContain(secret).contains("call KeyBootstrap.recover on");
      assertThat(e.recoveryFile().getParent()).isEqualTo(recovery.toAbsolutePath());
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(e.recoveryFile())))
          .isEqualTo("rw-------");
      String sealed = Files.readString(e.recoveryFile());
      assertThat(sealed).doesNotContain(secret).contains(e.key().id());
      assertThat(Files.exists(target)).isFalse();

      Folders.unlock(sinkDir);
      KeyBootstrap restore =
          KeyBootstrap.builder()
              .client(client)
              .wallet(vectorWallet())
              .sink(SecretSink.file(target))
              .build();
      BootstrapResult r = restore.recover(e.recoveryFile());

      assertThat(r.outcome()).isEqualTo(Outcome.RECOVERED);
      assertThat(Files.readString(target)).isEqualTo(secret + "\n");
      assertThat(r.key().orElseThrow().id()).isEqualTo(e.key().id());
      // and ensure now reuses it instead of minting
      assertThat(restore.ensure().outcome()).isEqualTo(Outcome.REUSED);
      assertThat(venice.mintCount()).isEqualTo(1);
    } finally {
      Folders.unlock(sinkDir);
    }
  }

  @Test
  void recoveryFile_cannotBeOpenedWithAnotherWallet() throws Exception {
    ApiKey key =
        ApiKey.builder()
            .id("7f1c0f52-0000-4000-8000-000000000001")
            .type(ApiKeyType.INFERENCE)
            .secret(ApiKeySecret.of("vk_escrow-test-secret-0123456789"))
            .build();
    LeakWatch.secret("vk_escrow-test-secret-0123456789");
    Path file;
    try (Wallet a = vectorWallet().unlock()) {
      file = RecoveryEscrow.seal(a, key, dir);
    }
    assertThat(Files.readString(file)).doesNotContain("vk_escrow-test-secret-0123456789");

    try (Wallet other = lightWallet().unlock()) {
      assertThatThrownBy(() -> RecoveryEscrow.open(other, file))
          .isInstanceOfSatisfying(
              EscrowException.class,
              e -> assertThat(e.kind()).isEqualTo(EscrowException.Kind.RECOVERY_FAILED))
          .hasMessageContaining("sealed by wallet");
      // claiming the file for the other wallet does not help: the address is bound into the tag
      // and the key is derived from the owner's signature
      var json =
          (com.fasterxml.jackson.databind.node.ObjectNode) Json.parse(Files.readAllBytes(file));
      json.put("walletAddress", other.address());
      Files.write(file, Json.write(json));
      assertThatThrownBy(() -> RecoveryEscrow.open(other, file))
          .isInstanceOf(EscrowException.class)
          .hasMessageContaining("cannot be decrypted");
    }
    try (Wallet a = vectorWallet().unlock()) {
      var json =
          (com.fasterxml.jackson.databind.node.ObjectNode) Json.parse(Files.readAllBytes(file));
      json.put("walletAddress", a.address());
      json.put("keyId", "another-id");
      Files.write(file, Json.write(json));
      assertThatThrownBy(() -> RecoveryEscrow.open(a, file))
          .hasMessageContaining("cannot be decrypted");
      json.put("keyId", key.id());
      Files.write(file, Json.write(json));
      assertThat(RecoveryEscrow.open(a, file).secret().reveal())
          .isEqualTo("vk_escrow-test-secret-0123456789");
    }
  }
}
