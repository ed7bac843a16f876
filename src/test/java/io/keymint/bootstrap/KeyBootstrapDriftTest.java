package io.keymint.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.keymint.bootstrap.BootstrapResult.Outcome;
import io.keymint.mint.KeyNotVerifiedException;
import io.keymint.sink.SecretSink;
import io.keymint.testing.LeakWatch;
import io.keymint.testing.OnEmulator;
import io.keymint.testing.TestKeys;
import io.keymint.venice.KeySpec;
import io.keymint.venice.LimitPeriod;
import io.keymint.wallet.WalletSource;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ensure} against a stored key that no longer matches the ask, and after-mint checks. */
class KeyBootstrapDriftTest extends OnEmulator {
  @TempDir Path dir;
  private Path keyFile;

  @BeforeEach
  void start() {
    startVenice(TestKeys.VECTOR_ADDRESS);
    keyFile = dir.resolve("venice-api-key");
  }

  private KeyBootstrap.Builder bootstrap(KeySpec spec) {
    return KeyBootstrap.builder()
        .client(client)
        .wallet(WalletSource.privateKey(TestKeys.VECTOR_PRIVATE_KEY.toCharArray()))
        .sink(SecretSink.file(keyFile))
        .spec(spec);
  }

  private static KeySpec usd(String amount, LimitPeriod period) {
    return KeySpec.builder().usdLimit(new BigDecimal(amount)).limitPeriod(period).build();
  }

  private String stored() throws Exception {
    String s = Files.readString(keyFile).strip();
    LeakWatch.secret(s);
    return s;
  }

  @Test
  void ensure_sameAsk_hasNoDrift() {
    bootstrap(usd("5", null)).build().ensure();

    BootstrapResult again = bootstrap(usd("5", LimitPeriod.EPOCH)).build().ensure();

    assertThat(again.outcome()).isEqualTo(Outcome.REUSED);
    assertThat(again.drift()).isEmpty();
  }

  @Test
  void ensure_otherCapsAndPeriod_reportsDriftAndKeepsTheKey() throws Exception {
    bootstrap(usd("5", null)).build().ensure();
    String first = stored();

    BootstrapResult r = bootstrap(usd("5", LimitPeriod.LIFETIME)).build().ensure();

    assertThat(r.outcome()).isEqualTo(Outcome.REUSED);
    assertThat(r.drift())
        .containsExactly(
            "caps: stored $5 per day (EPOCH), asked $5 in total (LIFETIME) (stored caps as"
                + " recorded at mint, REQUESTED)");
    assertThat(stored()).isEqualTo(first);
    assertThat(venice.mintCount()).isEqualTo(1);
  }

  @Test
  void ensure_replaceOnDrift_withoutAdminKey_rotatesAndNamesTheOldKey() throws Exception {
    String oldId = bootstrap(usd("5", null)).build().ensure().key().orElseThrow().id();
    String first = stored();

    BootstrapResult r =
        bootstrap(KeySpec.builder().diemLimit(BigDecimal.ONE).build())
            .replaceOnDrift(true)
            .build()
            .ensure();

    assertThat(r.outcome()).isEqualTo(Outcome.ROTATED);
    assertThat(r.drift()).hasSize(1);
    assertThat(r.previousKeyId()).contains(oldId);
    assertThat(r.previousKeyRevoked()).isFalse();
    assertThat(r.reason())
        .startsWith("the stored key differs from this run's ask: caps")
        .contains("revoke the previous key " + oldId + " yourself");
    assertThat(stored()).isNotEqualTo(first);
    assertThat(r.key().orElseThrow().consumptionLimit().diem()).contains(BigDecimal.ONE);
  }

  @Test
  void ensure_mintedKeyNotAdmitted_isStoredAndReported() throws Exception {
    venice.accessPermitted(false);

    Throwable e = catchThrowable(() -> bootstrap(usd("5", null)).build().ensure());

    assertThat(e).isInstanceOf(KeyNotVerifiedException.class);
    assertThat(stored()).isEqualTo(io.keymint.testing.Emulators.secrets(venice).get(0));
  }

  @Test
  void ensure_defaultSpec_isRefusedAsUncapped() {
    Throwable e =
        catchThrowable(
            () ->
                KeyBootstrap.builder()
                    .client(client)
                    .wallet(WalletSource.privateKey(TestKeys.VECTOR_PRIVATE_KEY.toCharArray()))
                    .sink(SecretSink.file(keyFile))
                    .build()
                    .ensure());

    assertThat(e).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("usdLimit");
    assertThat(venice.mintCount()).isZero();
  }
}
