package io.keymint.venice;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.keymint.ApiKeySecret;
import io.keymint.testing.LeakWatch;
import io.keymint.testing.TestClock;
import io.keymint.testing.WireMocks;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The admin routes against WireMock: exact request bodies, tolerant reading of odd responses, one
 * test per error shape and the retry rules. The clock is fixed so reset headers have exact answers.
 */
class ApiKeysWireMockTest {
  private static final String KEY = "VENICE_ADMIN_KEY_wireMockAdminSecret0123456789abcdefXYZ";
  private static final String NEW_SECRET =
      "VENICE_INFERENCE_KEY_wireMockCreatedSecret0123456789abcdef";
  private static final String KEYS = "/api/v1/api_keys";
  private static final Instant NOW = Instant.parse("2026-05-01T12:00:00Z");

  static {
    LeakWatch.secret(KEY);
    LeakWatch.secret(NEW_SECRET);
  }

  private WireMockServer wm;
  private TestClock time;
  private VeniceClient client;

  @BeforeEach
  void start() {
    wm = WireMocks.start();
    time = new TestClock(Instant.EPOCH);
    client =
        VeniceClient.builder()
            .baseUrl(WireMocks.baseUrl(wm))
            .apiKey(ApiKeySecret.of(KEY))
            .clock(Clock.fixed(NOW, ZoneOffset.UTC))
            .sleeper(time.sleeper())
            .maxRetries(3)
            .build();
  }

  @AfterEach
  void stop() {
    client.close();
    wm.stop();
  }

  private static ResponseDefinitionBuilder json(int status, String body) {
    return aResponse()
        .withStatus(status)
        .withHeader("Content-Type", "application/json")
        .withBody(body);
  }

  private static String error(String message) {
    return "{\"error\":\"" + message + "\"}";
  }

  private static final String KEY_JSON =
      "{\"id\":\"k1\",\"apiKeyType\":\"ADMIN\",\"description\":\"ops\",\"createdAt\":\"2025-10-01T12:00:00Z\","
          + "\"expiresAt\":null,\"lastUsedAt\":\"2026-04-20T10:05:00.000Z\",\"last6Chars\":\"2V2jNW\","
          + "\"consumptionLimits\":{\"usd\":50,\"diem\":10,\"vcu\":null},\"limitPeriod\":\"MONTH\",\"modelPrivacy\":\"ALL\","
          + "\"usage\":{\"trailingSevenDays\":{\"usd\":\"4.2000\",\"vcu\":\"0.0000\",\"diem\":\"0.0001\"}},"
          + "\"currentPeriodUsage\":{\"usd\":\"12.5000\",\"diem\":\"0.0000\"},\"futureField\":{\"x\":1}}";

  // ---- reading ----

  @Test
  void list_readsTheSpecExampleExactly_andIgnoresUnknownFields() {
    wm.stubFor(
        get(KEYS)
            .willReturn(
                json(200, "{\"object\":\"list\",\"data\":[" + KEY_JSON + "],\"more\":true}")));

    ApiKey k = client.apiKeys().list().get(0);

    assertThat(k.id()).isEqualTo("k1");
    assertThat(k.createdAt()).contains(Instant.parse("2025-10-01T12:00:00Z"));
    assertThat(k.lastUsedAt()).contains(Instant.parse("2026-04-20T10:05:00Z"));
    assertThat(k.consumptionLimit().usd()).contains(new BigDecimal("50"));
    assertThat(k.consumptionLimit().vcu()).isEmpty();
    assertThat(k.trailingSevenDays().orElseThrow().usd())
        .isEqualByComparingTo("4.2")
        .hasToString("4.2000");
    assertThat(k.trailingSevenDays().orElseThrow().diem()).hasToString("0.0001");
    assertThat(k.currentPeriodUsage().orElseThrow().usd()).hasToString("12.5000");
  }

  @Test
  void get_unknownEnumsAndSingularConsumptionLimit_areReadNotRefused() {
    wm.stubFor(
        get(KEYS + "/k2")
            .willReturn(
                json(
                    200,
                    "{\"data\":{\"id\":\"k2\",\"apiKeyType\":\"SUPERUSER\",\"limitPeriod\":\"WEEK\",\"modelPrivacy\":\"NEW\","
                        + "\"consumptionLimit\":{\"usd\":\"7.5\",\"vcu\":3},\"createdAt\":{},\"expiresAt\":\"2027-01-01\"}}")));

    ApiKey k = client.apiKeys().get("k2");

    assertThat(k.type()).isEmpty();
    assertThat(k.limitPeriod()).isEmpty();
    assertThat(k.modelPrivacy()).isEmpty();
    assertThat(k.consumptionLimit().usd()).contains(new BigDecimal("7.5"));
    assertThat(k.consumptionLimit().vcu()).contains(new BigDecimal("3"));
    assertThat(k.createdAt()).isEmpty(); // the SPEC example's {} for null
    assertThat(k.expiresAt()).contains(Instant.parse("2027-01-01T00:00:00Z"));
    assertThat(k.trailingSevenDays()).isEmpty();
  }

  @Test
  void rateLimits_keepsEveryCurrencyAndTier() {
    wm.stubFor(
        get(KEYS + "/rate_limits")
            .willReturn(
                json(
                    200,
                    "{\"data\":{\"accessPermitted\":false,\"apiTier\":{\"id\":\"paid\",\"isCharged\":true},"
                        + "\"balances\":{\"USD\":50.23,\"DIEM\":100.023,\"BUNDLED_CREDITS\":0,\"SHELLS\":\"3.5\"},"
                        + "\"keyExpiration\":\"2026-06-01T00:00:00.000Z\",\"nextEpochBegins\":\"2025-05-07T00:00:00.000Z\","
                        + "\"rateLimits\":[{\"apiModelId\":\"m\",\"rateLimits\":[{\"amount\":100,\"type\":\"RPM\"}]},{\"rateLimits\":[]}]}}")));

    RateLimits r = client.apiKeys().rateLimits();

    assertThat(r.accessPermitted()).isFalse();
    assertThat(r.balances()).containsKeys("USD", "DIEM", "BUNDLED_CREDITS", "SHELLS");
    assertThat(r.balances().get("DIEM")).isEqualByComparingTo("100.023");
    assertThat(r.balances().get("SHELLS")).isEqualByComparingTo("3.5");
    assertThat(r.keyExpiration()).contains(Instant.parse("2026-06-01T00:00:00Z"));
    assertThat(r.modelLimits()).hasSize(2);
    assertThat(r.modelLimits().get(0).limits())
        .containsExactly(new RateLimits.Limit("RPM", new BigDecimal("100")));
    assertThat(r.modelLimits().get(1).apiModelId()).isNull();
  }

  @Test
  void rateLimitLog_keepsNewTypesAndModelForms() {
    wm.stubFor(
        get(KEYS + "/rate_limits/log")
            .willReturn(
                json(
                    200,
                    "{\"object\":\"list\",\"data\":["
                        + "{\"apiKeyId\":\"k1\",\"modelId\":\"endpoint:api/v1/chat/completions\",\"rateLimitTier\":\"paid\",\"rateLimitType\":\"FAILED_REQUESTS\",\"timestamp\":\"2026-04-20T12:34:56.000Z\"},"
                        + "{\"apiKeyId\":\"k1\",\"modelId\":\"model:unknown\",\"rateLimitTier\":\"paid\",\"rateLimitType\":\"UNSUPPORTED_FEATURE_REQUESTS\",\"timestamp\":\"2026-04-20T12:00:00Z\"},"
                        + "{\"apiKeyId\":\"k1\",\"modelId\":\"zai-org-glm-5-1\",\"rateLimitTier\":\"paid\",\"rateLimitType\":\"RPW\",\"timestamp\":null}]}")));

    List<RateLimitLogEntry> log = client.apiKeys().rateLimitLog();

    assertThat(log)
        .extracting(RateLimitLogEntry::type)
        .containsExactly(
            RateLimitLogEntry.Type.FAILED_REQUESTS,
            RateLimitLogEntry.Type.UNSUPPORTED_FEATURE_REQUESTS,
            RateLimitLogEntry.Type.UNKNOWN);
    assertThat(log.get(2).rateLimitType()).isEqualTo("RPW");
    assertThat(log.get(0).isEndpoint()).isTrue();
    assertThat(log.get(1).isEndpoint()).isFalse();
    assertThat(log.get(2).timestamp()).isNull();
  }

  // ---- writing ----

  @Test
  void create_sendsOnlyTheSpecFields_neverVcu() {
    wm.stubFor(post(KEYS).willReturn(json(200, created())));
    ApiKey key =
        client
            .apiKeys()
            .create(
                KeySpec.builder()
                    .noLimit()
                    .description("cust:1")
                    .usdLimit(new BigDecimal("5"))
                    .limitPeriod(LimitPeriod.MONTH)
                    .build());

    assertThat(key.secret().reveal()).isEqualTo(NEW_SECRET);
    assertThat(key.walletAddress()).isEmpty();
    wm.verify(
        postRequestedFor(urlEqualTo(KEYS))
            .withRequestBody(
                equalToJson(
                    "{\"apiKeyType\":\"INFERENCE\",\"description\":\"cust:1\",\"consumptionLimit\":{\"usd\":5},\"limitPeriod\":\"MONTH\"}")));
  }

  @Test
  void update_removeExpiry_sendsNull() {
    wm.stubFor(patch(KEYS).willReturn(json(200, "{\"success\":true,\"data\":" + KEY_JSON + "}")));
    client.apiKeys().update("k1", KeyUpdate.builder().removeExpiry().build());
    wm.verify(
        patchRequestedFor(urlEqualTo(KEYS))
            .withRequestBody(equalToJson("{\"id\":\"k1\",\"expiresAt\":null}")));
  }

  @Test
  void update_removeUsdLimitSetDiem_sendsNullForUsdOnly() {
    wm.stubFor(patch(KEYS).willReturn(json(200, "{\"success\":true,\"data\":" + KEY_JSON + "}")));
    client
        .apiKeys()
        .update("k1", KeyUpdate.builder().removeUsdLimit().diemLimit(new BigDecimal("2")).build());
    wm.verify(
        patchRequestedFor(urlEqualTo(KEYS))
            .withRequestBody(
                equalToJson("{\"id\":\"k1\",\"consumptionLimit\":{\"usd\":null,\"diem\":2}}")));
  }

  @Test
  void update_untouchedFields_areAbsent() {
    wm.stubFor(patch(KEYS).willReturn(json(200, "{\"success\":true,\"data\":" + KEY_JSON + "}")));
    client
        .apiKeys()
        .update(
            "k1",
            KeyUpdate.builder()
                .modelPrivacy(ModelPrivacy.PRIVATE_TEXT)
                .expiresAt("2027-02-03T04:05:06.789Z")
                .build());
    wm.verify(
        patchRequestedFor(urlEqualTo(KEYS))
            .withRequestBody(
                equalToJson(
                    "{\"id\":\"k1\",\"modelPrivacy\":\"PRIVATE_TEXT\",\"expiresAt\":\"2027-02-03T04:05:06.789Z\"}")));
  }

  @Test
  void expiryInThePast_isRefusedByTheBuilders_namingTheSetting() {
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> KeySpec.builder().expiresAt("2020-01-01"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("KeySpec.Builder.expiresAt: 2020-01-01 is in the past");
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> KeySpec.builder().expiresAt(java.time.Instant.now().minusSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("KeySpec.Builder.expiresAt");
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> KeySpec.builder().expiresOn(java.time.LocalDate.of(2001, 1, 1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("KeySpec.Builder.expiresOn");
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> KeyUpdate.builder().expiresAt("2020-01-01T00:00:00Z"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("KeyUpdate.Builder.expiresAt");
    assertThat(KeySpec.builder().expiresAt("2099-01-01").build().expiresAt())
        .hasValue("2099-01-01");
  }

  @Test
  void keyUpdate_badValues_failBeforeSending() {
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> KeyUpdate.builder().description("x".repeat(65)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("64");
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> KeyUpdate.builder().expiresAt("2027-02-30"))
        .isInstanceOf(IllegalArgumentException.class);
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> KeyUpdate.builder().expiresAt("2027-02-03T04:05Z"))
        .isInstanceOf(IllegalArgumentException.class);
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> KeyUpdate.builder().usdLimit(new BigDecimal("-1")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(KeyUpdate.builder().build().isEmpty()).isTrue();
  }

  @Test
  void revoke_sendsTheIdAsQuery() {
    wm.stubFor(delete(urlPathEqualTo(KEYS)).willReturn(json(200, "{\"success\":true}")));
    client.apiKeys().revoke("e28e82dc-9df2-4b47-b726-d0a222ef2ab5");
    wm.verify(
        deleteRequestedFor(urlEqualTo(KEYS + "?id=e28e82dc-9df2-4b47-b726-d0a222ef2ab5"))
            .withHeader(
                "Authorization",
                com.github.tomakehurst.wiremock.client.WireMock.equalTo("Bearer " + KEY)));
  }

  // ---- error shapes ----

  @Test
  void error_detailedErrorWithDetailsAndIssues_fieldErrorsFromIssues() {
    wm.stubFor(
        post(KEYS)
            .willReturn(
                json(
                        400,
                        "{\"error\":\"Invalid request parameters\",\"details\":{\"_errors\":[],\"description\":{\"_errors\":[\"String must contain at most 64 character(s)\"]}},"
                            + "\"issues\":[{\"code\":\"too_big\",\"maximum\":64,\"path\":[\"description\"],\"message\":\"String must contain at most 64 character(s)\"},"
                            + "{\"code\":\"invalid_enum_value\",\"path\":[\"consumptionLimit\",\"usd\"],\"message\":\"Expected number\"}]}")
                    .withHeader("CF-RAY", "8f01-AMS")));

    BadRequestException e =
        catchThrowableOfType(
            BadRequestException.class,
            () -> client.apiKeys().create(KeySpec.builder().noLimit().description("d").build()));

    assertThat(e.fieldErrors())
        .containsExactly(
            new BadRequestException.FieldError(
                "description", "String must contain at most 64 character(s)"),
            new BadRequestException.FieldError("consumptionLimit.usd", "Expected number"));
    assertThat(e.requestId()).contains("8f01-AMS");
    assertThat(e.getMessage()).doesNotContain(KEY).doesNotContain("Bearer");
    wm.verify(1, postRequestedFor(urlEqualTo(KEYS)));
  }

  @Test
  void error_stringDetails_isOneFieldError() {
    wm.stubFor(
        patch(KEYS)
            .willReturn(
                json(
                    400,
                    "{\"error\":\"Invalid request parameters\",\"details\":\"id must be a uuid\"}")));
    BadRequestException e =
        catchThrowableOfType(
            BadRequestException.class,
            () -> client.apiKeys().update("k", KeyUpdate.builder().description("d").build()));
    assertThat(e.fieldErrors())
        .containsExactly(new BadRequestException.FieldError("", "id must be a uuid"));
    wm.verify(
        1, patchRequestedFor(urlEqualTo(KEYS))); // a 400 on an idempotent call is still not retried
  }

  @Test
  void error_x402Body_isDiscoveryNotSpendLimit() {
    wm.stubFor(
        get(KEYS)
            .willReturn(
                json(
                        402,
                        "{\"x402Version\":2,\"error\":\"Authentication required\",\"resource\":{\"url\":\"u\"},\"accepts\":[{\"scheme\":\"exact\"}],"
                            + "\"extensions\":{},\"authOptions\":[]}")
                    .withHeader("PAYMENT-REQUIRED", "eyJ4IjoxfQ==")));
    PaymentRequiredException e =
        catchThrowableOfType(PaymentRequiredException.class, () -> client.apiKeys().list());
    assertThat(e.reason()).isEqualTo(PaymentRequiredException.Reason.X402_DISCOVERY);
    assertThat(e.getMessage()).contains("no API key was sent");
    assertThat(time.sleeps()).isEmpty();
  }

  @Test
  void error_spendLimit402_isSpendLimit() {
    wm.stubFor(
        get(KEYS + "/rate_limits")
            .willReturn(
                json(
                    402,
                    error(
                        "API key USD spend limit exceeded. Increase the limit or wait for the next period."))));
    PaymentRequiredException e =
        catchThrowableOfType(PaymentRequiredException.class, () -> client.apiKeys().rateLimits());
    assertThat(e.reason()).isEqualTo(PaymentRequiredException.Reason.SPEND_LIMIT);
    assertThat(e.isX402Discovery()).isFalse();
  }

  @Test
  void error_insufficientBalance402_isInsufficientBalance() {
    wm.stubFor(
        get(KEYS)
            .willReturn(
                json(
                    402,
                    error(
                        "Insufficient USD or Diem balance to complete request. Visit https://venice.ai/settings/api to add credits."))));
    PaymentRequiredException e =
        catchThrowableOfType(PaymentRequiredException.class, () -> client.apiKeys().list());
    assertThat(e.reason()).isEqualTo(PaymentRequiredException.Reason.INSUFFICIENT_BALANCE);
  }

  @Test
  void error429_retryAfterSeconds() {
    RateLimitedException e = rateLimited("Retry-After", "7");
    assertThat(e.retryAfter()).contains(Duration.ofSeconds(7));
  }

  @Test
  void error429_retryAfterHttpDate() {
    String date =
        DateTimeFormatter.RFC_1123_DATE_TIME.format(NOW.plusSeconds(42).atOffset(ZoneOffset.UTC));
    RateLimitedException e = rateLimited("Retry-After", date);
    assertThat(e.retryAfter()).contains(Duration.ofSeconds(42));
  }

  @Test
  void error429_resetRequestsUnixMillis() {
    RateLimitedException e =
        rateLimited("x-ratelimit-reset-requests", String.valueOf(NOW.toEpochMilli() + 12_500));
    assertThat(e.retryAfter()).contains(Duration.ofMillis(12_500));
    assertThat(e.requestsResetAt()).contains(NOW.plusMillis(12_500));
  }

  @Test
  void error429_resetRequestsUnixSeconds() {
    RateLimitedException e =
        rateLimited("x-ratelimit-reset-requests", String.valueOf(NOW.getEpochSecond() + 20));
    assertThat(e.retryAfter()).contains(Duration.ofSeconds(20));
    assertThat(e.requestsResetAt()).contains(NOW.plusSeconds(20));
  }

  @Test
  void error429_resetTokensSecondsFromNow() {
    RateLimitedException e = rateLimited("x-ratelimit-reset-tokens", "3");
    assertThat(e.tokensResetAt()).contains(NOW.plusSeconds(3));
  }

  @Test
  void error429_errorBudgetResets() {
    wm.stubFor(
        get(KEYS)
            .willReturn(
                json(
                        429,
                        error(
                            "Too many failed attempts (> 50) resulting in a non-success status code. Please wait 30 seconds and try again."))
                    .withHeader("x-ratelimit-resets", String.valueOf(NOW.toEpochMilli() + 30_000))
                    .withHeader("x-ratelimit-remaining", "0")
                    .withHeader("x-ratelimit-type", "api_key")));
    RateLimitedException e =
        catchThrowableOfType(
            RateLimitedException.class,
            () -> client.newBuilder().maxRetries(0).build().apiKeys().list());
    assertThat(e.errorBudgetResetsAt()).contains(NOW.plusSeconds(30));
    assertThat(e.retryAfter()).contains(Duration.ofSeconds(30));
    assertThat(e.limitType()).contains("api_key");
    assertThat(e.getMessage()).contains("wait 30 s");
  }

  private RateLimitedException rateLimited(String header, String value) {
    wm.stubFor(
        get(KEYS).willReturn(json(429, error("Rate limit exceeded")).withHeader(header, value)));
    VeniceClient noRetry = client.newBuilder().maxRetries(0).build();
    RateLimitedException e =
        catchThrowableOfType(RateLimitedException.class, () -> noRetry.apiKeys().list());
    assertThat(e.statusCode()).isEqualTo(429);
    assertThat(e.getMessage()).doesNotContain(KEY);
    return e;
  }

  // ---- retries ----

  @Test
  void list_5xxThen200_retriesWithJitterWithinTheCap() {
    wm.stubFor(
        get(KEYS)
            .inScenario("s")
            .whenScenarioStateIs(Scenario.STARTED)
            .willReturn(json(503, error("busy")))
            .willSetStateTo("second"));
    wm.stubFor(
        get(KEYS)
            .inScenario("s")
            .whenScenarioStateIs("second")
            .willReturn(json(502, "<html>"))
            .willSetStateTo("ok"));
    wm.stubFor(
        get(KEYS)
            .inScenario("s")
            .whenScenarioStateIs("ok")
            .willReturn(json(200, "{\"object\":\"list\",\"data\":[]}")));

    assertThat(client.apiKeys().list()).isEmpty();
    assertThat(time.sleeps()).hasSize(2);
    assertThat(time.sleeps().get(0)).isBetween(Duration.ZERO, Duration.ofMillis(500));
    assertThat(time.sleeps().get(1)).isBetween(Duration.ZERO, Duration.ofMillis(1000));
  }

  @Test
  void revoke_ioErrorThen200_retries() {
    wm.stubFor(
        delete(urlPathEqualTo(KEYS))
            .inScenario("s")
            .whenScenarioStateIs(Scenario.STARTED)
            .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER))
            .willSetStateTo("ok"));
    wm.stubFor(
        delete(urlPathEqualTo(KEYS))
            .inScenario("s")
            .whenScenarioStateIs("ok")
            .willReturn(json(200, "{\"success\":true}")));
    client.apiKeys().revoke("k1");
    wm.verify(2, deleteRequestedFor(urlPathEqualTo(KEYS)));
  }

  @Test
  void update_429_honoursRetryAfterThenSucceeds() {
    wm.stubFor(
        patch(KEYS)
            .inScenario("s")
            .whenScenarioStateIs(Scenario.STARTED)
            .willReturn(json(429, error("Rate limit exceeded")).withHeader("Retry-After", "2"))
            .willSetStateTo("ok"));
    wm.stubFor(
        patch(KEYS)
            .inScenario("s")
            .whenScenarioStateIs("ok")
            .willReturn(json(200, "{\"success\":true,\"data\":" + KEY_JSON + "}")));
    client.apiKeys().update("k1", KeyUpdate.builder().description("d").build());
    assertThat(time.sleeps()).containsExactly(Duration.ofSeconds(2));
  }

  @Test
  void create_429_isRetriedAfterRetryAfter() {
    wm.stubFor(
        post(KEYS)
            .inScenario("s")
            .whenScenarioStateIs(Scenario.STARTED)
            .willReturn(json(429, error("Rate limit exceeded")).withHeader("Retry-After", "3"))
            .willSetStateTo("ok"));
    wm.stubFor(
        post(KEYS).inScenario("s").whenScenarioStateIs("ok").willReturn(json(200, created())));
    assertThat(client.apiKeys().create(KeySpec.builder().noLimit().description("d").build()).id())
        .isEqualTo("new-1");
    assertThat(time.sleeps()).containsExactly(Duration.ofSeconds(3));
    wm.verify(2, postRequestedFor(urlEqualTo(KEYS)));
  }

  @Test
  void create_500_isNeverRetried() {
    wm.stubFor(post(KEYS).willReturn(json(500, error("An unknown error occurred"))));
    catchThrowableOfType(
        ServerException.class,
        () -> client.apiKeys().create(KeySpec.builder().noLimit().description("d").build()));
    wm.verify(1, postRequestedFor(urlEqualTo(KEYS)));
    assertThat(time.sleeps()).isEmpty();
  }

  @Test
  void create_connectionResetAfterSending_isNeverRetried() {
    wm.stubFor(post(KEYS).willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
    VeniceConnectionException e =
        catchThrowableOfType(
            VeniceConnectionException.class,
            () -> client.apiKeys().create(KeySpec.builder().noLimit().description("d").build()));
    assertThat(e.requestSent()).isTrue();
    wm.verify(1, postRequestedFor(urlEqualTo(KEYS)));
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(ints = {400, 401, 402, 403, 404, 409, 413, 415, 422})
  void fourHundreds_areNeverRetried(int status) {
    wm.resetAll();
    wm.stubFor(get(KEYS).willReturn(json(status, error("no"))));
    catchThrowableOfType(VeniceServiceException.class, () -> client.apiKeys().list());
    wm.verify(1, getRequestedFor(urlEqualTo(KEYS)));
    assertThat(time.sleeps()).isEmpty();
  }

  @Test
  void list_429Forever_givesUpAfterMaxRetriesWithRateLimited() {
    wm.stubFor(
        get(KEYS)
            .willReturn(json(429, error("Rate limit exceeded")).withHeader("Retry-After", "1")));
    catchThrowableOfType(RateLimitedException.class, () -> client.apiKeys().list());
    wm.verify(4, getRequestedFor(urlEqualTo(KEYS)));
    assertThat(time.sleeps())
        .containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(1));
  }

  private static String created() {
    return "{\"success\":true,\"data\":{\"id\":\"new-1\",\"apiKey\":\""
        + NEW_SECRET
        + "\",\"apiKeyType\":\"INFERENCE\","
        + "\"description\":\"cust:1\",\"expiresAt\":null,\"consumptionLimit\":{\"usd\":5,\"diem\":null,\"vcu\":null},"
        + "\"limitPeriod\":\"MONTH\",\"modelPrivacy\":\"ALL\"}}";
  }
}
