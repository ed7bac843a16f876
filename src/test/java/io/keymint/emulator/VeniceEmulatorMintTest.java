package io.keymint.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keymint.internal.Json;
import io.keymint.testing.TestClock;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.ECKeyPair;

class VeniceEmulatorMintTest {
  private static final String MINT = "/api_keys/generate_web3_key";

  private final TestClock clock = new TestClock(Instant.parse("2026-05-06T10:00:00Z"));
  private VeniceEmulator venice;
  private Http http;

  @BeforeEach
  void start() {
    venice = VeniceEmulator.builder().clock(clock).staker(Http.ADDRESS.toLowerCase()).start();
    http = new Http(venice);
  }

  @AfterEach
  void stop() {
    venice.close();
  }

  @Test
  void token_isHs256JwtWithIssAudAndFifteenMinuteExpiry() {
    Http.Res r = http.get(MINT, null);

    assertThat(r.status()).isEqualTo(200);
    assertThat(r.body().path("success").asBoolean()).isTrue();
    String[] parts = r.body().path("data").path("token").asText().split("\\.");
    assertThat(parts).hasSize(3);
    JsonNode header = decode(parts[0]);
    JsonNode claims = decode(parts[1]);
    assertThat(header.path("alg").asText()).isEqualTo("HS256");
    assertThat(claims.path("iss").asText()).isEqualTo("venice-emulator");
    assertThat(claims.path("aud").asText()).isEqualTo("venice-api-keys");
    assertThat(claims.path("iat").asLong()).isEqualTo(clock.instant().getEpochSecond());
    assertThat(claims.path("exp").asLong() - claims.path("iat").asLong()).isEqualTo(900);
    assertThat(claims.path("jti").asText()).isNotBlank();
  }

  @Test
  void mint_validRequest_returnsExactShapeAndCountsTheMint() {
    Http.Res r = http.mint(Http.mintBody(http.token()));

    assertThat(r.status()).isEqualTo(200);
    assertThat(r.header("Content-Type")).isEqualTo("application/json");
    assertThat(r.header("CF-RAY")).matches("[0-9a-f]{16}-EMU");
    assertThat(r.header("x-venice-version")).isNotBlank();
    JsonNode body = r.body();
    assertThat(fieldNames(body)).containsExactly("success", "data");
    JsonNode data = body.get("data");
    assertThat(fieldNames(data))
        .containsExactly(
            "id",
            "apiKey",
            "apiKeyType",
            "description",
            "expiresAt",
            "consumptionLimit",
            "limitPeriod",
            "modelPrivacy");
    assertThat(data.get("id").asText())
        .matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    assertThat(data.get("apiKey").asText()).matches("VENICE_INFERENCE_KEY_[A-Za-z0-9_-]{43}");
    assertThat(data.get("apiKeyType").asText()).isEqualTo("INFERENCE");
    assertThat(data.get("description").asText()).isEqualTo("Web3 API Key");
    assertThat(data.get("expiresAt").isNull()).isTrue();
    assertThat(data.get("consumptionLimit").toString())
        .isEqualTo("{\"usd\":null,\"diem\":null,\"vcu\":null}");
    assertThat(data.get("limitPeriod").asText()).isEqualTo("EPOCH");
    assertThat(data.get("modelPrivacy").asText()).isEqualTo("ALL");
    assertThat(venice.mintCount()).isEqualTo(1);
    assertThat(io.keymint.testing.Emulators.secrets(venice))
        .containsExactly(data.get("apiKey").asText());
    assertThat(venice.activeKeyCount()).isEqualTo(1);
    assertThat(venice.issuedSecrets().toString()) // a failing assertion prints no secret
        .doesNotContain(data.get("apiKey").asText());
  }

  @Test
  void mint_allOptionalFields_areStoredAndEchoed() {
    ObjectNode body = Http.mintBody(http.token());
    body.put("apiKeyType", "ADMIN");
    body.put("description", "agent");
    body.put("expiresAt", "2026-12-31T23:59:59Z");
    body.putObject("consumptionLimit").put("usd", 50);
    body.put("limitPeriod", "MONTH");
    body.put("modelPrivacy", "PRIVATE_ONLY");

    JsonNode data = http.mint(body).body().get("data");

    assertThat(data.get("apiKey").asText()).startsWith("VENICE_ADMIN_KEY_");
    assertThat(data.get("description").asText()).isEqualTo("agent");
    assertThat(data.get("expiresAt").asText()).isEqualTo("2026-12-31T23:59:59.000Z");
    assertThat(data.get("consumptionLimit").toString())
        .isEqualTo("{\"usd\":50,\"diem\":null,\"vcu\":null}");
    assertThat(data.get("limitPeriod").asText()).isEqualTo("MONTH");
    assertThat(data.get("modelPrivacy").asText()).isEqualTo("PRIVATE_ONLY");
  }

  @Test
  void mint_dateOnlyExpiry_meansStartOfThatDayUtc() {
    ObjectNode body = Http.mintBody(http.token());
    body.put("expiresAt", "2026-12-31");

    assertThat(http.mint(body).body().path("data").path("expiresAt").asText())
        .isEqualTo("2026-12-31T00:00:00.000Z");
  }

  @Test
  void mint_diemOnlyAndUsdZero_echoAsNullButAreStored() {
    ObjectNode body = Http.mintBody(http.token());
    body.put("apiKeyType", "ADMIN");
    body.putObject("consumptionLimit").put("usd", 0).put("diem", 5);

    JsonNode data = http.mint(body).body().get("data");

    assertThat(data.get("consumptionLimit").toString())
        .isEqualTo("{\"usd\":null,\"diem\":null,\"vcu\":null}");
    String admin = data.get("apiKey").asText();
    JsonNode stored = http.get("/api_keys/" + data.get("id").asText(), admin).body().path("data");
    assertThat(stored.get("consumptionLimits").toString())
        .isEqualTo("{\"usd\":0,\"diem\":5,\"vcu\":null}");
  }

  @Test
  void mint_vcuSent_echoesAsDiemAndVcu() {
    ObjectNode body = Http.mintBody(http.token());
    body.putObject("consumptionLimit").put("vcu", 7);

    JsonNode limit = http.mint(body).body().path("data").get("consumptionLimit");

    assertThat(limit.toString()).isEqualTo("{\"usd\":null,\"diem\":7,\"vcu\":7}");
  }

  @Test
  void mint_lowerCaseAddress_isAccepted() {
    ObjectNode body = Http.mintBody(http.token());
    body.put("address", Http.ADDRESS.toLowerCase());

    assertThat(http.mint(body).status()).isEqualTo(200);
  }

  // ---- transport-level failures ----

  @Test
  void mint_withoutJsonContentType_saysContentTypeMustBeJson() {
    Http.Res r =
        http.send(
            http.request(MINT, null)
                .header("Content-Type", "text/plain")
                .POST(Http.body(Http.mintBody(http.token()).toString())));

    assertThat(r.status()).isEqualTo(400);
    assertThat(r.error()).isEqualTo("'Content-Type' must be 'application/json'");
  }

  @Test
  void mint_brokenJson_saysInvalidJsonRequest() {
    Http.Res r = http.post(MINT, null, "{\"address\":");

    assertThat(r.status()).isEqualTo(400);
    assertThat(r.error()).isEqualTo("Invalid JSON request");
  }

  @Test
  void mint_bodyOver64KiB_is413() {
    ObjectNode body = Http.mintBody(http.token());
    body.put("description", "x".repeat(70_000));

    Http.Res r = http.mint(body);

    assertThat(r.status()).isEqualTo(413);
    assertThat(r.body().path("code").asText()).isEqualTo("PAYLOAD_TOO_LARGE");
  }

  // ---- 1. schema ----

  @Test
  void mint_unknownField_isDetailedErrorAtObjectLevel() {
    ObjectNode body = Http.mintBody(http.token());
    body.put("wallet_address", Http.ADDRESS);

    Http.Res r = http.mint(body);

    assertThat(r.status()).isEqualTo(400);
    assertThat(r.error()).isEqualTo("Invalid request parameters");
    assertThat(r.body().path("details").path("_errors").toString())
        .isEqualTo("[\"Unrecognized key(s) in object: 'wallet_address'\"]");
    JsonNode issue = r.body().path("issues").get(0);
    assertThat(issue.path("code").asText()).isEqualTo("unrecognized_keys");
    assertThat(issue.path("keys").toString()).isEqualTo("[\"wallet_address\"]");
    assertThat(issue.path("path").size()).isZero();
    assertThat(venice.mintCount()).isZero();
  }

  @Test
  void mint_nullDescription_isDetailedErrorOnThatField() {
    ObjectNode body = Http.mintBody(http.token());
    body.putNull("description");

    Http.Res r = http.mint(body);

    assertThat(r.status()).isEqualTo(400);
    assertThat(r.error()).isEqualTo("Invalid request parameters");
    assertThat(r.body().path("details").toString())
        .isEqualTo(
            "{\"_errors\":[],\"description\":{\"_errors\":[\"Expected string, received null\"]}}");
    JsonNode issue = r.body().path("issues").get(0);
    assertThat(issue.path("code").asText()).isEqualTo("invalid_type");
    assertThat(issue.path("path").toString()).isEqualTo("[\"description\"]");
    assertThat(issue.path("message").asText()).isEqualTo("Expected string, received null");
  }

  @Test
  void mint_missingRequiredFields_listsEachOne() {
    Http.Res r = http.post(MINT, null, "{}");

    assertThat(r.status()).isEqualTo(400);
    assertThat(fieldNames(r.body().path("details")))
        .containsExactly("_errors", "address", "signature", "token", "apiKeyType");
    assertThat(r.body().path("details").path("token").path("_errors").get(0).asText())
        .isEqualTo("Field is required");
    assertThat(r.body().path("issues").size()).isEqualTo(4);
  }

  @Test
  void mint_badEnumWrongTypeAndBadLimits_areReportedTogether() {
    ObjectNode body = Http.mintBody(http.token());
    body.put("apiKeyType", "SUPER");
    body.put("limitPeriod", 3);
    body.put("expiresAt", "tomorrow");
    body.putObject("consumptionLimit").put("usd", -1).put("diem", "5").put("eur", 1);

    Http.Res r = http.mint(body);

    assertThat(r.status()).isEqualTo(400);
    JsonNode details = r.body().path("details");
    assertThat(details.path("apiKeyType").path("_errors").get(0).asText())
        .isEqualTo("Invalid enum value. Expected 'INFERENCE' | 'ADMIN', received 'SUPER'");
    assertThat(details.path("limitPeriod").path("_errors").get(0).asText())
        .startsWith("Expected 'EPOCH'");
    assertThat(details.path("expiresAt").path("_errors").get(0).asText())
        .isEqualTo("Invalid input");
    JsonNode limit = details.path("consumptionLimit");
    assertThat(limit.path("_errors").get(0).asText())
        .isEqualTo("Unrecognized key(s) in object: 'eur'");
    assertThat(limit.path("usd").path("_errors").get(0).asText())
        .isEqualTo("Number must be greater than or equal to 0");
    assertThat(limit.path("diem").path("_errors").get(0).asText())
        .isEqualTo("Expected number, received string");
    assertThat(r.body().path("issues").size()).isEqualTo(6);
  }

  @Test
  void mint_limitAboveMax_isTooBig() {
    ObjectNode body = Http.mintBody(http.token());
    body.putObject("consumptionLimit").put("usd", 10_000_000_000L);

    Http.Res r = http.mint(body);

    assertThat(r.body().path("issues").get(0).path("code").asText()).isEqualTo("too_big");
    assertThat(r.body().path("issues").get(0).path("path").toString())
        .isEqualTo("[\"consumptionLimit\",\"usd\"]");
  }

  @Test
  void mint_nullCapInsideLimit_isAccepted() {
    ObjectNode body = Http.mintBody(http.token());
    body.putObject("consumptionLimit").putNull("usd").put("diem", 1.5);

    assertThat(http.mint(body).status()).isEqualTo(200);
  }

  @Test
  void mint_schemaErrorComesBeforeBadAddress() {
    ObjectNode body = Http.mintBody(http.token());
    body.put("address", "nope");
    body.put("extra", true);

    assertThat(http.mint(body).error()).isEqualTo("Invalid request parameters");
  }

  // ---- 2. address ----

  @Test
  void mint_badAddress_saysInvalidWalletAddress() {
    ObjectNode body = Http.mintBody("not-even-a-jwt");
    body.put("address", "0x1234");

    Http.Res r = http.mint(body);

    assertThat(r.status()).isEqualTo(400);
    assertThat(r.body().toString()).isEqualTo("{\"error\":\"Invalid wallet address\"}");
  }

  // ---- 3. JWT ----

  @Test
  void mint_notAJwt_saysJwtIsMalformed() {
    assertThat(http.mint(Http.mintBody("not-even-a-jwt")).error()).isEqualTo("JWT is malformed");
    assertThat(http.mint(Http.mintBody("a.b.c")).error()).isEqualTo("JWT is malformed");
  }

  @Test
  void mint_tamperedToken_saysJwtSignatureIsInvalid() {
    String[] parts = http.token().split("\\.");
    String forged =
        parts[0] + "." + parts[1] + "." + b64("{not our mac}".getBytes(StandardCharsets.UTF_8));

    Http.Res r = http.mint(Http.mintBody(forged));

    assertThat(r.status()).isEqualTo(400);
    assertThat(r.error()).isEqualTo("JWT signature is invalid");
  }

  @Test
  void mint_tokenOfAnotherEmulator_saysJwtSignatureIsInvalid() {
    try (VeniceEmulator other = VeniceEmulator.builder().start()) {
      String foreign = new Http(other).token();

      assertThat(http.mint(Http.mintBody(foreign)).error()).isEqualTo("JWT signature is invalid");
    }
  }

  @Test
  void mint_tokenWithOtherAudience_saysJwtClaimsAreInvalid() {
    ObjectNode claims = validClaims();
    claims.put("aud", "someone-else");

    Http.Res r = http.mint(Http.mintBody(venice.jwt().sign(claims)));

    assertThat(r.status()).isEqualTo(400);
    assertThat(r.error()).isEqualTo("JWT claims are invalid");
  }

  @Test
  void mint_tokenWithOtherIssuer_saysJwtClaimsAreInvalid() {
    ObjectNode claims = validClaims();
    claims.put("iss", "https://evil.example");

    assertThat(http.mint(Http.mintBody(venice.jwt().sign(claims))).error())
        .isEqualTo("JWT claims are invalid");
  }

  @Test
  void mint_forgedValidClaims_mint() {
    // proves the two tests above fail on the claim alone
    assertThat(http.mint(Http.mintBody(venice.jwt().sign(validClaims()))).status()).isEqualTo(200);
  }

  @Test
  void mint_expiredTokenWithBadClaims_saysClaimsFirst() {
    ObjectNode claims = validClaims();
    claims.put("aud", "x");
    claims.put("exp", 1);

    assertThat(http.mint(Http.mintBody(venice.jwt().sign(claims))).error())
        .isEqualTo("JWT claims are invalid");
  }

  @Test
  void mint_expiredToken_saysJwtHasExpired() {
    String token = http.token();
    clock.advance(Duration.ofMinutes(15));

    Http.Res r = http.mint(Http.mintBody(token));

    assertThat(r.status()).isEqualTo(400);
    assertThat(r.error()).isEqualTo("JWT has expired");
  }

  @Test
  void mint_tokenOneSecondBeforeExpiry_stillMints() {
    String token = http.token();
    clock.advance(Duration.ofMinutes(15).minusSeconds(1));

    assertThat(http.mint(Http.mintBody(token)).status()).isEqualTo(200);
  }

  @Test
  void mint_sameTokenTwice_secondSaysJwtHasAlreadyBeenUsed() {
    String token = http.token();
    assertThat(http.mint(Http.mintBody(token)).status()).isEqualTo(200);

    Http.Res again = http.mint(Http.mintBody(token));

    assertThat(again.status()).isEqualTo(400);
    assertThat(again.error()).isEqualTo("JWT has already been used");
    assertThat(venice.mintCount()).isEqualTo(1);
  }

  @Test
  void mint_tokenOfAFailedAttempt_canBeUsedAgain() {
    String token = http.token();
    venice.removeStaker(Http.ADDRESS);
    assertThat(http.mint(Http.mintBody(token)).status()).isEqualTo(400);
    venice.addStaker(Http.ADDRESS);

    assertThat(http.mint(Http.mintBody(token)).status()).isEqualTo(200);
  }

  // ---- 4. signature ----

  @Test
  void mint_signatureByAnotherWallet_saysWalletSignatureDoesNotMatch() {
    String token = http.token();
    ObjectNode body = Http.mintBody(token);
    body.put(
        "signature",
        io.keymint.testing.Web3jSigning.sign(token, ECKeyPair.create(BigInteger.valueOf(12345))));

    Http.Res r = http.mint(body);

    assertThat(r.status()).isEqualTo(400);
    assertThat(r.error()).isEqualTo("Wallet signature does not match");
  }

  @Test
  void mint_signatureOverAnotherMessage_saysWalletSignatureDoesNotMatch() {
    ObjectNode body = Http.mintBody(http.token());
    body.put("signature", io.keymint.testing.Web3jSigning.sign("something else", Http.WALLET));

    assertThat(http.mint(body).error()).isEqualTo("Wallet signature does not match");
  }

  @Test
  void mint_garbageSignature_saysWalletSignatureDoesNotMatch() {
    ObjectNode body = Http.mintBody(http.token());
    body.put("signature", "0xdeadbeef");

    assertThat(http.mint(body).error()).isEqualTo("Wallet signature does not match");
  }

  // ---- 5. RPC hook ----

  @Test
  void mint_failNextVerifications_failsThatManyThenMints() {
    venice.failNextVerifications(2);
    String token = http.token();

    assertThat(http.mint(Http.mintBody(token)).error())
        .isEqualTo("Could not verify wallet signature");
    assertThat(http.mint(Http.mintBody(token)).error())
        .isEqualTo("Could not verify wallet signature");
    assertThat(http.mint(Http.mintBody(token)).status()).isEqualTo(200);
  }

  @Test
  void mint_failNextVerifications_isNotSpentOnInvalidRequests() {
    venice.failNextVerifications(1);
    ObjectNode body = Http.mintBody(http.token());
    body.put("signature", io.keymint.testing.Web3jSigning.sign("other", Http.WALLET));
    assertThat(http.mint(body).error()).isEqualTo("Wallet signature does not match");

    assertThat(http.mint(Http.mintBody(http.token())).error())
        .isEqualTo("Could not verify wallet signature");
  }

  // ---- 6. stake ----

  @Test
  void mint_walletWithoutStake_saysHasNoStakedVvvOnBase() {
    venice.removeStaker(Http.ADDRESS.toUpperCase().replace("0X", "0x"));

    Http.Res r = http.mint(Http.mintBody(http.token()));

    assertThat(r.status()).isEqualTo(400);
    assertThat(r.error()).isEqualTo("Wallet " + Http.ADDRESS + " has no staked VVV on Base");
    assertThat(venice.mintCount()).isZero();
    assertThat(io.keymint.testing.Emulators.secrets(venice)).isEmpty();
  }

  @Test
  void mint_secondMintOfSameWallet_issuesAnotherKeyInTheSameAccount() {
    ObjectNode first = Http.mintBody(http.token());
    first.put("apiKeyType", "ADMIN");
    String admin = http.mint(first).body().path("data").path("apiKey").asText();
    http.mint(Http.mintBody(http.token()));

    JsonNode list = http.get("/api_keys", admin).body().path("data");

    assertThat(list.size()).isEqualTo(2);
    assertThat(venice.mintCount()).isEqualTo(2);
  }

  @Test
  void mint_atActiveKeyCeiling_isRefused() {
    try (VeniceEmulator small =
        VeniceEmulator.builder().staker(Http.ADDRESS).maxActiveKeys(1).start()) {
      Http h = new Http(small);
      assertThat(h.mint(Http.mintBody(h.token())).status()).isEqualTo(200);

      Http.Res r = h.mint(Http.mintBody(h.token()));

      assertThat(r.status()).isEqualTo(400);
      assertThat(r.error()).contains("Maximum number of active API keys (1)");
    }
  }

  private ObjectNode validClaims() {
    long now = clock.instant().getEpochSecond();
    ObjectNode claims = Json.object();
    claims.put("iss", "venice-emulator");
    claims.put("aud", "venice-api-keys");
    claims.put("iat", now);
    claims.put("exp", now + 900);
    claims.put("jti", "test-" + now + "-" + System.nanoTime());
    return claims;
  }

  private static JsonNode decode(String part) {
    try {
      return Json.parse(Base64.getUrlDecoder().decode(part));
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
  }

  private static String b64(byte[] bytes) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  private static List<String> fieldNames(JsonNode node) {
    List<String> names = new java.util.ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }
}
