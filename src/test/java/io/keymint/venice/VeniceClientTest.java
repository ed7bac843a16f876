package io.keymint.venice;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.keymint.ApiKeySecret;
import io.keymint.testing.TestClock;
import io.keymint.testing.WireMocks;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class VeniceClientTest {
  static {
    io.keymint.testing.LeakWatch.secret(VeniceClientTest.SECRET);
  }

  private static final String PATH = "/api/v1/api_keys/generate_web3_key";
  private static final String SECRET =
      "VENICE_INFERENCE_KEY_clientTestSecretValue0123456789abcdefXYZ";

  private WireMockServer wm;
  private TestClock time;
  private VeniceClient client;

  @BeforeEach
  void start() {
    wm = WireMocks.start();
    time = new TestClock(Instant.EPOCH);
    client = WireMocks.client(wm, time).maxRetries(3).build();
  }

  @AfterEach
  void stop() {
    client.close();
    wm.stop();
  }

  private static String json(String error) {
    return "{\"error\":\"" + error + "\"}";
  }

  @Test
  void web3Token_readsDataToken() {
    wm.stubFor(
        get(PATH)
            .willReturn(
                okJson("{\"success\":true,\"data\":{\"token\":\"tok.en.x\"},\"extra\":1}")));
    assertThat(client.web3Token()).isEqualTo("tok.en.x");
  }

  @Test
  void badProxy_isRefusedWhenTheClientIsBuilt_notOnTheFirstRequest() {
    assertThatThrownBy(() -> VeniceClient.builder().proxy("http://[not a host").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("is not scheme://host:port");
  }

  @Test
  void closed_beforeAnyRequest_refusesRequestsWithoutSendingThem() {
    VeniceClient unused = VeniceClient.builder().baseUrl(WireMocks.baseUrl(wm)).build();
    unused.close();

    assertThatThrownBy(unused::web3Token).isInstanceOf(IllegalStateException.class);
    assertThat(wm.getAllServeEvents()).isEmpty();
  }

  @Test
  void web3Token_onAnInterruptedThread_givesUpWithoutRetrying() {
    wm.stop(); // nothing listens: the connection fails, which would be retried

    Thread.currentThread().interrupt();
    try {
      assertThatThrownBy(client::web3Token)
          .isInstanceOf(VeniceConnectionException.class)
          .hasMessageContaining("abandoned");
    } finally {
      Thread.interrupted();
    }
    assertThat(time.sleeps()).isEmpty();
  }

  @Test
  void web3Token_503Then200_retriesAfterBackoff() {
    wm.stubFor(
        get(PATH)
            .inScenario("s")
            .whenScenarioStateIs(Scenario.STARTED)
            .willReturn(aResponse().withStatus(503).withBody(json("busy")))
            .willSetStateTo("up"));
    wm.stubFor(
        get(PATH)
            .inScenario("s")
            .whenScenarioStateIs("up")
            .willReturn(okJson("{\"success\":true,\"data\":{\"token\":\"h.p.t\"}}")));

    assertThat(client.web3Token()).isEqualTo("h.p.t");
    assertThat(time.sleeps()).hasSize(1);
    assertThat(time.sleeps().get(0)).isLessThanOrEqualTo(Duration.ofMillis(500));
  }

  @Test
  void web3Token_429WithRetryAfterSeconds_waitsWhatVeniceAsked() {
    wm.stubFor(
        get(PATH)
            .inScenario("s")
            .whenScenarioStateIs(Scenario.STARTED)
            .willReturn(
                aResponse()
                    .withStatus(429)
                    .withHeader("Retry-After", "7")
                    .withBody(json("Rate limit exceeded")))
            .willSetStateTo("ok"));
    wm.stubFor(
        get(PATH)
            .inScenario("s")
            .whenScenarioStateIs("ok")
            .willReturn(okJson("{\"success\":true,\"data\":{\"token\":\"h.p.t\"}}")));

    client.web3Token();
    assertThat(time.sleeps()).containsExactly(Duration.ofSeconds(7));
  }

  @Test
  void web3Token_connectionResetEveryTime_givesUpAfterMaxRetries() {
    wm.stubFor(get(PATH).willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
    VeniceConnectionException e =
        catchThrowableOfType(VeniceConnectionException.class, client::web3Token);
    assertThat(e.getMessage())
        .contains("GET /api_keys/generate_web3_key")
        .contains("VENICE_BASE_URL");
    wm.verify(4, getRequestedFor(urlEqualTo(PATH)));
  }

  @Test
  void web3Token_nothingListening_connectionErrorSaysNotSent() {
    int port = wm.port();
    wm.stop();
    VeniceClient c =
        client.newBuilder().baseUrl("http://127.0.0.1:" + port + "/api/v1").maxRetries(0).build();
    VeniceConnectionException e =
        catchThrowableOfType(VeniceConnectionException.class, c::web3Token);
    assertThat(e.requestSent()).isFalse();
  }

  @Test
  void mintWeb3Key_sendsOnlyTheFieldsSet() {
    wm.stubFor(post(PATH).willReturn(okJson(mintResponse())));
    KeySpec spec =
        KeySpec.builder()
            .noLimit()
            .description("agent-7")
            .usdLimit(new BigDecimal("5"))
            .expiresAt(Instant.parse("2027-01-02T03:04:05Z"))
            .build();

    client.mintWeb3Key("0xabc", "0xsig", "tok", spec);

    wm.verify(
        postRequestedFor(urlEqualTo(PATH))
            .withHeader(
                "Content-Type",
                com.github.tomakehurst.wiremock.client.WireMock.containing("application/json"))
            .withRequestBody(
                equalToJson(
                    "{\"address\":\"0xabc\",\"signature\":\"0xsig\",\"token\":\"tok\",\"apiKeyType\":\"INFERENCE\","
                        + "\"description\":\"agent-7\",\"expiresAt\":\"2027-01-02T03:04:05.000Z\","
                        + "\"consumptionLimit\":{\"usd\":5}}",
                    false,
                    false)));
  }

  @Test
  void mintWeb3Key_parsesTheKeyAndNeverPrintsTheSecret() {
    wm.stubFor(post(PATH).willReturn(okJson(mintResponse())));
    ApiKey key =
        client.mintWeb3Key(
            "0xabc", "0xsig", "tok", KeySpec.builder().usdLimit(new BigDecimal("50")).build());

    assertThat(key.id()).isEqualTo("e28e82dc-9df2-4b47-b726-d0a222ef2ab5");
    assertThat(key.secret().reveal()).isEqualTo(SECRET);
    assertThat(key.type()).contains(ApiKeyType.INFERENCE);
    assertThat(key.consumptionLimit().usd()).contains(new BigDecimal("50"));
    assertThat(key.limitsSource()).contains(ApiKey.LimitsSource.REQUESTED);
    assertThat(key.limitPeriod()).contains(LimitPeriod.EPOCH);
    assertThat(key.walletAddress()).contains("0xabc");
    assertThat(key.toString())
        .doesNotContain(SECRET)
        .contains(SECRET.substring(SECRET.length() - 6));
  }

  /** A mint POST with placeholder values, for tests of what the client makes of the reply. */
  private void mintOnTheStub() {
    client.mintWeb3Key("0xa", "0xs", "t", KeySpec.builder().noLimit().build());
  }

  @Test
  void mintWeb3Key_500_isNotRetriedByTheClient() {
    wm.stubFor(
        post(PATH)
            .willReturn(aResponse().withStatus(500).withBody(json("An unknown error occurred"))));
    assertThatThrownBy(() -> mintOnTheStub()).isInstanceOf(ServerException.class);
    wm.verify(1, postRequestedFor(urlEqualTo(PATH)));
    assertThat(time.sleeps()).isEmpty();
  }

  @Test
  void mintWeb3Key_200WithoutSecret_failsWithoutQuotingTheBody() {
    wm.stubFor(
        post(PATH)
            .willReturn(
                okJson("{\"success\":true,\"data\":{\"id\":\"x\",\"oops\":\"" + SECRET + "\"}}")));
    assertThatThrownBy(() -> mintOnTheStub())
        .isInstanceOf(VeniceServiceException.class)
        .hasMessageContaining("no data.id and data.apiKey")
        .hasMessageContaining("revoke it")
        .hasMessageNotContaining(SECRET);
  }

  @Test
  void error400DetailedError_parsesIssuesIntoFieldErrors() {
    wm.stubFor(
        post(PATH)
            .willReturn(
                aResponse()
                    .withStatus(400)
                    .withHeader("CF-RAY", "8f00aa-AMS")
                    .withBody(
                        "{\"error\":\"Invalid request parameters\",\"details\":{\"_errors\":[],\"apiKeyType\":{\"_errors\":[\"Required\"]}},"
                            + "\"issues\":[{\"code\":\"invalid_type\",\"path\":[\"apiKeyType\"],\"message\":\"Required\"}]}")));
    BadRequestException e = catchThrowableOfType(BadRequestException.class, () -> mintOnTheStub());
    assertThat(e.statusCode()).isEqualTo(400);
    assertThat(e.requestId()).contains("8f00aa-AMS");
    assertThat(e.getMessage()).contains("Invalid request parameters").contains("CF-RAY 8f00aa-AMS");
    assertThat(e.fieldErrors())
        .containsExactly(new BadRequestException.FieldError("apiKeyType", "Required"));
  }

  @Test
  void error400NestedDetailsWithoutIssues_walksTheTree() {
    wm.stubFor(
        post(PATH)
            .willReturn(
                aResponse()
                    .withStatus(400)
                    .withBody(
                        "{\"error\":\"Invalid request parameters\",\"details\":{\"_errors\":[\"bad body\"],"
                            + "\"consumptionLimit\":{\"_errors\":[],\"usd\":{\"_errors\":[\"Too big\"]}}}}")));
    BadRequestException e = catchThrowableOfType(BadRequestException.class, () -> mintOnTheStub());
    assertThat(e.fieldErrors())
        .containsExactly(
            new BadRequestException.FieldError("", "bad body"),
            new BadRequestException.FieldError("consumptionLimit.usd", "Too big"));
  }

  @Test
  void error400StringDetails_keptAsOneFieldError() {
    wm.stubFor(
        post(PATH)
            .willReturn(
                aResponse()
                    .withStatus(400)
                    .withBody(
                        "{\"error\":\"Invalid request parameters\",\"details\":\"expiresAt must be a date\"}")));
    BadRequestException e = catchThrowableOfType(BadRequestException.class, () -> mintOnTheStub());
    assertThat(e.fieldErrors())
        .containsExactly(new BadRequestException.FieldError("", "expiresAt must be a date"));
  }

  @Test
  void error400NoStake_hintsToStake() {
    wm.stubFor(
        post(PATH)
            .willReturn(
                aResponse()
                    .withStatus(400)
                    .withBody(json("Wallet 0xabc has no staked VVV on Base"))));
    assertThatThrownBy(() -> mintOnTheStub())
        .isInstanceOf(BadRequestException.class)
        .hasMessageContaining("has no staked VVV on Base")
        .hasMessageContaining("stake VVV on Base");
  }

  @Test
  void error401AdminKeyRequired_isAuthenticationExceptionSayingSo() {
    VeniceClient authed = client.newBuilder().apiKey(ApiKeySecret.of(SECRET)).build();
    wm.stubFor(
        get("/api/v1/api_keys")
            .willReturn(aResponse().withStatus(401).withBody(json("Admin API key required"))));
    AuthenticationException e =
        catchThrowableOfType(
            AuthenticationException.class,
            () -> authed.call("GET", "/api_keys", null, true, VeniceClient.Retry.IDEMPOTENT));
    assertThat(e.adminKeyRequired()).isTrue();
    assertThat(e).hasMessageContaining("VENICE_ADMIN_KEY").hasMessageNotContaining(SECRET);
    wm.verify(1, getRequestedFor(urlEqualTo("/api/v1/api_keys")));
  }

  static Stream<Arguments> statuses() {
    return Stream.of(
        Arguments.of(401, json("Authentication failed"), AuthenticationException.class),
        Arguments.of(
            402,
            "{\"x402Version\":2,\"error\":\"Authentication required\",\"accepts\":[]}",
            PaymentRequiredException.class),
        Arguments.of(403, json("Unauthorized access"), PermissionDeniedException.class),
        Arguments.of(404, json("Not found"), NotFoundException.class),
        Arguments.of(400, json("API key not found"), NotFoundException.class),
        Arguments.of(429, json("Rate limit exceeded"), RateLimitedException.class),
        Arguments.of(502, "<html>bad gateway</html>", ServerException.class),
        Arguments.of(418, json("teapot"), VeniceServiceException.class));
  }

  @ParameterizedTest(name = "{0} -> {2}")
  @MethodSource("statuses")
  void status_mapsToItsType(int status, String body, Class<?> type) {
    VeniceClient authed = client.newBuilder().apiKey(ApiKeySecret.of(SECRET)).maxRetries(0).build();
    wm.stubFor(get("/api/v1/api_keys").willReturn(aResponse().withStatus(status).withBody(body)));
    Throwable e =
        org.assertj.core.api.Assertions.catchThrowable(
            () -> authed.call("GET", "/api_keys", null, true, VeniceClient.Retry.IDEMPOTENT));
    assertThat(e).isExactlyInstanceOf(type);
    assertThat(((VeniceServiceException) e).statusCode()).isEqualTo(status);
    assertThat(e.getMessage()).doesNotContain(SECRET).doesNotContain("Bearer");
    if (e instanceof AuthenticationException auth) {
      assertThat(auth.adminKeyRequired())
          .as("a plain 401 is not 'Admin API key required'")
          .isFalse();
    }
  }

  @Test
  void rateLimited_parsesRetryAfterAsHttpDateAndResetHeaders() {
    VeniceClient noRetry = client.newBuilder().maxRetries(0).build();
    wm.stubFor(
        get(PATH)
            .willReturn(
                aResponse()
                    .withStatus(429)
                    .withHeader(
                        "x-ratelimit-reset-requests",
                        String.valueOf(noRetry.clock().millis() + 12_000))
                    .withBody(json("Rate limit exceeded"))));
    RateLimitedException e = catchThrowableOfType(RateLimitedException.class, noRetry::web3Token);
    assertThat(e.retryAfter())
        .hasValueSatisfying(
            d -> assertThat(d).isBetween(Duration.ofSeconds(10), Duration.ofSeconds(12)));
  }

  @Test
  void oversizedBody_isRefusedNotBuffered() {
    wm.stubFor(get(PATH).willReturn(okJson("{\"pad\":\"" + "x".repeat(2 << 20) + "\"}")));
    VeniceClient noRetry = client.newBuilder().maxRetries(0).build();
    assertThatThrownBy(noRetry::web3Token)
        .isInstanceOf(VeniceConnectionException.class)
        .hasMessageContaining("1 MiB");
  }

  @Test
  void authenticatedCall_withoutKey_saysWhichVariableToSet() {
    assertThatThrownBy(
            () -> client.call("GET", "/api_keys", null, true, VeniceClient.Retry.IDEMPOTENT))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("VENICE_ADMIN_KEY");
  }

  @Test
  void baseUrl_plainHttpToRemoteHost_isRefusedUnlessAllowed() {
    assertThatThrownBy(
            () -> VeniceClient.builder().baseUrl("http://api.example.com/api/v1").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("VeniceClient.Builder.allowInsecureHttp");
    VeniceClient.builder()
        .baseUrl("http://api.example.com/api/v1")
        .allowInsecureHttp(true)
        .build()
        .close();
    VeniceClient.builder().baseUrl("http://localhost:1/api/v1").build().close();
    VeniceClient.builder().baseUrl("http://[::1]:1/api/v1").build().close();
    assertThatThrownBy(() -> VeniceClient.builder().baseUrl("ftp://x/y").build())
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void toString_showsNoKey() {
    VeniceClient authed = client.newBuilder().apiKey(ApiKeySecret.of(SECRET)).build();
    assertThat(authed.toString()).doesNotContain(SECRET);
  }

  static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder okJson(String body) {
    return aResponse()
        .withStatus(200)
        .withHeader("Content-Type", "application/json")
        .withBody(body);
  }

  static String mintResponse() {
    return "{\"success\":true,\"data\":{\"id\":\"e28e82dc-9df2-4b47-b726-d0a222ef2ab5\",\"apiKey\":\""
        + SECRET
        + "\",\"apiKeyType\":\"INFERENCE\",\"description\":\"Web3 API Key\",\"expiresAt\":null,"
        + "\"consumptionLimit\":{\"usd\":50,\"diem\":null,\"vcu\":null},\"limitPeriod\":\"EPOCH\",\"modelPrivacy\":\"ALL\"}}";
  }

  @Test
  void rateLimits_headers_keepOnlyTheTwoFamilies_andDropUnreadableBalances() {
    wm.stubFor(
        get(urlEqualTo("/api/v1/api_keys/rate_limits"))
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withHeader("Content-Type", "application/json")
                    .withHeader("X-RateLimit-Remaining-Requests", "99")
                    .withHeader("x-ratelimit-reset-requests", "1767225600000")
                    .withHeader("X-Venice-Balance-USD", "12.5")
                    .withHeader("x-venice-balance-diem", "lots")
                    .withHeader("Set-Cookie", "session=do-not-keep")
                    .withBody(
                        "{\"data\":{\"accessPermitted\":true,\"balances\":{\"USD\":12.5,\"DIEM\":0},"
                            + "\"rateLimits\":[]}}")));

    RateLimits r;
    try (VeniceClient keyed =
        client.newBuilder().apiKey(io.keymint.ApiKeySecret.of("VENICE_INFERENCE_KEY_h")).build()) {
      r = keyed.apiKeys().rateLimits();
    }

    assertThat(r.headers().rateLimits())
        .containsEntry("x-ratelimit-remaining-requests", "99")
        .containsEntry("x-ratelimit-reset-requests", "1767225600000")
        .hasSize(2);
    assertThat(r.headers().balances()).containsOnlyKeys("USD");
    assertThat(r.headers().balances().get("USD")).isEqualByComparingTo("12.5");
    assertThat(r.headers().toString()).doesNotContain("session");
    assertThat(r.cannotSpend()).isFalse();
  }
}
