package io.keymint.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import io.keymint.bootstrap.BootstrapResult.Outcome;
import io.keymint.emulator.VeniceEmulator;
import io.keymint.sink.SecretSink;
import io.keymint.testing.Emulators;
import io.keymint.testing.HostileServer;
import io.keymint.testing.LeakWatch;
import io.keymint.testing.TestKeys;
import io.keymint.venice.VeniceClient;
import io.keymint.wallet.Wallet;
import io.keymint.wallet.WalletSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ensure and rotate mint through the minter: the wallet is unlocked by the minter, once, while the
 * token is fetched; a reused key unlocks nothing.
 */
class KeyBootstrapOnMinterTest {
  private static final String SECRET =
      "VENICE_INFERENCE_KEY_onMinterTestSecret0123456789abcdefghijklmn";

  static {
    LeakWatch.secret(SECRET);
  }

  @TempDir Path dir;

  /** Counts unlocks; each unlock first waits (bounded) for {@code ready} and notes what it saw. */
  static final class CountingSource implements WalletSource {
    final WalletSource inner = WalletSource.privateKey(TestKeys.VECTOR_PRIVATE_KEY.toCharArray());
    final AtomicInteger unlocks = new AtomicInteger();
    final java.util.function.BooleanSupplier ready;
    volatile boolean sawReady;

    CountingSource(java.util.function.BooleanSupplier ready) {
      this.ready = ready;
    }

    @Override
    public Wallet unlock() {
      unlocks.incrementAndGet();
      long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      while (!ready.getAsBoolean() && System.nanoTime() < until) {
        Thread.onSpinWait();
      }
      sawReady = ready.getAsBoolean();
      return inner.unlock();
    }

    @Override
    public Optional<String> knownAddress() {
      return Optional.of(TestKeys.VECTOR_ADDRESS);
    }

    @Override
    public String description() {
      return "counting " + inner.description();
    }
  }

  @Test
  void ensure_mints_unlockingOnceWhileTheTokenIsFetched() throws Exception {
    String minted =
        "{\"success\":true,\"data\":{\"id\":\"k-1\",\"apiKey\":\""
            + SECRET
            + "\",\"apiKeyType\":\"INFERENCE\",\"expiresAt\":null,"
            + "\"consumptionLimit\":{\"usd\":null,\"diem\":null,\"vcu\":null}}}";
    try (HostileServer venice = new HostileServer(HostileServer.json(200, minted));
        VeniceClient client =
            VeniceClient.builder().baseUrl(venice.baseUrl()).sleeper(d -> {}).build()) {
      // the unlock waits until the token GET has reached Venice: only a minter that fetches the
      // token while it unlocks gets past it (a bootstrap that unlocked first would wait 20 s and
      // see no GET)
      CountingSource wallet = new CountingSource(() -> venice.gets() >= 1);
      Path keyFile = dir.resolve("venice-api-key");

      BootstrapResult r =
          KeyBootstrap.builder()
              .client(client)
              .wallet(wallet)
              .spec(io.keymint.venice.KeySpec.builder().usdLimit(java.math.BigDecimal.TEN).build())
              .sink(SecretSink.file(keyFile))
              .verify(false) // the hostile server answers only the mint
              .build()
              .ensure();

      assertThat(r.outcome()).isEqualTo(Outcome.MINTED);
      assertThat(wallet.sawReady).isTrue();
      assertThat(wallet.unlocks).hasValue(1);
      assertThat(venice.gets()).isEqualTo(1);
      assertThat(venice.posts()).isEqualTo(1);
      assertThat(Files.readString(keyFile).strip()).isEqualTo(SECRET);
      assertThat(r.toString()).doesNotContain(SECRET);
    }
  }

  @Test
  void ensure_reusesTheStoredKey_withoutUnlocking() throws Exception {
    VeniceEmulator venice = VeniceEmulator.builder().staker(TestKeys.VECTOR_ADDRESS).start();
    try (VeniceClient client = Emulators.client(venice)) {
      CountingSource wallet = new CountingSource(() -> true);
      KeyBootstrap b =
          KeyBootstrap.builder()
              .client(client)
              .wallet(wallet)
              .spec(io.keymint.venice.KeySpec.builder().usdLimit(java.math.BigDecimal.TEN).build())
              .sink(SecretSink.file(dir.resolve("venice-api-key")))
              .build();

      BootstrapResult first = b.ensure();
      LeakWatch.secret(first.secret().reveal());
      BootstrapResult second = b.ensure();

      assertThat(first.outcome()).isEqualTo(Outcome.MINTED);
      assertThat(second.outcome()).isEqualTo(Outcome.REUSED);
      assertThat(second.secret().reveal()).isEqualTo(first.secret().reveal());
      assertThat(wallet.unlocks).hasValue(1);
      assertThat(venice.mintCount()).isEqualTo(1);
    } finally {
      Emulators.stop(venice);
    }
  }
}
