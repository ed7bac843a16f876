package io.keymint.mint;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.JsonNode;
import io.keymint.ApiKeySecret;
import io.keymint.emulator.VeniceEmulator;
import io.keymint.internal.Json;
import io.keymint.sink.SecretSink;
import io.keymint.testing.LeakWatch;
import io.keymint.testing.OnEmulator;
import io.keymint.testing.TestKeys;
import io.keymint.venice.ApiKey;
import io.keymint.venice.ApiKeyType;
import io.keymint.venice.KeySpec;
import io.keymint.venice.LimitPeriod;
import io.keymint.venice.PaymentRequiredException;
import io.keymint.venice.VeniceClient;
import io.keymint.wallet.WalletSource;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11 in the minter, against the emulator: capped by default, verified after the mint,
 * truthful caps (never the mint's echo), orphans of ambiguous attempts found and revoked.
 */
class MintChecksTest extends OnEmulator {
  private static final KeySpec FIVE_DOLLARS =
      KeySpec.builder().description("agent").usdLimit(new BigDecimal("5")).build();

  @TempDir Path dir;
  private Path keyFile;

  @BeforeEach
  void start() {
    startVenice(TestKeys.VECTOR_ADDRESS);
    keyFile = dir.resolve("venice-api-key");
  }

  private Web3KeyMinter.Builder minter() {
    return Web3KeyMinter.builder()
        .client(client)
        .wallet(WalletSource.privateKey(TestKeys.VECTOR_PRIVATE_KEY.toCharArray()))
        .sink(SecretSink.file(keyFile));
  }

  private String stored() throws Exception {
    String s = Files.readString(keyFile, UTF_8).strip();
    LeakWatch.secret(s);
    return s;
  }

  private JsonNode metadata() throws Exception {
    return Json.parse(Files.readAllBytes(dir.resolve("venice-api-key.meta.json")));
  }

  /** An ADMIN key in the wallet's own account, as a web3-minted ADMIN key would be. */
  private ApiKeySecret walletAdmin() {
    String secret = venice.createKey(ApiKeyType.ADMIN, "ops", TestKeys.VECTOR_ADDRESS);
    LeakWatch.secret(secret);
    return ApiKeySecret.of(secret);
  }

  private List<ApiKey> keysOfTheWallet(ApiKeySecret admin) {
    try (VeniceClient as = client.newBuilder().apiKey(admin).build()) {
      return as.apiKeys().list();
    }
  }

  // ---- capped by default ----

  @Test
  void mint_withoutAnyCap_isRefusedBeforeAnythingIsSent() {
    Throwable e = catchThrowable(() -> minter().build().mint(KeySpec.builder().build()));

    assertThat(e)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("usdLimit(...)")
        .hasMessageContaining("diemLimit(...)")
        .hasMessageContaining("noLimit()");
    assertThat(venice.mintCount()).isZero();
    assertThat(keyFile).doesNotExist();
  }

  @Test
  void mint_noLimitAskedExplicitly_mintsAnUncappedKey() {
    MintResult r = minter().build().mint(KeySpec.builder().noLimit().build());

    assertThat(r.key().consumptionLimit().isEmpty()).isTrue();
    assertThat(venice.mintCount()).isEqualTo(1);
  }

  @Test
  void keySpec_capAfterNoLimit_winsAndZeroIsACap() {
    assertThat(KeySpec.builder().noLimit().usdLimit(BigDecimal.ONE).build().noLimit()).isFalse();
    assertThat(KeySpec.builder().usdLimit(BigDecimal.ZERO).build().capped()).isTrue();
    assertThat(KeySpec.builder().diemLimit(BigDecimal.ONE).build().requireCapOrNoLimit())
        .isNotNull();
  }

  // ---- verification ----

  @Test
  void mint_verifiesTheNewKey_andReportsBalances() throws Exception {
    MintResult r = minter().build().mint(FIVE_DOLLARS);

    assertThat(r.verification()).isPresent();
    assertThat(r.verification().get().accessPermitted()).isTrue();
    assertThat(r.verification().get().balances().get("USD")).isEqualByComparingTo("5");
    assertThat(r.verification().get().cannotSpend()).isFalse();
    assertThat(r.verification().get().headers().balances()).containsKey("USD");
    assertThat(stored()).isEqualTo(r.key().secret().reveal());
  }

  @Test
  void mint_accessNotPermitted_keyIsStoredAndTheMintFails() throws Exception {
    venice.accessPermitted(false);

    Throwable e = catchThrowable(() -> minter().build().mint(FIVE_DOLLARS));

    assertThat(e).isInstanceOf(KeyNotVerifiedException.class);
    KeyNotVerifiedException k = (KeyNotVerifiedException) e;
    assertThat(k.refused()).isTrue();
    assertThat(k.getMessage())
        .contains("is stored in file:")
        .contains("accessPermitted: false")
        .doesNotContain(stored());
    assertThat(stored()).isEqualTo(k.result().key().secret().reveal());
    assertThat(k.result().verification().get().accessPermitted()).isFalse();
  }

  @Test
  void mint_spentCap402_keyIsStoredAndRefused() throws Exception {
    venice.spendCapReached(true);

    Throwable e = catchThrowable(() -> minter().build().mint(FIVE_DOLLARS));

    assertThat(e).isInstanceOf(KeyNotVerifiedException.class);
    assertThat(((KeyNotVerifiedException) e).refused()).isTrue();
    assertThat(e.getCause()).isInstanceOf(PaymentRequiredException.class);
    assertThat(stored()).startsWith("VENICE_INFERENCE_KEY_");
  }

  @Test
  void mint_zeroBalances_succeedsButSaysTheAccountCannotSpend() {
    venice.balances(BigDecimal.ZERO, BigDecimal.ZERO);

    MintResult r = minter().build().mint(FIVE_DOLLARS);

    assertThat(r.verification().get().accessPermitted()).isTrue();
    assertThat(r.verification().get().cannotSpend()).isTrue();
  }

  @Test
  void mint_verifyOff_neverAsks() {
    venice.accessPermitted(false);

    MintResult r = minter().verify(false).build().mint(FIVE_DOLLARS);

    assertThat(r.verification()).isEmpty();
  }

  // ---- truthful caps ----

  @Test
  void mint_diemOnly_recordsTheAskedCapNotTheEcho() throws Exception {
    MintResult r =
        minter()
            .build()
            .mint(
                KeySpec.builder()
                    .diemLimit(new BigDecimal("5"))
                    .limitPeriod(LimitPeriod.MONTH)
                    .build());

    assertThat(r.key().consumptionLimit().diem()).contains(new BigDecimal("5"));
    assertThat(r.key().limitsSource()).contains(ApiKey.LimitsSource.REQUESTED);
    assertThat(metadata().path("consumptionLimit").path("diem").asInt()).isEqualTo(5);
    assertThat(metadata().get("limitsSource").asText()).isEqualTo("REQUESTED");
    assertThat(r.key().consumptionLimit().describe(r.key().limitPeriod().orElse(null)))
        .isEqualTo("5 DIEM per month");
  }

  @Test
  void mint_usdZero_recordsZeroNotNoCap() throws Exception {
    MintResult r = minter().build().mint(KeySpec.builder().usdLimit(BigDecimal.ZERO).build());

    assertThat(r.key().consumptionLimit().usd()).contains(BigDecimal.ZERO);
    assertThat(metadata().path("consumptionLimit").has("usd")).isTrue();
    assertThat(metadata().path("consumptionLimit").get("usd").decimalValue()).isZero();
  }

  @Test
  void mint_withAnAdminKey_recordsWhatVeniceStored() throws Exception {
    MintResult r =
        minter()
            .adminKey(walletAdmin())
            .build()
            .mint(KeySpec.builder().diemLimit(new BigDecimal("7")).build());

    assertThat(r.key().limitsSource()).contains(ApiKey.LimitsSource.REPORTED);
    assertThat(r.key().consumptionLimit().diem()).contains(new BigDecimal("7"));
    assertThat(r.key().limitPeriod()).contains(LimitPeriod.EPOCH); // Venice's default, as stored
    assertThat(metadata().get("limitsSource").asText()).isEqualTo("REPORTED");
    assertThat(metadata().get("limitPeriod").asText()).isEqualTo("EPOCH");
    assertThat(stored()).isEqualTo(r.key().secret().reveal());
  }

  @Test
  void mint_anAdminKey_readsItselfBack() {
    MintResult r =
        minter()
            .build()
            .mint(
                KeySpec.builder()
                    .type(ApiKeyType.ADMIN)
                    .usdLimit(new BigDecimal("1"))
                    .limitPeriod(LimitPeriod.LIFETIME)
                    .build());

    assertThat(r.key().limitsSource()).contains(ApiKey.LimitsSource.REPORTED);
    assertThat(r.key().consumptionLimit().describe(LimitPeriod.LIFETIME))
        .isEqualTo("$1 in total (LIFETIME)");
  }

  // ---- orphans ----

  @Test
  void ambiguousMint_withAnAdminKey_revokesTheOrphanAndKeepsTheKey() throws Exception {
    ApiKeySecret admin = walletAdmin();
    venice.loseNextMintReplies(1);

    MintResult r = minter().adminKey(admin).build().mint(FIVE_DOLLARS);

    assertThat(r.ambiguousAttempts()).isEqualTo(1);
    OrphanCheck c = r.orphans().orElseThrow();
    assertThat(c.searched()).isTrue();
    assertThat(c.revoked()).hasSize(1).doesNotContain(r.key().id());
    assertThat(c.failure()).isEmpty();
    assertThat(c.advice(r.key().id())).startsWith("revoked 1 orphaned key(s)");
    List<ApiKey> left = keysOfTheWallet(admin);
    assertThat(left)
        .extracting(ApiKey::id)
        .contains(r.key().id())
        .doesNotContain(c.revoked().get(0));
    assertThat(left).hasSize(2); // the kept key and the admin key
    assertThat(stored()).isEqualTo(r.key().secret().reveal());
  }

  @Test
  void ambiguousMint_otherKeysWithTheSameDescription_butOlder_areKept() throws Exception {
    // Venice's clock, an hour behind for the first mint: that key was created long before
    java.util.concurrent.atomic.AtomicReference<java.time.Duration> behind =
        new java.util.concurrent.atomic.AtomicReference<>(java.time.Duration.ofHours(1));
    java.time.Clock veniceClock =
        new java.time.Clock() {
          @Override
          public java.time.ZoneId getZone() {
            return java.time.ZoneOffset.UTC;
          }

          @Override
          public java.time.Clock withZone(java.time.ZoneId zone) {
            return this;
          }

          @Override
          public java.time.Instant instant() {
            return java.time.Instant.now().minus(behind.get());
          }
        };
    useVenice(
        VeniceEmulator.builder()
            .staker(TestKeys.VECTOR_ADDRESS)
            .clock(veniceClock)
            .tokenTtl(java.time.Duration.ofHours(2))
            .start());
    ApiKeySecret admin = walletAdmin();
    MintResult earlier = minter().verify(false).build().mint(FIVE_DOLLARS);
    behind.set(java.time.Duration.ZERO);
    venice.loseNextMintReplies(1);

    MintResult r = minter().adminKey(admin).build().mint(FIVE_DOLLARS);

    assertThat(r.orphans().orElseThrow().revoked()).hasSize(1);
    assertThat(keysOfTheWallet(admin))
        .extracting(ApiKey::id)
        .contains(earlier.key().id(), r.key().id())
        .hasSize(3);
  }

  @Test
  void ambiguousMint_withoutAnAdminKey_reportsTheWindowAndHowToCleanUp() {
    ApiKeySecret admin = walletAdmin(); // only to count afterwards; the minter does not get it
    venice.loseNextMintReplies(1);

    MintResult r = minter().build().mint(FIVE_DOLLARS);

    OrphanCheck c = r.orphans().orElseThrow();
    assertThat(c.searched()).isFalse();
    assertThat(c.revoked()).isEmpty();
    assertThat(c.from()).isBeforeOrEqualTo(c.to());
    assertThat(c.description()).isEqualTo("agent");
    assertThat(c.advice(r.key().id()))
        .contains("keys described 'agent' created between")
        .contains("other than " + r.key().id())
        .contains("keymint keys list")
        .contains("keymint keys revoke");
    assertThat(keysOfTheWallet(admin)).hasSize(3); // the orphan is still there
  }

  @Test
  void unambiguousMint_hasNoOrphanCheck() {
    assertThat(minter().build().mint(FIVE_DOLLARS).orphans()).isEmpty();
  }
}
