package io.keymint.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keymint.internal.Json;
import io.keymint.testing.TestClock;
import io.keymint.venice.ApiKeyType;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class VeniceEmulatorAdminTest {
  private final TestClock clock = new TestClock(Instant.parse("2026-05-06T10:15:30.250Z"));
  private VeniceEmulator venice;
  private Http http;
  private String admin;

  @BeforeEach
  void start() {
    venice =
        VeniceEmulator.builder()
            .clock(clock)
            .keyCreationLimit(3, Duration.ofSeconds(10))
            .maxActiveKeys(5)
            .start();
    http = new Http(venice);
    admin = venice.createKey(ApiKeyType.ADMIN, "admin");
  }

  @AfterEach
  void stop() {
    venice.close();
  }

  // ---- authentication matrix ----

  @Test
  void adminRoute_withoutAuthorization_is402WithX402DiscoveryAndHeader() {
    Http.Res r = http.get("/api_keys", null);

    assertThat(r.status()).isEqualTo(402);
    assertThat(r.body().path("x402Version").asInt()).isEqualTo(2);
    assertThat(r.error()).isEqualTo("Authentication required");
    assertThat(r.body().path("resource").path("url").asText()).endsWith("/api/v1/api_keys");
    assertThat(r.body().path("accepts").isArray()).isTrue();
    assertThat(r.body().has("extensions")).isTrue();
    assertThat(r.body().has("authOptions")).isTrue();
    String header = r.header("PAYMENT-REQUIRED");
    assertThat(header).isNotNull();
    assertThat(new String(Base64.getDecoder().decode(header), StandardCharsets.UTF_8))
        .contains("\"x402Version\":2");
  }

  @Test
  void adminRoute_unknownKey_is401AuthenticationFailed() {
    Http.Res r = http.get("/api_keys", "VENICE_ADMIN_KEY_nope");

    assertThat(r.status()).isEqualTo(401);
    assertThat(r.body().toString()).isEqualTo("{\"error\":\"Authentication failed\"}");
  }

  @Test
  void adminRoute_notBearer_is401AuthenticationFailed() {
    Http.Res r =
        http.send(http.request("/api_keys", null).header("Authorization", "Basic " + admin).GET());

    assertThat(r.status()).isEqualTo(401);
    assertThat(r.error()).isEqualTo("Authentication failed");
  }

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource({
    "GET, /api_keys",
    "POST, /api_keys",
    "DELETE, /api_keys?id=x",
    "GET, /api_keys/x",
    "GET, /api_keys/rate_limits/log"
  })
  void adminRoute_inferenceKey_is401AdminApiKeyRequired(String method, String path) {
    String inference = venice.createKey(ApiKeyType.INFERENCE, "inf");

    Http.Res r =
        switch (method) {
          case "GET" -> http.get(path, inference);
          case "POST" -> http.post(path, inference, "{}");
          case "DELETE" -> http.delete(path, inference);
          default -> throw new IllegalArgumentException(method);
        };
    assertThat(r.status()).isEqualTo(401);
    assertThat(r.error()).isEqualTo("Admin API key required");
  }

  @Test
  void rateLimits_inferenceKey_isAllowed() {
    String inference = venice.createKey(ApiKeyType.INFERENCE, "inf");

    assertThat(http.get("/api_keys/rate_limits", inference).status()).isEqualTo(200);
  }

  @Test
  void adminRoute_revokedKey_is401() {
    String other = venice.createKey(ApiKeyType.ADMIN, "other");
    String otherId = http.get("/api_keys", admin).body().path("data").get(0).path("id").asText();
    assertThat(http.delete("/api_keys?id=" + otherId, admin).status()).isEqualTo(200);

    assertThat(http.get("/api_keys", other).error()).isEqualTo("Authentication failed");
  }

  @Test
  void adminRoute_expiredKey_is401() {
    ObjectNode body = createBody("ADMIN", "short-lived");
    body.put("expiresAt", "2026-05-06T11:00:00Z");
    String shortLived =
        http.post("/api_keys", admin, body).body().path("data").path("apiKey").asText();
    assertThat(http.get("/api_keys", shortLived).status()).isEqualTo(200);

    clock.advance(Duration.ofHours(1));

    assertThat(http.get("/api_keys", shortLived).error()).isEqualTo("Authentication failed");
  }

  // ---- GET /api_keys ----

  @Test
  void list_showsActiveKeysNewestFirstWithApiKeyShape() {
    String first = createdId(createBody("INFERENCE", "first"));
    clock.advance(Duration.ofSeconds(1));
    ObjectNode capped = createBody("INFERENCE", "capped");
    capped.putObject("consumptionLimit").put("usd", 50).put("diem", 10);
    capped.put("limitPeriod", "MONTH");
    String second = createdId(capped);

    Http.Res r = http.get("/api_keys", admin);

    assertThat(r.status()).isEqualTo(200);
    assertThat(fieldNames(r.body())).containsExactly("object", "data");
    assertThat(r.body().path("object").asText()).isEqualTo("list");
    JsonNode data = r.body().path("data");
    assertThat(data.size()).isEqualTo(3);
    assertThat(data.get(0).path("id").asText()).isEqualTo(second);
    assertThat(data.get(1).path("id").asText()).isEqualTo(first);
    assertThat(data.get(2).path("description").asText()).isEqualTo("admin");
    JsonNode key = data.get(0);
    assertThat(fieldNames(key))
        .containsExactly(
            "id",
            "apiKeyType",
            "description",
            "createdAt",
            "expiresAt",
            "lastUsedAt",
            "last6Chars",
            "consumptionLimits",
            "limitPeriod",
            "modelPrivacy",
            "usage",
            "currentPeriodUsage");
    assertThat(key.path("createdAt").asText()).isEqualTo("2026-05-06T10:15:31.250Z");
    assertThat(key.path("expiresAt").isNull()).isTrue();
    assertThat(key.path("lastUsedAt").isNull()).isTrue();
    assertThat(key.path("consumptionLimits").toString())
        .isEqualTo("{\"usd\":50,\"diem\":10,\"vcu\":null}");
    assertThat(key.path("limitPeriod").asText()).isEqualTo("MONTH");
    assertThat(key.path("usage").toString())
        .isEqualTo(
            "{\"trailingSevenDays\":{\"usd\":\"0.0000\",\"vcu\":\"0.0000\",\"diem\":\"0.0000\"}}");
    assertThat(key.path("currentPeriodUsage").toString())
        .isEqualTo("{\"usd\":\"0.0000\",\"diem\":\"0.0000\"}");
    assertThat(data.get(1).has("currentPeriodUsage")).isFalse();
    assertThat(r.body().toString()).doesNotContain("VENICE_");
  }

  @Test
  void list_stampsLastUsedAtOfTheCaller() {
    http.get("/api_keys", admin);

    JsonNode self = http.get("/api_keys", admin).body().path("data").get(0);

    assertThat(self.path("lastUsedAt").asText()).isEqualTo("2026-05-06T10:15:30.250Z");
    assertThat(self.path("last6Chars").asText()).isEqualTo(admin.substring(admin.length() - 6));
  }

  @Test
  void list_hidesExpiredKeys() {
    ObjectNode body = createBody("INFERENCE", "soon");
    body.put("expiresAt", "2026-05-07");
    createdId(body);
    assertThat(http.get("/api_keys", admin).body().path("data").size()).isEqualTo(2);

    clock.advance(Duration.ofDays(1));

    assertThat(http.get("/api_keys", admin).body().path("data").size()).isEqualTo(1);
  }

  @Test
  void list_showsOnlyTheCallersAccount() {
    try (VeniceEmulator v = VeniceEmulator.builder().staker(Http.ADDRESS).start()) {
      Http h = new Http(v);
      String seeded = v.createKey(ApiKeyType.ADMIN, "seeded");
      ObjectNode mint = Http.mintBody(h.token());
      mint.put("apiKeyType", "ADMIN");
      String minted = h.mint(mint).body().path("data").path("apiKey").asText();

      assertThat(h.get("/api_keys", seeded).body().path("data").size()).isEqualTo(1);
      JsonNode walletKeys = h.get("/api_keys", minted).body().path("data");
      assertThat(walletKeys.size()).isEqualTo(1);
      assertThat(walletKeys.get(0).path("description").asText()).isEqualTo("Web3 API Key");
    }
  }

  // ---- POST /api_keys ----

  @Test
  void create_returnsSuccessEnvelopeWithSecretAndExactEcho() {
    ObjectNode body = createBody("INFERENCE", "backend");
    body.putObject("consumptionLimit").put("usd", 0).put("diem", 2.5);
    body.put("modelPrivacy", "PRIVATE_TEXT");

    Http.Res r = http.post("/api_keys", admin, body);

    assertThat(r.status()).isEqualTo(200);
    assertThat(r.body().path("success").asBoolean()).isTrue();
    JsonNode data = r.body().path("data");
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
    assertThat(data.path("apiKey").asText()).startsWith("VENICE_INFERENCE_KEY_");
    // no echo quirk on this route
    assertThat(data.path("consumptionLimit").toString())
        .isEqualTo("{\"usd\":0,\"diem\":2.5,\"vcu\":null}");
    assertThat(data.path("limitPeriod").asText()).isEqualTo("EPOCH");
    assertThat(data.path("modelPrivacy").asText()).isEqualTo("PRIVATE_TEXT");
    assertThat(io.keymint.testing.Emulators.secrets(venice)).contains(data.path("apiKey").asText());
    assertThat(venice.mintCount()).isZero();
  }

  @Test
  void create_descriptionRequiredAndAtMost64() {
    ObjectNode body = Json.object();
    body.put("apiKeyType", "INFERENCE");
    assertThat(
            http.post("/api_keys", admin, body)
                .body()
                .path("details")
                .path("description")
                .path("_errors")
                .get(0)
                .asText())
        .isEqualTo("Field is required");

    body.put("description", "x".repeat(65));
    Http.Res r = http.post("/api_keys", admin, body);

    assertThat(r.status()).isEqualTo(400);
    assertThat(r.body().path("issues").get(0).path("code").asText()).isEqualTo("too_big");
    assertThat(r.body().path("issues").get(0).path("message").asText())
        .isEqualTo("String must contain at most 64 character(s)");
  }

  @Test
  void create_overRateInWindow_is429WithRetryAfter() {
    createdId(createBody("INFERENCE", "1"));
    clock.advance(Duration.ofSeconds(4));
    createdId(createBody("INFERENCE", "2"));
    createdId(createBody("INFERENCE", "3"));

    Http.Res r = http.post("/api_keys", admin, createBody("INFERENCE", "4"));

    assertThat(r.status()).isEqualTo(429);
    assertThat(r.body().toString()).isEqualTo("{\"error\":\"Rate limit exceeded\"}");
    assertThat(r.header("Retry-After")).isEqualTo("6");

    JsonNode log = http.get("/api_keys/rate_limits/log", admin).body();
    assertThat(log.path("object").asText()).isEqualTo("list");
    JsonNode entry = log.path("data").get(0);
    assertThat(fieldNames(entry))
        .containsExactly("apiKeyId", "modelId", "rateLimitTier", "rateLimitType", "timestamp");
    assertThat(entry.path("rateLimitTier").asText()).isEqualTo("paid");

    clock.advance(Duration.ofSeconds(6));
    assertThat(http.post("/api_keys", admin, createBody("INFERENCE", "4")).status()).isEqualTo(200);
  }

  @Test
  void create_atActiveKeyCeiling_is400UntilOneIsRevoked() {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      clock.advance(Duration.ofSeconds(10));
      ids.add(createdId(createBody("INFERENCE", "k" + i)));
    }
    clock.advance(Duration.ofSeconds(10));

    Http.Res r = http.post("/api_keys", admin, createBody("INFERENCE", "one too many"));

    assertThat(r.status()).isEqualTo(400);
    assertThat(r.error())
        .isEqualTo(
            "Maximum number of active API keys (5) reached. Delete unused API keys and try again.");
    assertThat(venice.activeKeyCount()).isEqualTo(5);

    http.delete("/api_keys?id=" + ids.get(0), admin);
    assertThat(http.post("/api_keys", admin, createBody("INFERENCE", "fits again")).status())
        .isEqualTo(200);
  }

  @Test
  void create_withoutJsonContentType_is400() {
    Http.Res r =
        http.send(
            http.request("/api_keys", admin)
                .POST(Http.body(createBody("INFERENCE", "x").toString())));

    assertThat(r.error()).isEqualTo("'Content-Type' must be 'application/json'");
  }

  // ---- PATCH /api_keys ----

  @Test
  void update_changesOnlySentFieldsAndReturnsPatchShape() {
    ObjectNode body = createBody("INFERENCE", "before");
    body.put("expiresAt", "2027-01-01");
    body.putObject("consumptionLimit").put("usd", 10).put("diem", 20);
    String id = createdId(body);

    ObjectNode patch = Json.object();
    patch.put("id", id);
    patch.put("description", "after");
    patch.putObject("consumptionLimit").put("usd", 15);
    patch.put("modelPrivacy", "PRIVATE_ONLY");
    Http.Res r = http.patch("/api_keys", admin, patch);

    assertThat(r.status()).isEqualTo(200);
    assertThat(r.body().path("success").asBoolean()).isTrue();
    JsonNode data = r.body().path("data");
    assertThat(fieldNames(data))
        .containsExactly(
            "id",
            "apiKeyType",
            "description",
            "createdAt",
            "expiresAt",
            "lastUsedAt",
            "last6Chars",
            "consumptionLimits",
            "limitPeriod",
            "modelPrivacy");
    assertThat(data.path("description").asText()).isEqualTo("after");
    assertThat(data.path("expiresAt").asText()).isEqualTo("2027-01-01T00:00:00.000Z");
    assertThat(data.path("consumptionLimits").toString())
        .isEqualTo("{\"usd\":15,\"diem\":20,\"vcu\":null}");
    assertThat(data.path("limitPeriod").asText()).isEqualTo("EPOCH");
    assertThat(data.path("modelPrivacy").asText()).isEqualTo("PRIVATE_ONLY");
  }

  @ParameterizedTest(name = "expiresAt: {0}")
  @ValueSource(strings = {"null", "\"\""})
  void update_nullOrEmptyExpiresAt_removesTheExpiry(String removal) {
    ObjectNode body = createBody("INFERENCE", "expiring");
    body.put("expiresAt", "2027-01-01T00:00:00.000Z");
    String id = createdId(body);
    clock.advance(Duration.ofSeconds(10));

    Http.Res r =
        http.patch(
            "/api_keys", admin, parse("{\"id\":\"" + id + "\",\"expiresAt\":" + removal + "}"));

    assertThat(r.body().path("data").path("expiresAt").isNull()).as(removal).isTrue();
    assertThat(http.get("/api_keys/" + id, admin).body().path("data").path("expiresAt").isNull())
        .isTrue();
  }

  @Test
  void update_nullCap_removesThatCapOnly() {
    ObjectNode body = createBody("INFERENCE", "capped");
    body.putObject("consumptionLimit").put("usd", 10).put("diem", 20);
    String id = createdId(body);

    Http.Res r =
        http.patch(
            "/api_keys",
            admin,
            parse("{\"id\":\"" + id + "\",\"consumptionLimit\":{\"usd\":null}}"));

    assertThat(r.body().path("data").path("consumptionLimits").toString())
        .isEqualTo("{\"usd\":null,\"diem\":20,\"vcu\":null}");
    http.patch(
        "/api_keys", admin, parse("{\"id\":\"" + id + "\",\"consumptionLimit\":{\"diem\":null}}"));
    JsonNode stored = http.get("/api_keys/" + id, admin).body().path("data");
    assertThat(stored.path("consumptionLimits").toString())
        .isEqualTo("{\"usd\":null,\"diem\":null,\"vcu\":null}");
    assertThat(stored.has("currentPeriodUsage")).isFalse();
  }

  @Test
  void update_apiKeyType_isRefusedAsUnknownField() {
    String id = createdId(createBody("INFERENCE", "x"));

    Http.Res r =
        http.patch("/api_keys", admin, parse("{\"id\":\"" + id + "\",\"apiKeyType\":\"ADMIN\"}"));

    assertThat(r.status()).isEqualTo(400);
    assertThat(r.error()).isEqualTo("Invalid request parameters");
    assertThat(r.body().path("issues").get(0).path("keys").toString())
        .isEqualTo("[\"apiKeyType\"]");
  }

  @Test
  void update_unknownId_saysNotFoundOrExpired() {
    Http.Res r =
        http.patch("/api_keys", admin, parse("{\"id\":\"00000000-0000-0000-0000-000000000000\"}"));

    assertThat(r.status()).isEqualTo(400);
    assertThat(r.error()).isEqualTo("API key not found or expired");
  }

  @Test
  void update_missingId_isDetailedError() {
    Http.Res r = http.patch("/api_keys", admin, parse("{\"description\":\"x\"}"));

    assertThat(r.body().path("details").path("id").path("_errors").get(0).asText())
        .isEqualTo("Field is required");
  }

  // ---- DELETE /api_keys ----

  @Test
  void delete_byQuery_revokesImmediately() {
    String id = createdId(createBody("INFERENCE", "gone"));

    Http.Res r = http.delete("/api_keys?id=" + id, admin);

    assertThat(r.status()).isEqualTo(200);
    assertThat(r.body().toString()).isEqualTo("{\"success\":true}");
    assertThat(http.get("/api_keys/" + id, admin).error()).isEqualTo("API key not found");
    assertThat(http.delete("/api_keys?id=" + id, admin).error())
        .isEqualTo("API key could not be found");
  }

  @Test
  void delete_byJsonBody_revokes() {
    String id = createdId(createBody("INFERENCE", "gone"));

    Http.Res r =
        http.send(
            http.request("/api_keys", admin)
                .header("Content-Type", "application/json")
                .method("DELETE", Http.body("{\"id\":\"" + id + "\"}")));

    assertThat(r.body().toString()).isEqualTo("{\"success\":true}");
    assertThat(venice.activeKeyCount()).isEqualTo(1);
  }

  @Test
  void delete_unknownId_saysCouldNotBeFound() {
    Http.Res r = http.delete("/api_keys?id=nope", admin);

    assertThat(r.status()).isEqualTo(400);
    assertThat(r.error()).isEqualTo("API key could not be found");
  }

  // ---- GET /api_keys/{id} ----

  @Test
  void details_returnsDataEnvelope() {
    String id = createdId(createBody("ADMIN", "details"));

    Http.Res r = http.get("/api_keys/" + id, admin);

    assertThat(r.status()).isEqualTo(200);
    assertThat(fieldNames(r.body())).containsExactly("data");
    assertThat(r.body().path("data").path("id").asText()).isEqualTo(id);
    assertThat(r.body().path("data").path("apiKeyType").asText()).isEqualTo("ADMIN");
  }

  @Test
  void details_unknownId_saysNotFound() {
    Http.Res r = http.get("/api_keys/00000000-0000-0000-0000-000000000000", admin);

    assertThat(r.status()).isEqualTo(400);
    assertThat(r.error()).isEqualTo("API key not found");
  }

  // ---- rate limits ----

  @Test
  void rateLimits_hasSpecShapeAndNextUtcMidnight() {
    Http.Res r = http.get("/api_keys/rate_limits", admin);

    assertThat(r.status()).isEqualTo(200);
    JsonNode data = r.body().path("data");
    assertThat(fieldNames(data))
        .containsExactly(
            "accessPermitted",
            "apiTier",
            "balances",
            "keyExpiration",
            "nextEpochBegins",
            "rateLimits");
    assertThat(data.path("apiTier").toString()).isEqualTo("{\"id\":\"paid\",\"isCharged\":true}");
    assertThat(fieldNames(data.path("balances"))).containsExactly("USD", "DIEM", "BUNDLED_CREDITS");
    assertThat(data.path("keyExpiration").isNull()).isTrue();
    assertThat(data.path("nextEpochBegins").asText()).isEqualTo("2026-05-07T00:00:00.000Z");
    JsonNode model = data.path("rateLimits").get(0);
    assertThat(model.path("apiModelId").asText()).isNotBlank();
    assertThat(model.path("rateLimits").get(0).path("type").asText()).isIn("RPM", "RPD", "TPM");
  }

  @Test
  void rateLimitLog_emptyAtFirst() {
    assertThat(http.get("/api_keys/rate_limits/log", admin).body().toString())
        .isEqualTo("{\"object\":\"list\",\"data\":[]}");
  }

  private ObjectNode createBody(String type, String description) {
    ObjectNode body = Json.object();
    body.put("apiKeyType", type);
    body.put("description", description);
    return body;
  }

  private String createdId(ObjectNode body) {
    Http.Res r = http.post("/api_keys", admin, body);
    assertThat(r.status()).as(r.body().toString()).isEqualTo(200);
    return r.body().path("data").path("id").asText();
  }

  private static JsonNode parse(String json) {
    try {
      return Json.parse(json.getBytes(StandardCharsets.UTF_8));
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
  }

  private static List<String> fieldNames(JsonNode node) {
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }
}
