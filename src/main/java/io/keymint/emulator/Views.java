package io.keymint.emulator;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keymint.internal.Json;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * The JSON shapes of reference §1.5 and §2. Call with the {@link EmulatorState} monitor held: keys
 * are mutable.
 */
final class Views {
  /**
   * Millisecond ISO-8601 UTC, as Venice emits (an input {@code …59Z} echoes as {@code …59.000Z}).
   */
  private static final DateTimeFormatter ISO_MILLIS =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  private static final String ZERO_USAGE = "0.0000";

  private Views() {}

  static String time(Instant instant) {
    return instant == null ? null : ISO_MILLIS.format(instant);
  }

  /** The four shapes Venice gives a key in (reference §1.5, §2.0, §2.3). */
  enum Shape {
    /** The web3 mint's data: with the secret, the consumption-limit echo quirk applied. */
    MINTED,
    /** {@code POST /api_keys}: with the secret, the caps echoed exactly. */
    CREATED,
    /** {@code PATCH /api_keys}: the ApiKey fields without usage. */
    UPDATED,
    /** The list and details routes: the ApiKey fields with usage. */
    LISTED
  }

  /**
   * A key in one of Venice's shapes: every key view of the emulator is built here, in the field
   * order the reference shows. The emulator serves no inference, so usage is always zero; {@code
   * currentPeriodUsage} appears only when a USD or DIEM cap is set.
   */
  static ObjectNode key(KeyRecord key, Shape shape) {
    boolean issued = shape == Shape.MINTED || shape == Shape.CREATED;
    ObjectNode data = Json.object();
    data.put("id", key.id);
    if (issued) {
      data.put("apiKey", key.secret); // the only shape with the secret
    }
    data.put("apiKeyType", key.type.name());
    if (key.description != null) {
      data.put("description", key.description);
    }
    if (!issued) {
      data.put("createdAt", time(key.createdAt));
    }
    data.put("expiresAt", time(key.expiresAt));
    if (issued) {
      data.set(
          "consumptionLimit",
          shape == Shape.MINTED ? key.limits.toMintEchoJson() : key.limits.toJson());
    } else {
      data.put("lastUsedAt", time(key.lastUsedAt));
      data.put("last6Chars", key.lastSix());
      data.set("consumptionLimits", key.limits.toJson());
    }
    data.put("limitPeriod", key.limitPeriod.name());
    data.put("modelPrivacy", key.modelPrivacy.name());
    if (shape == Shape.LISTED) {
      ObjectNode trailing = data.putObject("usage").putObject("trailingSevenDays");
      trailing.put("usd", ZERO_USAGE);
      trailing.put("vcu", ZERO_USAGE);
      trailing.put("diem", ZERO_USAGE);
      if (key.limits.hasUsdOrDiem()) {
        ObjectNode current = data.putObject("currentPeriodUsage");
        current.put("usd", ZERO_USAGE);
        current.put("diem", ZERO_USAGE);
      }
    }
    return data;
  }

  static ObjectNode list(ArrayNode data) {
    ObjectNode body = Json.object();
    body.put("object", "list");
    body.set("data", data);
    return body;
  }

  static ObjectNode apiKeyList(List<KeyRecord> keys) {
    ArrayNode data = Json.object().arrayNode();
    keys.forEach(k -> data.add(key(k, Shape.LISTED)));
    return list(data);
  }

  static ObjectNode rateLimitLog(List<EmulatorState.RateLimitLogEntry> entries) {
    ArrayNode data = Json.object().arrayNode();
    for (EmulatorState.RateLimitLogEntry e : entries) {
      ObjectNode item = data.addObject();
      item.put("apiKeyId", e.apiKeyId());
      item.put("modelId", e.modelId());
      item.put("rateLimitTier", e.rateLimitTier());
      item.put("rateLimitType", e.rateLimitType());
      item.put("timestamp", time(e.timestamp()));
    }
    return list(data);
  }

  /** {@code {"success": true, "data": data}}. */
  static ObjectNode success(ObjectNode data) {
    ObjectNode body = Json.object();
    body.put("success", true);
    if (data != null) {
      body.set("data", data);
    }
    return body;
  }

  /** {@code {"data": data}}. */
  static ObjectNode data(ObjectNode data) {
    ObjectNode body = Json.object();
    body.set("data", data);
    return body;
  }
}
