package io.keymint.internal.codec;

import static io.keymint.internal.KeyFields.*;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keymint.internal.Json;
import io.keymint.venice.ApiKey;
import io.keymint.venice.ApiKeyType;
import io.keymint.venice.ConsumptionLimit;
import io.keymint.venice.LimitPeriod;
import io.keymint.venice.ModelPrivacy;
import io.keymint.venice.Usage;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * The one codec of a key's JSON: every field name of an {@link ApiKey} and every shape keymint
 * writes a key in — the metadata sidecar ({@code PATH.meta.json}, also the escrow's and the
 * Kubernetes annotation's key document), the CLI's {@code --json} summary, the key tables' JSON in
 * Venice's own names. The field names are {@link io.keymint.internal.KeyFields}', shared with the
 * request bodies ({@code KeySpec}, {@code KeyUpdate}) and the client's tolerant reader of Venice's
 * replies ({@code venice.Responses}), which sit below this package. Never writes a secret. Not API.
 */
public final class KeyJson {
  /** The {@code format} field of the metadata document. */
  public static final String METADATA_FORMAT = "venice-keymint-key-metadata";

  private KeyJson() {}

  // ---- the metadata document (sidecar, escrow, Kubernetes annotation) ----

  /**
   * The metadata document of {@code key} (format {@value #METADATA_FORMAT}, version 1): id, type,
   * last six, wallet, description, issued, expires, caps, period, privacy, source of the caps.
   */
  public static ObjectNode metadata(ApiKey key) {
    ObjectNode o = Json.object();
    o.put("format", METADATA_FORMAT);
    o.put("version", 1);
    o.put(ID, key.id());
    key.type().ifPresent(t -> o.put(TYPE, t.name()));
    key.lastSix().ifPresent(s -> o.put(LAST_SIX, s));
    key.walletAddress().ifPresent(a -> o.put(WALLET_ADDRESS, a));
    key.description().ifPresent(d -> o.put(DESCRIPTION, d));
    key.issuedAt().ifPresent(t -> o.put(ISSUED_AT, t.toString()));
    key.expiresAt().ifPresent(t -> o.put(EXPIRES_AT, t.toString()));
    if (!key.consumptionLimit().isEmpty()) {
      caps(o.putObject(CONSUMPTION_LIMIT), key.consumptionLimit());
    }
    key.limitPeriod().ifPresent(p -> o.put(LIMIT_PERIOD, p.name()));
    key.modelPrivacy().ifPresent(p -> o.put(MODEL_PRIVACY, p.name()));
    key.limitsSource().ifPresent(s -> o.put(LIMITS_SOURCE, s.name()));
    return o;
  }

  /** {@link #metadata(ApiKey)} as UTF-8 bytes. */
  public static byte[] metadataBytes(ApiKey key) {
    return Json.write(metadata(key));
  }

  /**
   * Reads a metadata document (no secret in it). Tolerant: unknown fields are ignored, unknown enum
   * values and malformed times read as absent.
   *
   * @throws IllegalArgumentException if {@code id}, {@code apiKeyType} or {@code lastSix} is
   *     missing or malformed
   */
  public static ApiKey readMetadata(JsonNode json) {
    String id = Json.text(json, ID);
    String lastSix = Json.text(json, LAST_SIX);
    ApiKeyType type = enumOrNull(ApiKeyType.class, Json.text(json, TYPE));
    if (id == null || lastSix == null || type == null) {
      throw new IllegalArgumentException("key metadata lacks id, apiKeyType or lastSix");
    }
    JsonNode limit = json.get(CONSUMPTION_LIMIT);
    ConsumptionLimit caps = ConsumptionLimit.NONE;
    if (limit != null && limit.isObject()) {
      caps = ConsumptionLimit.of(decimal(limit.get(USD)), decimal(limit.get(DIEM)));
    }
    return ApiKey.builder()
        .id(id)
        .type(type)
        .lastSix(lastSix)
        .walletAddress(Json.text(json, WALLET_ADDRESS))
        .description(Json.text(json, DESCRIPTION))
        .issuedAt(instant(Json.text(json, ISSUED_AT)))
        .expiresAt(instant(Json.text(json, EXPIRES_AT)))
        .consumptionLimit(caps)
        .limitPeriod(enumOrNull(LimitPeriod.class, Json.text(json, LIMIT_PERIOD)))
        .modelPrivacy(enumOrNull(ModelPrivacy.class, Json.text(json, MODEL_PRIVACY)))
        .limitsSource(enumOrNull(ApiKey.LimitsSource.class, Json.text(json, LIMITS_SOURCE)))
        .build();
  }

  /**
   * {@link #readMetadata(JsonNode)} of UTF-8 bytes.
   *
   * @throws IllegalArgumentException if it is not JSON or lacks a required field
   */
  public static ApiKey readMetadata(byte[] bytes) {
    try {
      return readMetadata(Json.parse(bytes));
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("key metadata is not JSON", e);
    }
  }

  // ---- the CLI's --json summary of a new or stored key ----

  /**
   * The key as the CLI's {@code --json} summary shows it: id, type, last six, description, expiry
   * ({@code null} for never), the caps that are set (never an invented 0), period, the caps in
   * words, their source, privacy and wallet.
   */
  public static ObjectNode summary(ApiKey key) {
    ObjectNode o = Json.object();
    o.put(ID, key.id());
    o.put(TYPE, key.type().map(Enum::name).orElse(null));
    o.put(LAST_SIX, key.lastSix().orElse(null));
    key.description().ifPresent(d -> o.put(DESCRIPTION, d));
    o.put(EXPIRES_AT, key.expiresAt().map(Instant::toString).orElse(null));
    caps(o.putObject(CONSUMPTION_LIMIT), key.consumptionLimit());
    key.limitPeriod().ifPresent(p -> o.put(LIMIT_PERIOD, p.name()));
    o.put("limits", key.consumptionLimit().describe(key.limitPeriod().orElse(null)));
    key.limitsSource().ifPresent(s -> o.put(LIMITS_SOURCE, s.name()));
    key.modelPrivacy().ifPresent(p -> o.put(MODEL_PRIVACY, p.name()));
    key.walletAddress().ifPresent(a -> o.put(WALLET_ADDRESS, a));
    return o;
  }

  // ---- Venice's own shape, for scripts written against the API ----

  /**
   * The key in Venice's {@code GET /api_keys} shape and names ({@code last6Chars}, {@code
   * consumptionLimits} with {@code usd}, {@code diem}, {@code vcu}, {@code usage}): every field
   * present, {@code null} when unknown.
   */
  public static ObjectNode wire(ApiKey k) {
    ObjectNode o = Json.object();
    o.put(ID, k.id());
    o.put(TYPE, k.type().map(Enum::name).orElse(null));
    o.put(DESCRIPTION, k.description().orElse(null));
    o.put(CREATED_AT, k.createdAt().map(Instant::toString).orElse(null));
    o.put(EXPIRES_AT, k.expiresAt().map(Instant::toString).orElse(null));
    o.put(LAST_USED_AT, k.lastUsedAt().map(Instant::toString).orElse(null));
    o.put(LAST6_CHARS, k.lastSix().orElse(null));
    ObjectNode l = o.putObject(CONSUMPTION_LIMITS);
    l.put(USD, k.consumptionLimit().usd().orElse(null));
    l.put(DIEM, k.consumptionLimit().diem().orElse(null));
    l.put(VCU, k.consumptionLimit().vcu().orElse(null));
    o.put(LIMIT_PERIOD, k.limitPeriod().map(Enum::name).orElse(null));
    o.put(MODEL_PRIVACY, k.modelPrivacy().map(Enum::name).orElse(null));
    k.trailingSevenDays()
        .ifPresent(u -> usage(o.putObject(USAGE).putObject(TRAILING_SEVEN_DAYS), u, true));
    // currentPeriodUsage has no vcu on Venice (reference §2.0): none is invented here
    k.currentPeriodUsage().ifPresent(u -> usage(o.putObject(CURRENT_PERIOD_USAGE), u, false));
    return o;
  }

  private static void usage(ObjectNode o, Usage u, boolean withVcu) {
    o.put(USD, u.usd().toPlainString());
    o.put(DIEM, u.diem().toPlainString());
    if (withVcu) {
      o.put(VCU, u.vcu().toPlainString());
    }
  }

  /** The caps that are set ({@code usd}, {@code diem}); never {@code vcu}, never an invented 0. */
  public static void caps(ObjectNode o, ConsumptionLimit caps) {
    caps.usd().ifPresent(v -> o.put(USD, v));
    caps.diem().ifPresent(v -> o.put(DIEM, v));
  }

  // ---- tolerant readers ----

  /** A number or numeric string as a decimal; null when absent, null or not a number. */
  public static BigDecimal decimal(JsonNode n) {
    if (n == null || n.isNull()) {
      return null;
    }
    if (n.isNumber()) {
      return n.decimalValue();
    }
    try {
      return n.isTextual() ? new BigDecimal(n.asText().trim()) : null;
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /** An ISO-8601 instant; null when absent or malformed. */
  public static Instant instant(String s) {
    try {
      return s == null ? null : Instant.parse(s);
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  /** The constant named {@code name}; null when absent or unknown. */
  public static <E extends Enum<E>> E enumOrNull(Class<E> type, String name) {
    if (name == null) {
      return null;
    }
    try {
      return Enum.valueOf(type, name);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
