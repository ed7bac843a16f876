package io.keymint.venice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.keymint.ApiKeySecret;
import io.keymint.internal.Json;
import io.keymint.internal.codec.KeyJson;
import io.keymint.testing.LeakWatch;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * One key type, one codec: Venice's replies become an {@link ApiKey}, which goes through the
 * metadata document and comes back the same; the CLI's shapes come from the same codec; no form of
 * the key ever shows its secret.
 */
class KeyModelTest {
  static final String SECRET = "VENICE_ADMIN_KEY_keyModelSecret0123456789abcdefXYZ123";

  static {
    LeakWatch.secret(SECRET);
  }

  private static JsonNode json(String s) throws Exception {
    return Json.parse(s.getBytes(StandardCharsets.UTF_8));
  }

  /** A {@code POST /api_keys} reply's data, as reference §2 shows it. */
  static final String CREATE_REPLY =
      "{\"id\":\"e2a1f3c4-5b6d-4e7f-8a9b-0c1d2e3f4a5b\",\"apiKey\":\""
          + SECRET
          + "\",\"apiKeyType\":\"ADMIN\",\"description\":\"model test\","
          + "\"expiresAt\":\"2031-01-01T00:00:00.000Z\","
          + "\"consumptionLimit\":{\"usd\":5,\"diem\":1.5},"
          + "\"limitPeriod\":\"EPOCH\",\"modelPrivacy\":\"PRIVATE_TEXT\"}";

  /** The same key as {@code GET /api_keys/{id}} lists it. */
  static final String GET_REPLY =
      "{\"id\":\"e2a1f3c4-5b6d-4e7f-8a9b-0c1d2e3f4a5b\",\"apiKeyType\":\"ADMIN\","
          + "\"description\":\"model test\",\"createdAt\":\"2026-12-01T03:00:00.000Z\","
          + "\"expiresAt\":\"2031-01-01T00:00:00.000Z\",\"lastUsedAt\":null,"
          + "\"last6Chars\":\"XYZ123\","
          + "\"consumptionLimits\":{\"usd\":7,\"diem\":null,\"vcu\":null},"
          + "\"limitPeriod\":\"MONTH\",\"modelPrivacy\":\"PRIVATE_TEXT\","
          + "\"usage\":{\"trailingSevenDays\":{\"usd\":\"0.1000\",\"diem\":\"0.0000\","
          + "\"vcu\":\"0.0000\"}},\"currentPeriodUsage\":{\"usd\":\"0.1000\",\"diem\":\"0.0000\"}}";

  @Test
  void wire_toKey_toSidecar_toKey_keepsEveryRecordedField() throws Exception {
    Instant now = Instant.parse("2026-12-01T03:00:01Z");
    ApiKey issued =
        Responses.issuedKey(json(CREATE_REPLY), "0x2c7536E3605D9C16a7a3D7b1898e529396a65c23", now);

    assertThat(issued.hasSecret()).isTrue();
    assertThat(issued.secret().reveal()).isEqualTo(SECRET);
    assertThat(issued.lastSix()).contains("XYZ123");
    assertThat(issued.type()).contains(ApiKeyType.ADMIN);
    assertThat(issued.limitsSource()).contains(ApiKey.LimitsSource.ECHOED);
    assertThat(issued.consumptionLimit())
        .isEqualTo(ConsumptionLimit.of(BigDecimal.valueOf(5), new BigDecimal("1.5")));

    byte[] sidecar = KeyJson.metadataBytes(issued);
    assertThat(new String(sidecar, StandardCharsets.UTF_8)).doesNotContain(SECRET);
    ApiKey back = KeyJson.readMetadata(sidecar);

    assertThat(back.hasSecret()).isFalse();
    assertThat(back).isEqualTo(issued.withoutSecret());
    assertThat(back.withSecret(issued.secret())).isEqualTo(issued);
  }

  @Test
  void wire_listedKey_thenReported_onTheIssuedKey() throws Exception {
    ApiKey issued = Responses.issuedKey(json(CREATE_REPLY), null, Instant.EPOCH);
    ApiKey listed = Responses.apiKey(json(GET_REPLY));

    assertThat(listed.hasSecret()).isFalse();
    assertThat(listed.lastSix()).contains("XYZ123");
    assertThat(listed.createdAt()).contains(Instant.parse("2026-12-01T03:00:00Z"));
    assertThat(listed.trailingSevenDays()).isPresent();
    assertThat(listed.currentPeriodUsage()).isPresent();
    assertThatThrownBy(listed::secret)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("e2a1f3c4-5b6d-4e7f-8a9b-0c1d2e3f4a5b");

    ApiKey reported = issued.withReported(listed);
    assertThat(reported.secret()).isSameAs(issued.secret());
    assertThat(reported.limitsSource()).contains(ApiKey.LimitsSource.REPORTED);
    assertThat(reported.consumptionLimit()).isEqualTo(ConsumptionLimit.usd(BigDecimal.valueOf(7)));
    assertThat(reported.limitPeriod()).contains(LimitPeriod.MONTH);
    assertThat(reported.createdAt()).contains(Instant.parse("2026-12-01T03:00:00Z"));

    // Venice's own names back out (keys list/get --json), and ours in the summary
    JsonNode wire = KeyJson.wire(listed);
    assertThat(wire.get("last6Chars").asText()).isEqualTo("XYZ123");
    assertThat(wire.get("consumptionLimits").get("usd").decimalValue()).isEqualByComparingTo("7");
    assertThat(wire.get("usage").get("trailingSevenDays").get("usd").asText()).isEqualTo("0.1000");
    assertThat(wire.get("currentPeriodUsage").has("vcu")).isFalse();
    JsonNode summary = KeyJson.summary(reported);
    assertThat(summary.get("lastSix").asText()).isEqualTo("XYZ123");
    assertThat(summary.get("limitsSource").asText()).isEqualTo("REPORTED");
    assertThat(summary.get("consumptionLimit").has("diem")).isFalse();
    assertThat(summary.get("limits").asText()).isEqualTo("$7 per month");
  }

  @Test
  void sidecarWithoutLimitsSource_writtenBefore010_readsAsUnrecorded() throws Exception {
    ApiKey old =
        KeyJson.readMetadata(
            ("{\"format\":\"venice-keymint-key-metadata\",\"version\":1,\"id\":\"k-old\","
                    + "\"apiKeyType\":\"INFERENCE\",\"lastSix\":\"abcdef\",\"future\":{\"x\":1},"
                    + "\"limitPeriod\":\"FORTNIGHT\",\"issuedAt\":\"not a time\"}")
                .getBytes(StandardCharsets.UTF_8));

    assertThat(old.limitsSource()).isEmpty();
    assertThat(old.limitPeriod()).isEmpty(); // an unknown period reads as absent
    assertThat(old.issuedAt()).isEmpty();
    assertThat(old.consumptionLimit().isEmpty()).isTrue();
    assertThatThrownBy(
            () -> KeyJson.readMetadata("{\"id\":\"k\"}".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("key metadata lacks id, apiKeyType or lastSix");
  }

  @Test
  void keySpecBody_comesFromTheCodec_withOnlyTheFieldsSet() {
    var body = Json.object();
    KeySpec.builder().description("d").usdLimit(BigDecimal.ONE).build().writeTo(body);

    assertThat(Json.writeString(body, false))
        .isEqualTo(
            "{\"apiKeyType\":\"INFERENCE\",\"description\":\"d\",\"consumptionLimit\":{\"usd\":1}}");
  }

  @Test
  void noFormOfAKeyWithItsSecret_showsTheSecret() throws Exception {
    ApiKey key =
        Responses.issuedKey(
            json(CREATE_REPLY), "0x2c7536E3605D9C16a7a3D7b1898e529396a65c23", Instant.EPOCH);
    String[] forms = {
      key.toString(),
      key.withoutSecret().toString(),
      key.toBuilder().build().toString(),
      new io.keymint.sink.StoredKey(key.secret(), key, "file:/k").toString(),
      new io.keymint.store.StoreRecord(new io.keymint.sink.StoredKey(key.secret(), key, "s"), "7")
          .toString(),
      Json.writeString(KeyJson.metadata(key), false),
      Json.writeString(KeyJson.summary(key), false),
      Json.writeString(KeyJson.wire(key), false),
    };
    for (String form : forms) {
      assertThat(form).doesNotContain(SECRET).doesNotContain(SECRET.substring(0, 30));
    }
    assertThat(key.toString()).contains("XYZ123").contains("secret=held");
    assertThat(key.withoutSecret().toString()).contains("secret=absent");
    // printed where the leak sweep sees it: LeakSweepTest fails the run if the secret shows
    System.out.println("key model forms: " + String.join(" | ", forms));
  }

  @Test
  void equality_comparesFields_andSecretsByIdentity() {
    ApiKey a = ApiKey.builder().id("k").type(ApiKeyType.INFERENCE).lastSix("abcdef").build();
    ApiKey b = ApiKey.builder().id("k").type(ApiKeyType.INFERENCE).lastSix("abcdef").build();
    assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
    assertThat(a.withSecret(ApiKeySecret.of(SECRET)))
        .isNotEqualTo(b.withSecret(ApiKeySecret.of(SECRET))); // two secret objects
    assertThat(a.withSecret(ApiKeySecret.of(SECRET)).lastSix()).contains("XYZ123");
    assertThatThrownBy(() -> ApiKey.builder().build()).isInstanceOf(NullPointerException.class);
  }
}
