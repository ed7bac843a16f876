package io.keymint.mint;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.client.ScenarioMappingBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.keymint.internal.Json;
import io.keymint.signature.PersonalSign;
import io.keymint.sink.SecretSink;
import io.keymint.sink.SinkException;
import io.keymint.testing.TestClock;
import io.keymint.testing.TestKeys;
import io.keymint.testing.WireMocks;
import io.keymint.venice.BadRequestException;
import io.keymint.venice.KeySpec;
import io.keymint.venice.RetryPolicy;
import io.keymint.venice.VeniceClient;
import io.keymint.venice.VeniceConnectionException;
import io.keymint.wallet.WalletSource;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The minter's retry rules against a Venice that misbehaves on cue (WireMock). */
class Web3KeyMinterFaultTest {
  static {
    io.keymint.testing.LeakWatch.secret(Web3KeyMinterFaultTest.SECRET);
  }

  private static final String PATH = "/api/v1/api_keys/generate_web3_key";
  private static final String SECRET =
      "VENICE_INFERENCE_KEY_faultTestSecret0123456789abcdefghijklmnopq";

  @TempDir Path dir;
  private WireMockServer wm;
  private TestClock time;
  private VeniceClient client;
  private Path keyFile;

  @BeforeEach
  void start() {
    wm = WireMocks.start();
    time = new TestClock(Instant.EPOCH);
    client = WireMocks.client(wm, time).build();
    keyFile = dir.resolve("venice-api-key");
  }

  @AfterEach
  void stop() {
    client.close();
    wm.stop();
  }

  private Web3KeyMinter minter() {
    return Web3KeyMinter.builder()
        .verify(false) // WireMock serves the mint only; verification has its own tests
        .client(client)
        .wallet(WalletSource.privateKey(TestKeys.VECTOR_PRIVATE_KEY.toCharArray()))
        .sink(SecretSink.file(keyFile))
        .build();
  }

  private void tokens(String... tokens) {
    for (int i = 0; i < tokens.length; i++) {
      ScenarioMappingBuilder m =
          get(PATH).inScenario("tokens").whenScenarioStateIs(i == 0 ? Scenario.STARTED : "t" + i);
      if (i + 1 < tokens.length) {
        m = m.willSetStateTo("t" + (i + 1));
      }
      wm.stubFor(
          m.willReturn(json(200, "{\"success\":true,\"data\":{\"token\":\"" + tokens[i] + "\"}}")));
    }
  }

  /** POST answers in order; the last one repeats. */
  private void posts(ResponseDefinitionBuilder... answers) {
    for (int i = 0; i < answers.length; i++) {
      ScenarioMappingBuilder m =
          post(PATH).inScenario("posts").whenScenarioStateIs(i == 0 ? Scenario.STARTED : "p" + i);
      if (i + 1 < answers.length) {
        m = m.willSetStateTo("p" + (i + 1));
      }
      wm.stubFor(m.willReturn(answers[i]));
    }
  }

  private static ResponseDefinitionBuilder json(int status, String body) {
    return aResponse()
        .withStatus(status)
        .withHeader("Content-Type", "application/json")
        .withBody(body);
  }

  private static ResponseDefinitionBuilder error(int status, String message) {
    return json(status, "{\"error\":\"" + message + "\"}");
  }

  private static ResponseDefinitionBuilder minted() {
    return json(
        200,
        "{\"success\":true,\"data\":{\"id\":\"k-1\",\"apiKey\":\""
            + SECRET
            + "\",\"apiKeyType\":\"INFERENCE\","
            + "\"expiresAt\":null,\"consumptionLimit\":{\"usd\":null,\"diem\":null,\"vcu\":null},\"limitPeriod\":\"EPOCH\",\"modelPrivacy\":\"ALL\"}}");
  }

  private List<JsonNode> postedBodies() {
    return wm.findAll(postRequestedFor(urlEqualTo(PATH))).stream()
        .map(LoggedRequest::getBody)
        .map(
            b -> {
              try {
                return Json.parse(b);
              } catch (Exception e) {
                throw new AssertionError(e);
              }
            })
        .collect(Collectors.toList());
  }

  private String storedSecret() throws Exception {
    return Files.readString(keyFile, StandardCharsets.UTF_8);
  }

  @Test
  void mint_happyPath_signsTheExactTokenWithTheWalletAndStoresTheSecret() throws Exception {
    tokens("h.p.tok-1");
    posts(minted());

    MintResult result = minter().mint(KeySpec.builder().noLimit().build());

    JsonNode body = postedBodies().get(0);
    assertThat(body.get("token").asText()).isEqualTo("h.p.tok-1");
    assertThat(body.get("address").asText()).isEqualTo(TestKeys.VECTOR_ADDRESS);
    assertThat(PersonalSign.recoverAddress("h.p.tok-1", body.get("signature").asText()))
        .isEqualTo(TestKeys.VECTOR_ADDRESS);
    assertThat(storedSecret()).isEqualTo(SECRET + "\n");
    assertThat(result.attempts()).isEqualTo(1);
    assertThat(result.ambiguousAttempts()).isZero();
    assertThat(result.sinks()).containsExactly("file:" + keyFile.toAbsolutePath());
    assertThat(result.toString()).doesNotContain(SECRET);
  }

  @Test
  void mint_expiredToken_refetchesOnceAndSignsTheNewToken() throws Exception {
    tokens("h.p.tok-old", "h.p.tok-new");
    posts(error(400, "JWT has expired"), minted());

    MintResult result = minter().mint(KeySpec.builder().noLimit().build());

    assertThat(postedBodies())
        .extracting(b -> b.get("token").asText())
        .containsExactly("h.p.tok-old", "h.p.tok-new");
    JsonNode second = postedBodies().get(1);
    assertThat(PersonalSign.recoverAddress("h.p.tok-new", second.get("signature").asText()))
        .isEqualTo(TestKeys.VECTOR_ADDRESS);
    assertThat(result.tokensFetched()).isEqualTo(2);
    assertThat(time.sleeps()).isEmpty();
    assertThat(storedSecret()).isEqualTo(SECRET + "\n");
  }

  @Test
  void mint_expiredTwice_givesUpAfterOneRefetch() {
    tokens("h.p.a", "h.p.b", "h.p.c");
    posts(error(400, "JWT has expired"));

    Throwable e = catchThrowable(() -> minter().mint(KeySpec.builder().noLimit().build()));

    assertThat(e).isInstanceOf(BadRequestException.class).hasMessageContaining("JWT has expired");
    wm.verify(2, postRequestedFor(urlEqualTo(PATH)));
    assertThat(keyFile).doesNotExist();
  }

  @Test
  void mint_couldNotVerifySignature_backsOffAndRetriesTheSameToken() throws Exception {
    tokens("h.p.tok");
    posts(
        error(400, "Could not verify wallet signature"),
        error(400, "Could not verify wallet signature"),
        minted());

    MintResult result = minter().mint(KeySpec.builder().noLimit().build());

    assertThat(result.attempts()).isEqualTo(3);
    assertThat(result.ambiguousAttempts()).isZero();
    assertThat(time.sleeps()).hasSize(2);
    wm.verify(1, getRequestedFor(urlEqualTo(PATH)));
    assertThat(storedSecret()).isEqualTo(SECRET + "\n");
  }

  /** A minter on a client derived from the test's, with other retry waits. */
  private Web3KeyMinter minterWith(VeniceClient.Builder retries) {
    return Web3KeyMinter.builder()
        .client(retries.build())
        .wallet(WalletSource.privateKey(TestKeys.VECTOR_PRIVATE_KEY.toCharArray()))
        .sink(SecretSink.file(keyFile))
        .verify(false)
        .build();
  }

  @Test
  void mint_clientBuilderBackoff_reachesTheMintRetries() throws Exception {
    // base and cap 0: every wait is 0 ms. Venice's default (0.5 s doubling, full jitter) would
    // give three zero waits in a row about once in 10^8 runs.
    tokens("h.p.tok");
    posts(
        error(400, "Could not verify wallet signature"),
        error(503, "upstream"),
        aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER),
        minted());

    MintResult result =
        minterWith(client.newBuilder().backoff(Duration.ZERO, Duration.ZERO))
            .mint(KeySpec.builder().noLimit().build());

    assertThat(result.attempts()).isEqualTo(4);
    assertThat(time.sleeps()).containsExactly(Duration.ZERO, Duration.ZERO, Duration.ZERO);
    assertThat(storedSecret()).isEqualTo(SECRET + "\n");
  }

  @Test
  void mint_clientRetryPolicy_setsTheWaitsBetweenMintAttempts() throws Exception {
    // steps of 4 s doubling to 8 s, each wait at least half a step: never what the default gives
    // (the first wait at most 0.5 s)
    tokens("h.p.tok");
    posts(error(503, "upstream"), error(503, "upstream"), minted());

    minterWith(
            client
                .newBuilder()
                .retryPolicy(RetryPolicy.halfJitter(Duration.ofSeconds(4), Duration.ofSeconds(8))))
        .mint(KeySpec.builder().noLimit().build());

    assertThat(time.sleeps()).hasSize(2);
    assertThat(time.sleeps().get(0)).isBetween(Duration.ofSeconds(2), Duration.ofSeconds(4));
    assertThat(time.sleeps().get(1)).isBetween(Duration.ofSeconds(4), Duration.ofSeconds(8));
  }

  @Test
  void mint_429_waitsWhatVeniceAskedThenRetries() throws Exception {
    tokens("h.p.tok");
    posts(error(429, "Rate limit exceeded").withHeader("Retry-After", "3"), minted());

    MintResult result = minter().mint(KeySpec.builder().noLimit().build());

    assertThat(time.sleeps()).containsExactly(Duration.ofSeconds(3));
    assertThat(result.ambiguousAttempts()).isZero();
    assertThat(storedSecret()).isEqualTo(SECRET + "\n");
  }

  @Test
  void mint_otherBadRequest_failsAtOnceWithoutRetrying() {
    tokens("h.p.tok");
    posts(error(400, "Wallet 0x2c75 has no staked VVV on Base"));

    Throwable e = catchThrowable(() -> minter().mint(KeySpec.builder().noLimit().build()));

    assertThat(e)
        .isInstanceOf(BadRequestException.class)
        .hasMessageContaining("has no staked VVV on Base");
    wm.verify(1, postRequestedFor(urlEqualTo(PATH)));
    assertThat(time.sleeps()).isEmpty();
    assertThat(keyFile).doesNotExist();
  }

  @Test
  void mint_5xxThenSuccess_retriesAndReportsTheAmbiguousAttempt() throws Exception {
    tokens("h.p.tok");
    posts(error(503, "upstream"), minted());

    MintResult result = minter().mint(KeySpec.builder().noLimit().build());

    assertThat(result.ambiguousAttempts()).isEqualTo(1);
    assertThat(result.attempts()).isEqualTo(2);
    assertThat(storedSecret()).isEqualTo(SECRET + "\n");
  }

  @Test
  void mint_connectionResetAfterPost_isAmbiguousAndRetried() throws Exception {
    tokens("h.p.tok");
    posts(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER), minted());

    MintResult result = minter().mint(KeySpec.builder().noLimit().build());

    assertThat(result.ambiguousAttempts()).isEqualTo(1);
    assertThat(storedSecret()).isEqualTo(SECRET + "\n");
  }

  @Test
  void mint_ambiguousAttemptThenTokenRefused_fetchesAFreshToken() throws Exception {
    tokens("h.p.tok-1", "h.p.tok-2");
    posts(
        aResponse().withFault(Fault.EMPTY_RESPONSE),
        error(400, "JWT has already been used"),
        minted());

    MintResult result = minter().mint(KeySpec.builder().noLimit().build());

    assertThat(postedBodies())
        .extracting(b -> b.get("token").asText())
        .containsExactly("h.p.tok-1", "h.p.tok-1", "h.p.tok-2");
    assertThat(result.ambiguousAttempts()).isEqualTo(1);
  }

  @Test
  void mint_answerSlowerThanTheReadTimeout_isAmbiguousAndRetried() throws Exception {
    tokens("h.p.tok");
    posts(minted().withFixedDelay(1_500), minted());
    VeniceClient impatient = client.newBuilder().readTimeout(Duration.ofMillis(300)).build();

    MintResult result =
        Web3KeyMinter.builder()
            .verify(false) // WireMock serves the mint only; verification has its own tests
            .client(impatient)
            .wallet(WalletSource.privateKey(TestKeys.VECTOR_PRIVATE_KEY.toCharArray()))
            .sink(SecretSink.file(keyFile))
            .build()
            .mint(KeySpec.builder().noLimit().build());

    assertThat(result.ambiguousAttempts()).isEqualTo(1);
    assertThat(storedSecret()).isEqualTo(SECRET + "\n");
  }

  @Test
  void mint_resetEveryTime_givesUpAndSaysAKeyMayExist() {
    tokens("h.p.tok");
    posts(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER));

    Throwable e = catchThrowable(() -> minter().mint(KeySpec.builder().noLimit().build()));

    assertThat(e).isInstanceOf(VeniceConnectionException.class);
    assertThat(((VeniceConnectionException) e).requestSent()).isTrue();
    assertThat(e.getSuppressed())
        .singleElement()
        .satisfies(s -> assertThat(s).hasMessageContaining("a key may exist"));
    wm.verify(5, postRequestedFor(urlEqualTo(PATH)));
  }

  @Test
  void mint_malformedJsonOn200_failsWithoutRetrying() {
    tokens("h.p.tok");
    posts(json(200, "{\"success\":true,\"data\":{\"apiKey\":"));

    Throwable e = catchThrowable(() -> minter().mint(KeySpec.builder().noLimit().build()));

    assertThat(e).hasMessageContaining("not JSON");
    wm.verify(1, postRequestedFor(urlEqualTo(PATH)));
  }

  @Test
  void mint_sinkFolderMissing_failsBeforeAnyRequest() {
    tokens("h.p.tok");
    posts(minted());
    Web3KeyMinter minter =
        Web3KeyMinter.builder()
            .verify(false) // WireMock serves the mint only; verification has its own tests
            .client(client)
            .wallet(WalletSource.privateKey(TestKeys.VECTOR_PRIVATE_KEY.toCharArray()))
            .sink(SecretSink.file(dir.resolve("missing/venice-api-key")))
            .build();

    Throwable e = catchThrowable(() -> minter.mint(KeySpec.builder().noLimit().build()));

    assertThat(e).isInstanceOf(SinkException.class);
    assertThat(wm.getAllServeEvents()).isEmpty();
  }

  @Test
  void mint_walletFailsWhileTheTokenFetchFailsToo_reportsTheWalletAndPostsNothing() {
    wm.stubFor(get(PATH).willReturn(error(503, "down")));
    posts(minted());
    Web3KeyMinter minter =
        Web3KeyMinter.builder()
            .verify(false) // WireMock serves the mint only; verification has its own tests
            .client(client)
            .wallet(WalletSource.privateKey("0xnot-a-key".toCharArray()))
            .sink(SecretSink.file(keyFile))
            .build();

    Throwable e = catchThrowable(() -> minter.mint(KeySpec.builder().noLimit().build()));

    assertThat(e).isInstanceOf(io.keymint.wallet.WalletException.class);
    wm.verify(0, postRequestedFor(urlEqualTo(PATH)));
  }

  @Test
  void mint_tokenFetchFails_reportsVeniceAfterBoundedRetries() {
    wm.stubFor(get(PATH).willReturn(error(503, "down")));
    posts(minted());

    Throwable e = catchThrowable(() -> minter().mint(KeySpec.builder().noLimit().build()));

    assertThat(e).isInstanceOf(io.keymint.venice.ServerException.class);
    wm.verify(client.maxRetries() + 1, getRequestedFor(urlEqualTo(PATH)));
    wm.verify(0, postRequestedFor(urlEqualTo(PATH)));
  }

  // ---- orphans of ambiguous attempts, against a scripted Venice ----

  private static final String ADMIN = "VENICE_ADMIN_KEY_faultTestAdmin0123456789abcdefghijklmn";

  static {
    io.keymint.testing.LeakWatch.secret(ADMIN);
  }

  private static String listed(String id, String description, java.time.Instant createdAt) {
    return "{\"id\":\""
        + id
        + "\",\"apiKeyType\":\"INFERENCE\",\"description\":\""
        + description
        + "\",\"createdAt\":\""
        + createdAt
        + "\",\"expiresAt\":null,\"lastUsedAt\":null,\"last6Chars\":\"abcdef\","
        + "\"consumptionLimits\":{\"usd\":null,\"diem\":null,\"vcu\":null},"
        + "\"limitPeriod\":\"EPOCH\",\"modelPrivacy\":\"ALL\"}";
  }

  private Web3KeyMinter minterWithAdmin() {
    return Web3KeyMinter.builder()
        .verify(false)
        .adminKey(io.keymint.ApiKeySecret.of(ADMIN))
        .client(client)
        .wallet(WalletSource.privateKey(TestKeys.VECTOR_PRIVATE_KEY.toCharArray()))
        .sink(SecretSink.file(keyFile))
        .build();
  }

  @Test
  void mint_resetAfterPost_withAdminKey_revokesOnlyTheOrphanInTheWindow() throws Exception {
    java.time.Instant now = java.time.Instant.now();
    tokens("h.p.tok");
    posts(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER), minted());
    wm.stubFor(
        get(urlEqualTo("/api/v1/api_keys/k-1"))
            .willReturn(json(200, "{\"data\":" + listed("k-1", "Web3 API Key", now) + "}")));
    wm.stubFor(
        get(urlEqualTo("/api/v1/api_keys"))
            .willReturn(
                json(
                    200,
                    "{\"object\":\"list\",\"data\":["
                        + listed("k-1", "Web3 API Key", now)
                        + ","
                        + listed("orphan-1", "Web3 API Key", now)
                        + ","
                        + listed("old-1", "Web3 API Key", now.minus(Duration.ofHours(1)))
                        + ","
                        + listed("other-1", "agent-x", now)
                        + "]}")));
    wm.stubFor(
        com.github.tomakehurst.wiremock.client.WireMock.delete(
                urlEqualTo("/api/v1/api_keys?id=orphan-1"))
            .willReturn(json(200, "{\"success\":true}")));

    MintResult result = minterWithAdmin().mint(KeySpec.builder().noLimit().build());

    assertThat(result.ambiguousAttempts()).isEqualTo(1);
    assertThat(result.orphans().orElseThrow().revoked()).containsExactly("orphan-1");
    assertThat(result.orphans().orElseThrow().failure()).isEmpty();
    assertThat(
            wm.findAll(
                com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor(
                    com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo(
                        "/api/v1/api_keys"))))
        .hasSize(1);
    assertThat(
            wm.findAll(getRequestedFor(urlEqualTo("/api/v1/api_keys")))
                .get(0)
                .getHeader("Authorization"))
        .isEqualTo("Bearer " + ADMIN);
    assertThat(storedSecret()).isEqualTo(SECRET + "\n");
  }

  @Test
  void mint_ambiguous_listingFails_keepsTheKeyAndReportsTheWindow() throws Exception {
    tokens("h.p.tok");
    posts(error(502, "Bad gateway"), minted());
    wm.stubFor(get(urlEqualTo("/api/v1/api_keys")).willReturn(error(503, "down")));

    MintResult result = minterWithAdmin().mint(KeySpec.builder().noLimit().build());

    OrphanCheck c = result.orphans().orElseThrow();
    assertThat(c.searched()).isFalse();
    assertThat(c.failure()).get().asString().contains("listing the account's keys failed");
    assertThat(c.advice("k-1")).contains("created between").contains("other than k-1");
    assertThat(storedSecret()).isEqualTo(SECRET + "\n");
  }

  // ---- the check after the mint, against a hostile Venice ----

  private Web3KeyMinter verifyingMinter(VeniceClient with) {
    return Web3KeyMinter.builder()
        .client(with)
        .wallet(WalletSource.privateKey(TestKeys.VECTOR_PRIVATE_KEY.toCharArray()))
        .sink(SecretSink.file(keyFile))
        .build();
  }

  @Test
  void verify_garbledAnswer_keyStored_notVerifiedNotRefused() throws Exception {
    tokens("h.p.tok");
    posts(minted());
    wm.stubFor(
        get(urlEqualTo("/api/v1/api_keys/rate_limits"))
            .willReturn(json(200, "{\"data\":{\"accessPermitted\":tr")));

    Throwable e =
        catchThrowable(() -> verifyingMinter(client).mint(KeySpec.builder().noLimit().build()));

    assertThat(e).isInstanceOf(KeyNotVerifiedException.class);
    assertThat(((KeyNotVerifiedException) e).refused()).isFalse();
    assertThat(e.getMessage()).contains("could not be checked").doesNotContain(SECRET);
    assertThat(storedSecret()).isEqualTo(SECRET + "\n");
    assertThat(
            wm.findAll(getRequestedFor(urlEqualTo("/api/v1/api_keys/rate_limits")))
                .get(0)
                .getHeader("Authorization"))
        .isEqualTo("Bearer " + SECRET); // the check uses the new key itself
  }

  @Test
  void verify_answerSlowerThanTheReadTimeout_givesUp_keyStored() throws Exception {
    tokens("h.p.tok");
    posts(minted());
    wm.stubFor(
        get(urlEqualTo("/api/v1/api_keys/rate_limits"))
            .willReturn(json(200, "{\"data\":{}}").withFixedDelay(3_000)));
    try (VeniceClient impatient =
        client.newBuilder().readTimeout(Duration.ofMillis(200)).maxRetries(0).build()) {

      Throwable e =
          catchThrowable(
              () -> verifyingMinter(impatient).mint(KeySpec.builder().noLimit().build()));

      assertThat(e).isInstanceOf(KeyNotVerifiedException.class);
      assertThat(e.getCause()).isInstanceOf(VeniceConnectionException.class);
      assertThat(storedSecret()).isEqualTo(SECRET + "\n");
    }
  }
}
