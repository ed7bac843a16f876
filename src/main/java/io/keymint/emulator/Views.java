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

  /**
   * The fields every view of a key has (§1.5, §2.0): id, type, description when set, expiry,
   * period, privacy. Every key view starts here, so a field name lives in one place.
   */
  private static ObjectNode key(KeyRecord key) {
    ObjectNode data = Json.object();
    data.put("id", key.id);
    data.put("apiKeyType", key.type.name());
    if (key.description != null) {
      data.put("description", key.description);
    }
    data.put("expiresAt", time(key.expiresAt));
    data.put("limitPeriod", key.limitPeriod.name());
    data.put("modelPrivacy", key.modelPrivacy.name());
    return data;
  }

  /**
   * The data of a freshly issued key (web3 mint and {@code POST /api_keys}), the only shape with
   * the secret. {@code mintEcho} applies the web3 mint's consumption-limit echo quirk.
   */
  static ObjectNode issued(KeyRecord key, boolean mintEcho) {
    ObjectNode data = key(key);
    data.put("apiKey", key.secret);
    data.set("consumptionLimit", mintEcho ? key.limits.toMintEchoJson() : key.limits.toJson());
    return data;
  }

  /** The data of {@code PATCH /api_keys}: the ApiKey fields without usage. */
  static ObjectNode updated(KeyRecord key) {
    ObjectNode data = key(key);
    data.put("createdAt", time(key.createdAt));
    data.put("lastUsedAt", time(key.lastUsedAt));
    data.put("last6Chars", key.lastSix());
    data.set("consumptionLimits", key.limits.toJson());
    return data;
  }

  /**
   * An ApiKey of the list and details routes (§2.0). The emulator serves no inference, so usage is
   * always zero; {@code currentPeriodUsage} appears only when a USD or DIEM cap is set.
   */
  static ObjectNode apiKey(KeyRecord key) {
    ObjectNode data = updated(key);
    ObjectNode trailing = data.putObject("usage").putObject("trailingSevenDays");
    trailing.put("usd", ZERO_USAGE);
    trailing.put("vcu", ZERO_USAGE);
    trailing.put("diem", ZERO_USAGE);
    if (key.limits.hasUsdOrDiem()) {
      ObjectNode current = data.putObject("currentPeriodUsage");
      current.put("usd", ZERO_USAGE);
      current.put("diem", ZERO_USAGE);
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
    keys.forEach(k -> data.add(apiKey(k)));
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
