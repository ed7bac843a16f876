package io.keymint.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keymint.testing.Emulators;
import io.keymint.testing.LeakWatch;
import io.keymint.venice.ApiKeyType;
import java.math.BigDecimal;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The emulator's issue-11 behaviour over real HTTP: the mint's echo quirk (reference §1.5), the
 * switches for admission, balances and a spent cap, the informational headers, {@code GET /models},
 * lost mint replies, and accounts per wallet.
 */
class VeniceEmulatorSwitchesTest {
  private VeniceEmulator venice;
  private Http http;

  @BeforeEach
  void start() {
    venice = Emulators.start(Http.ADDRESS);
    http = new Http(venice);
  }

  @AfterEach
  void stop() {
    Emulators.stop(venice);
  }

  /** Mints through the web3 flow with {@code limit} as consumptionLimit; returns data. */
  private JsonNode mint(String type, ObjectNode limit) {
    ObjectNode body = Http.mintBody(http.token());
    body.put("apiKeyType", type);
    if (limit != null) {
      body.set("consumptionLimit", limit);
    }
    Http.Res r = http.mint(body);
    assertThat(r.status()).as(r.raw().body()).isEqualTo(200);
    JsonNode data = r.body().get("data");
    LeakWatch.secret(data.get("apiKey").asText());
    return data;
  }

  private static ObjectNode limit(String field, int value) {
    ObjectNode o = io.keymint.internal.Json.object();
    o.put(field, value);
    return o;
  }

  @Test
  void mint_diemOnly_echoesNullButStoresTheCap() {
    String admin = mint("ADMIN", null).get("apiKey").asText();
    JsonNode minted = mint("INFERENCE", limit("diem", 5));

    assertThat(minted.path("consumptionLimit").get("diem").isNull()).isTrue();
    JsonNode stored = http.get("/api_keys/" + minted.get("id").asText(), admin).body();
    assertThat(stored.path("data").path("consumptionLimits").get("diem").asInt()).isEqualTo(5);
  }

  @Test
  void mint_usdZero_echoesNullButStoresZero() {
    String admin = mint("ADMIN", null).get("apiKey").asText();
    JsonNode minted = mint("INFERENCE", limit("usd", 0));

    assertThat(minted.path("consumptionLimit").get("usd").isNull()).isTrue();
    JsonNode stored = http.get("/api_keys/" + minted.get("id").asText(), admin).body();
    assertThat(stored.path("data").path("consumptionLimits").get("usd").isNull()).isFalse();
    assertThat(stored.path("data").path("consumptionLimits").get("usd").asInt()).isZero();
  }

  @Test
  void rateLimits_byDefault_admitsAndHasBalancesClampedToTheKeysCap() {
    String uncapped = mint("INFERENCE", null).get("apiKey").asText();
    String capped = mint("INFERENCE", limit("usd", 5)).get("apiKey").asText();

    JsonNode free = http.get("/api_keys/rate_limits", uncapped).body().get("data");
    JsonNode five = http.get("/api_keys/rate_limits", capped).body().get("data");

    assertThat(free.get("accessPermitted").asBoolean()).isTrue();
    assertThat(free.path("balances").get("USD").decimalValue()).isEqualByComparingTo("25");
    assertThat(free.path("balances").get("DIEM").decimalValue()).isEqualByComparingTo("2");
    assertThat(five.path("balances").get("USD").decimalValue()).isEqualByComparingTo("5");
  }

  @Test
  void accessPermittedSwitch_isWhatRateLimitsSays() {
    String key = mint("INFERENCE", limit("usd", 5)).get("apiKey").asText();

    venice.accessPermitted(false);
    boolean denied =
        http.get("/api_keys/rate_limits", key)
            .body()
            .path("data")
            .get("accessPermitted")
            .asBoolean();
    assertThat(denied).isFalse();
    venice.accessPermitted(true);
    assertThat(
            http.get("/api_keys/rate_limits", key)
                .body()
                .path("data")
                .get("accessPermitted")
                .asBoolean())
        .isTrue();
  }

  @Test
  void balancesSwitch_zero_showsInTheBodyAndTheHeaders() {
    String key = mint("INFERENCE", limit("usd", 5)).get("apiKey").asText();
    venice.balances(BigDecimal.ZERO, BigDecimal.ZERO);

    Http.Res r = http.get("/api_keys/rate_limits", key);

    assertThat(r.body().path("data").path("balances").get("USD").decimalValue()).isZero();
    assertThat(r.body().path("data").path("balances").get("DIEM").decimalValue()).isZero();
    assertThat(r.header("x-venice-balance-usd")).isEqualTo("0");
    assertThat(r.header("x-venice-balance-diem")).isEqualTo("0");
    assertThat(r.header("x-ratelimit-remaining")).isEqualTo("50");
    assertThat(Long.parseLong(r.header("x-ratelimit-resets")))
        .isGreaterThan(System.currentTimeMillis() - 60_000);
  }

  @Test
  void spendCapSwitch_refusesCappedKeysWith402_only() {
    String capped = mint("INFERENCE", limit("usd", 5)).get("apiKey").asText();
    String uncapped = mint("INFERENCE", null).get("apiKey").asText();
    venice.spendCapReached(true);

    Http.Res refused = http.get("/api_keys/rate_limits", capped);

    assertThat(refused.status()).isEqualTo(402);
    assertThat(refused.error()).contains("USD spend limit exceeded");
    assertThat(refused.body().has("code")).isFalse(); // API-key 402s carry no code (§3.1)
    assertThat(http.get("/api_keys/rate_limits", uncapped).status()).isEqualTo(200);
  }

  @Test
  void models_isAPublicList() {
    Http.Res r = http.get("/models", null);

    assertThat(r.status()).isEqualTo(200);
    assertThat(r.body().get("object").asText()).isEqualTo("list");
    assertThat(r.body().get("data")).isNotEmpty();
    assertThat(r.body().get("data").get(0).get("id").asText()).isEqualTo("zai-org-glm-5-1");
  }

  @Test
  void lostMintReply_is500_butTheKeyExists() {
    String admin = mint("ADMIN", null).get("apiKey").asText();
    venice.loseNextMintReplies(1);

    Http.Res lost = http.mint(Http.mintBody(http.token()));

    assertThat(lost.status()).isEqualTo(500);
    assertThat(lost.raw().body()).doesNotContain("VENICE_");
    assertThat(http.get("/api_keys", admin).body().get("data")).hasSize(2);
    assertThat(http.mint(Http.mintBody(http.token())).status()).isEqualTo(200);
  }

  @Test
  void web3AdminKey_managesItsWalletsKeys_andOnlyThose() {
    String otherWallet = "0x00000000000000000000000000000000000000aa";
    String otherAdmin = venice.createKey(ApiKeyType.ADMIN, "other admin", otherWallet);
    LeakWatch.secret(otherAdmin);
    String otherKeyId =
        http.post(
                "/api_keys",
                otherAdmin,
                "{\"apiKeyType\":\"INFERENCE\",\"description\":\"theirs\",\"consumptionLimit\":{\"usd\":1}}")
            .body()
            .path("data")
            .path("id")
            .asText();
    LeakWatch.secrets(venice.issuedSecrets());
    String admin = mint("ADMIN", null).get("apiKey").asText();
    String mine = mint("INFERENCE", limit("usd", 5)).get("id").asText();

    JsonNode list = http.get("/api_keys", admin).body().get("data");

    assertThat(list).hasSize(2);
    assertThat(list.findValuesAsText("id")).contains(mine).doesNotContain(otherKeyId);
    assertThat(http.delete("/api_keys?id=" + otherKeyId, admin).status()).isEqualTo(400);
    assertThat(http.get("/api_keys/" + otherKeyId, otherAdmin).status()).isEqualTo(200);
  }
}
