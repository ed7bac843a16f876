package io.keymint.venice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.keymint.ApiKeySecret;
import io.keymint.emulator.VeniceEmulator;
import io.keymint.testing.Emulators;
import io.keymint.testing.LeakWatch;
import io.keymint.testing.TestClock;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every admin route, round-tripped against the emulator with an ADMIN key. */
class ApiKeysEmulatorTest {
  private VeniceEmulator venice;
  private VeniceClient admin;
  private VeniceClient inference;
  private TestClock time;

  @BeforeEach
  void start() {
    venice = Emulators.start();
    String adminSecret = venice.createKey(ApiKeyType.ADMIN, "ops");
    String inferenceSecret = venice.createKey(ApiKeyType.INFERENCE, "app");
    LeakWatch.secret(adminSecret);
    LeakWatch.secret(inferenceSecret);
    time = new TestClock(Instant.EPOCH);
    admin =
        VeniceClient.builder()
            .baseUrl(venice.baseUrl())
            .apiKey(ApiKeySecret.of(adminSecret))
            .sleeper(time.sleeper())
            .build();
    inference = admin.newBuilder().apiKey(ApiKeySecret.of(inferenceSecret)).build();
  }

  @AfterEach
  void stop() {
    inference.close();
    admin.close();
    Emulators.stop(venice);
  }

  private ApiKey create(KeySpec spec) {
    ApiKey key = admin.apiKeys().create(spec);
    LeakWatch.secret(key.secret().reveal());
    return key;
  }

  @Test
  void create_thenGet_roundTripsEveryField() {
    ApiKey key =
        create(
            KeySpec.builder()
                .noLimit()
                .description("cust:42")
                .usdLimit(new BigDecimal("5"))
                .diemLimit(new BigDecimal("1.5"))
                .limitPeriod(LimitPeriod.MONTH)
                .modelPrivacy(ModelPrivacy.PRIVATE_ONLY)
                .expiresAt("2031-12-31T23:59:59Z")
                .build());

    assertThat(key.secret().reveal()).startsWith("VENICE_INFERENCE_KEY_");
    assertThat(key.consumptionLimit().usd()).contains(new BigDecimal("5"));

    ApiKey read = admin.apiKeys().get(key.id());
    assertThat(read.id()).isEqualTo(key.id());
    assertThat(read.type()).contains(ApiKeyType.INFERENCE);
    assertThat(read.description()).contains("cust:42");
    assertThat(read.expiresAt()).contains(Instant.parse("2031-12-31T23:59:59Z"));
    assertThat(read.createdAt()).isPresent();
    assertThat(read.lastUsedAt()).isEmpty();
    assertThat(read.lastSix()).contains(key.secret().lastSix());
    assertThat(read.consumptionLimit())
        .isEqualTo(ConsumptionLimit.of(new BigDecimal("5"), new BigDecimal("1.5")));
    assertThat(read.limitPeriod()).contains(LimitPeriod.MONTH);
    assertThat(read.modelPrivacy()).contains(ModelPrivacy.PRIVATE_ONLY);
    assertThat(read.trailingSevenDays()).contains(Usage.ZERO);
    assertThat(read.trailingSevenDays().orElseThrow().usd().scale()).isEqualTo(4); // exact "0.0000"
    assertThat(read.currentPeriodUsage()).contains(Usage.ZERO);
  }

  @Test
  void list_newestFirst_withoutSecrets() {
    ApiKey first = create(KeySpec.builder().noLimit().description("first").build());
    ApiKey second = create(KeySpec.builder().noLimit().description("second").build());

    List<ApiKey> keys = admin.apiKeys().list();

    assertThat(keys).extracting(ApiKey::id).startsWith(second.id(), first.id());
    assertThat(keys).extracting(k -> k.description().orElse("")).contains("ops", "app");
    assertThat(keys.get(0).currentPeriodUsage()).isEmpty(); // no cap, no currentPeriodUsage
    assertThat(keys.toString()).doesNotContain(first.secret().reveal());
  }

  @Test
  void update_removeExpiryAndUsd_keepsDiem() {
    ApiKey key =
        create(
            KeySpec.builder()
                .noLimit()
                .description("to-edit")
                .usdLimit(BigDecimal.TEN)
                .diemLimit(BigDecimal.ONE)
                .expiresAt("2031-01-01")
                .build());

    ApiKey updated =
        admin
            .apiKeys()
            .update(
                key.id(),
                KeyUpdate.builder().removeExpiry().removeUsdLimit().description("edited").build());

    assertThat(updated.expiresAt()).isEmpty();
    assertThat(updated.description()).contains("edited");
    assertThat(updated.consumptionLimit().usd()).isEmpty();
    assertThat(updated.consumptionLimit().diem()).contains(BigDecimal.ONE);
    assertThat(updated.trailingSevenDays()).isEmpty(); // PATCH sends no usage
    assertThat(admin.apiKeys().get(key.id()).consumptionLimit().diem()).contains(BigDecimal.ONE);
  }

  @Test
  void update_setValues_changesOnlyThose() {
    ApiKey key =
        create(
            KeySpec.builder().noLimit().description("x").limitPeriod(LimitPeriod.LIFETIME).build());

    ApiKey updated =
        admin
            .apiKeys()
            .update(
                key.id(),
                KeyUpdate.builder()
                    .usdLimit(new BigDecimal("2.5"))
                    .expiresOn(java.time.LocalDate.of(2032, 1, 2))
                    .build());

    assertThat(updated.consumptionLimit().usd()).contains(new BigDecimal("2.5"));
    assertThat(updated.expiresAt()).contains(Instant.parse("2032-01-02T00:00:00Z"));
    assertThat(updated.limitPeriod()).contains(LimitPeriod.LIFETIME);
    assertThat(updated.description()).contains("x");
  }

  @Test
  void revoke_thenGet_isNotFound() {
    ApiKey key = create(KeySpec.builder().noLimit().description("gone").build());
    admin.apiKeys().revoke(key.id());
    assertThatThrownBy(() -> admin.apiKeys().get(key.id())).isInstanceOf(NotFoundException.class);
    assertThatThrownBy(() -> admin.apiKeys().revoke(key.id()))
        .isInstanceOf(NotFoundException.class);
    assertThat(time.sleeps()).isEmpty(); // 400s are never retried
  }

  @Test
  void update_unknownId_isNotFoundAndNotRetried() {
    assertThatThrownBy(
            () -> admin.apiKeys().update("nope", KeyUpdate.builder().description("d").build()))
        .isInstanceOf(NotFoundException.class)
        .hasMessageContaining("API key not found or expired");
    assertThat(time.sleeps()).isEmpty();
  }

  @Test
  void rateLimits_readsTierBalancesAndModels_withAnyKeyType() {
    RateLimits limits = inference.apiKeys().rateLimits();

    assertThat(limits.accessPermitted()).isTrue();
    assertThat(limits.balances()).containsOnlyKeys("USD", "DIEM", "BUNDLED_CREDITS");
    assertThat(limits.apiTier()).contains(new RateLimits.ApiTier("paid", true));
    assertThat(limits.keyExpiration()).isEmpty();
    assertThat(limits.nextEpochBegins()).isPresent();
    assertThat(limits.modelLimits()).isNotEmpty();
    assertThat(limits.modelLimits().get(0).limits())
        .extracting(RateLimits.Limit::type)
        .contains("RPM");
  }

  @Test
  void rateLimitLog_afterA429_hasAnRpmEntryForTheEndpoint() {
    try (VeniceEmulator tight =
        io.keymint.emulator.VeniceEmulator.builder()
            .keyCreationLimit(1, java.time.Duration.ofMinutes(10))
            .start()) {
      String secret = tight.createKey(ApiKeyType.ADMIN, "ops");
      LeakWatch.secret(secret);
      // the limiter is disabled in effect (1000/min) so that the emulator answers 429
      try (VeniceClient c =
          VeniceClient.builder()
              .baseUrl(tight.baseUrl())
              .apiKey(ApiKeySecret.of(secret))
              .sleeper(new TestClock(Instant.EPOCH).sleeper())
              .maxRetries(0)
              .keyCreationRate(1000, java.time.Duration.ofMinutes(1))
              .build()) {
        LeakWatch.secret(
            c.apiKeys()
                .create(KeySpec.builder().noLimit().description("one").build())
                .secret()
                .reveal());
        RateLimitedException e =
            catchThrowableOfType(
                RateLimitedException.class,
                () -> c.apiKeys().create(KeySpec.builder().noLimit().description("two").build()));
        assertThat(e.retryAfter()).isPresent();

        List<RateLimitLogEntry> log = c.apiKeys().rateLimitLog();
        assertThat(log).hasSize(1);
        assertThat(log.get(0).type()).isEqualTo(RateLimitLogEntry.Type.RPM);
        assertThat(log.get(0).isEndpoint()).isTrue();
        assertThat(log.get(0).modelId()).startsWith("endpoint:");
        assertThat(log.get(0).timestamp()).isNotNull();
      } finally {
        LeakWatch.secrets(io.keymint.testing.Emulators.secrets(tight));
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"list", "get", "create", "update", "revoke", "rateLimitLog"})
  void inferenceKey_onAdminRoutes_isAdminKeyRequired(String method) {
    Runnable call =
        switch (method) {
          case "list" -> () -> inference.apiKeys().list();
          case "get" -> () -> inference.apiKeys().get("x");
          case "create" ->
              () ->
                  inference.apiKeys().create(KeySpec.builder().noLimit().description("d").build());
          case "update" ->
              () -> inference.apiKeys().update("x", KeyUpdate.builder().description("d").build());
          case "revoke" -> () -> inference.apiKeys().revoke("x");
          case "rateLimitLog" -> () -> inference.apiKeys().rateLimitLog();
          default -> throw new IllegalArgumentException(method);
        };
    AuthenticationException e = catchThrowableOfType(AuthenticationException.class, call::run);
    assertThat(e.adminKeyRequired()).isTrue();
    assertThat(e.statusCode()).isEqualTo(401);
    assertThat(e.getMessage()).contains("VENICE_ADMIN_KEY").doesNotContain("Bearer");
    assertThat(time.sleeps()).isEmpty();
  }

  @Test
  void noKeyAtAll_isX402Discovery() {
    // the client refuses to send an unauthenticated admin call, so speak to the route directly
    PaymentRequiredException e =
        catchThrowableOfType(
            PaymentRequiredException.class,
            () -> admin.call("GET", "/api_keys", null, false, VeniceClient.Retry.IDEMPOTENT));
    assertThat(e.isX402Discovery()).isTrue();
    assertThat(e.reason()).isEqualTo(PaymentRequiredException.Reason.X402_DISCOVERY);
    assertThat(e.requestId()).isPresent();
  }

  @Test
  void create_withoutDescription_isRefusedBeforeSending() {
    assertThatThrownBy(() -> admin.apiKeys().create(KeySpec.builder().noLimit().build()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("description");
    assertThat(io.keymint.testing.Emulators.secrets(venice)).hasSize(2);
  }

  @Test
  void create_atTheActiveKeyCeiling_isBadRequestNotRetried() {
    try (VeniceEmulator small = VeniceEmulator.builder().maxActiveKeys(2).start()) {
      String secret = small.createKey(ApiKeyType.ADMIN, "ops");
      LeakWatch.secret(secret);
      TestClock s = new TestClock(Instant.EPOCH);
      try (VeniceClient c =
          VeniceClient.builder()
              .baseUrl(small.baseUrl())
              .apiKey(ApiKeySecret.of(secret))
              .sleeper(s.sleeper())
              .build()) {
        LeakWatch.secret(
            c.apiKeys()
                .create(KeySpec.builder().noLimit().description("one").build())
                .secret()
                .reveal());
        assertThatThrownBy(
                () -> c.apiKeys().create(KeySpec.builder().noLimit().description("two").build()))
            .isInstanceOf(BadRequestException.class)
            .hasMessageContaining("Maximum number of active API keys");
        assertThat(s.sleeps()).isEmpty();
      } finally {
        LeakWatch.secrets(io.keymint.testing.Emulators.secrets(small));
      }
    }
  }
}
