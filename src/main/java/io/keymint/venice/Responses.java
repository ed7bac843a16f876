package io.keymint.venice;

import com.fasterxml.jackson.databind.JsonNode;
import io.keymint.ApiKeySecret;
import io.keymint.internal.Json;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/** Reads Venice's response shapes, tolerantly: unknown fields are ignored, both spellings accepted. */
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
  static IssuedKey issuedKey(JsonNode data, String walletAddress, Instant now) {
    if (data == null) {
      return null;
    }
    String secret = Json.text(data, "apiKey");
    String id = Json.text(data, "id");
    if (id == null) {
      id = Json.text(data, "apiKeyId"); // tolerated by Venice's own MCP server; not in the spec
    }
    String type = Json.text(data, "apiKeyType");
    if (secret == null || secret.isEmpty() || id == null) {
      return null;
    }
    return IssuedKey.builder()
        .id(id)
        .secret(ApiKeySecret.of(secret))
        .type(enumOr(ApiKeyType.class, type, ApiKeyType.INFERENCE))
        .description(Json.text(data, "description"))
        .expiresAt(instant(Json.text(data, "expiresAt")))
        .consumptionLimit(limit(data))
        .limitPeriod(enumOr(LimitPeriod.class, Json.text(data, "limitPeriod"), null))
        .modelPrivacy(enumOr(ModelPrivacy.class, Json.text(data, "modelPrivacy"), null))
        .walletAddress(walletAddress)
        .issuedAt(now)
        .build();
  }

  /** {@code consumptionLimit} (bodies, POST responses) or {@code consumptionLimits} (GET, PATCH). */
  static ConsumptionLimit limit(JsonNode data) {
    JsonNode l = data.get("consumptionLimit");
    if (l == null || l.isNull()) {
      l = data.get("consumptionLimits");
    }
    if (l == null || !l.isObject()) {
      return ConsumptionLimit.NONE;
    }
    return ConsumptionLimit.read(decimal(l.get("usd")), decimal(l.get("diem")), decimal(l.get("vcu")));
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
