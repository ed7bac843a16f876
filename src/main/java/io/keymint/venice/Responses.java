package io.keymint.venice;

import com.fasterxml.jackson.databind.JsonNode;
import io.keymint.ApiKeySecret;
import io.keymint.internal.Json;
import io.keymint.internal.KeyFields;
import io.keymint.internal.Text;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads Venice's response shapes, tolerantly: unknown fields are ignored, both spellings accepted.
 */
final class Responses {
  private Responses() {}

  /** The {@code data} object of an envelope, or null. */
  static JsonNode data(JsonNode body) {
    JsonNode data = body == null ? null : body.get("data");
    return data == null || data.isNull() ? null : data;
  }

  /**
   * An issued key from the {@code data} of a mint or create response. Returns null when the
   * response has no usable secret or id, which the caller reports without quoting the body (it may
   * hold the secret).
   */
  static ApiKey issuedKey(JsonNode data, String walletAddress, Instant now) {
    if (data == null) {
      return null;
    }
    JsonNode apiKey = data.get("apiKey");
    // only a JSON string of a key's shape: a number or an object is not a secret, never stored
    String secret = apiKey != null && apiKey.isTextual() ? apiKey.asText() : null;
    String id = Json.text(data, KeyFields.ID);
    if (id == null) {
      id = Json.text(data, "apiKeyId"); // tolerated by Venice's own MCP server; not in the spec
    }
    if (!secretShaped(secret) || id == null || !Text.clean(id).equals(id) || id.isEmpty()) {
      return null;
    }
    return common(data, id)
        .secret(ApiKeySecret.of(secret))
        .type(enumOr(ApiKeyType.class, Json.text(data, KeyFields.TYPE), ApiKeyType.INFERENCE))
        .walletAddress(walletAddress)
        .issuedAt(now)
        .limitsSource(ApiKey.LimitsSource.ECHOED)
        .build();
  }

  /** The fields a create, a mint and a listing share, by the codec's names. */
  private static ApiKey.Builder common(JsonNode n, String id) {
    return ApiKey.builder()
        .id(id)
        .description(Json.text(n, KeyFields.DESCRIPTION))
        .expiresAt(instant(Json.text(n, KeyFields.EXPIRES_AT)))
        .consumptionLimit(limit(n))
        .limitPeriod(enumOr(LimitPeriod.class, Json.text(n, KeyFields.LIMIT_PERIOD), null))
        .modelPrivacy(enumOr(ModelPrivacy.class, Json.text(n, KeyFields.MODEL_PRIVACY), null));
  }

  /** Venice's secrets' length and charset are not documented: printable ASCII, 16 to 512 long. */
  static boolean secretShaped(String secret) {
    if (secret == null || secret.length() < 16 || secret.length() > 512) {
      return false;
    }
    for (int i = 0; i < secret.length(); i++) {
      char c = secret.charAt(i);
      if (c <= ' ' || c > '~') {
        return false;
      }
    }
    return true;
  }

  /**
   * {@code consumptionLimit} (bodies, POST responses) or {@code consumptionLimits} (GET, PATCH).
   */
  static ConsumptionLimit limit(JsonNode data) {
    JsonNode l = data.get(KeyFields.CONSUMPTION_LIMIT);
    if (l == null || l.isNull()) {
      l = data.get(KeyFields.CONSUMPTION_LIMITS);
    }
    if (l == null || !l.isObject()) {
      return ConsumptionLimit.NONE;
    }
    return ConsumptionLimit.read(
        decimal(l.get(KeyFields.USD)),
        decimal(l.get(KeyFields.DIEM)),
        decimal(l.get(KeyFields.VCU)));
  }

  /** An ApiKey of the list, details or PATCH answer; null when it has no id (nothing to act on). */
  static ApiKey apiKey(JsonNode n) {
    String id = Json.text(n, KeyFields.ID);
    if (id == null) {
      return null;
    }
    JsonNode usage = n.get(KeyFields.USAGE);
    return common(n, id)
        .type(enumOr(ApiKeyType.class, Json.text(n, KeyFields.TYPE), null))
        .createdAt(instant(Json.text(n, KeyFields.CREATED_AT)))
        .lastUsedAt(instant(Json.text(n, KeyFields.LAST_USED_AT)))
        .lastSix(Json.text(n, KeyFields.LAST6_CHARS))
        .trailingSevenDays(usage(usage == null ? null : usage.get(KeyFields.TRAILING_SEVEN_DAYS)))
        .currentPeriodUsage(usage(n.get(KeyFields.CURRENT_PERIOD_USAGE)))
        .build();
  }

  /** {@code {usd, diem, vcu?}} as 4-decimal strings (or numbers, tolerated); null when absent. */
  static Usage usage(JsonNode n) {
    if (n == null || !n.isObject()) {
      return null;
    }
    return new Usage(
        decimal(n.get(KeyFields.USD)),
        decimal(n.get(KeyFields.DIEM)),
        decimal(n.get(KeyFields.VCU)));
  }

  /** The {@code data} of {@code GET /api_keys/rate_limits}. */
  static RateLimits rateLimits(JsonNode data) {
    Map<String, BigDecimal> balances = new LinkedHashMap<>();
    JsonNode b = data.get("balances");
    if (b != null && b.isObject()) {
      for (Map.Entry<String, JsonNode> e : b.properties()) {
        BigDecimal v = decimal(e.getValue());
        if (v != null) {
          balances.put(
              e.getKey(), v); // every currency kept, including ones added after this client
        }
      }
    }
    RateLimits.ApiTier tier = null;
    JsonNode t = data.get("apiTier");
    if (t != null && t.isObject()) {
      JsonNode charged = t.get("isCharged");
      tier = new RateLimits.ApiTier(Json.text(t, "id"), charged == null || charged.asBoolean(true));
    }
    List<RateLimits.ModelLimits> models = new ArrayList<>();
    JsonNode ms = data.get("rateLimits");
    if (ms != null && ms.isArray()) {
      for (JsonNode m : ms) {
        List<RateLimits.Limit> limits = new ArrayList<>();
        JsonNode ls = m.get("rateLimits");
        if (ls != null && ls.isArray()) {
          for (JsonNode l : ls) {
            limits.add(new RateLimits.Limit(Json.text(l, "type"), decimal(l.get("amount"))));
          }
        }
        models.add(new RateLimits.ModelLimits(Json.text(m, "apiModelId"), limits));
      }
    }
    JsonNode permitted = data.get("accessPermitted");
    return new RateLimits(
        permitted != null && permitted.asBoolean(false),
        balances,
        instant(Json.text(data, "keyExpiration")),
        instant(Json.text(data, "nextEpochBegins")),
        tier,
        models);
  }

  /** One item of {@code GET /api_keys/rate_limits/log}. */
  static RateLimitLogEntry logEntry(JsonNode n) {
    return new RateLimitLogEntry(
        Json.text(n, "apiKeyId"),
        Json.text(n, "modelId"),
        Json.text(n, "rateLimitTier"),
        Json.text(n, "rateLimitType"),
        instant(Json.text(n, "timestamp")));
  }

  /** The items of a {@code {object: "list", data: [...]}} envelope; empty when there are none. */
  static List<JsonNode> listItems(JsonNode body) {
    List<JsonNode> out = new ArrayList<>();
    JsonNode data = body == null ? null : body.get("data");
    if (data != null && data.isArray()) {
      data.forEach(out::add);
    }
    return out;
  }

  static BigDecimal decimal(JsonNode n) {
    if (n == null || n.isNull()) {
      return null;
    }
    if (n.isNumber()) {
      return n.decimalValue();
    }
    try {
      return new BigDecimal(n.asText().trim());
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /** ISO instants with or without millis; a bare date is the start of that UTC day. */
  static Instant instant(String text) {
    if (text == null || text.isEmpty()) {
      return null;
    }
    try {
      return Instant.parse(text);
    } catch (DateTimeParseException notInstant) {
      try {
        return LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant();
      } catch (DateTimeParseException notDate) {
        return null;
      }
    }
  }

  static <E extends Enum<E>> E enumOr(Class<E> type, String name, E fallback) {
    if (name == null) {
      return fallback;
    }
    try {
      return Enum.valueOf(type, name);
    } catch (IllegalArgumentException unknown) {
      return fallback; // a value Venice added after this client was built
    }
  }
}
