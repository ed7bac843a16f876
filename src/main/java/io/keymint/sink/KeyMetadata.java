package io.keymint.sink;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keymint.internal.Json;
import io.keymint.venice.ApiKeyType;
import io.keymint.venice.ConsumptionLimit;
import io.keymint.venice.IssuedKey;
import io.keymint.venice.LimitPeriod;
import io.keymint.venice.ModelPrivacy;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What a sink keeps about a key besides its secret: id, type, wallet, description, when it was
 * issued and expires, caps, and the last six characters (the hint Venice itself lists). Nothing in
 * here is secret, so later runs can reason about the stored key without an admin key and without
 * reading the secret.
 *
 * <p>Stored by the file and env-file sinks as JSON in {@code PATH.meta.json}, mode 0600, written
 * atomically after the secret. Immutable and thread-safe.
 */
public final class KeyMetadata {
  /** The {@code format} field of the sidecar file. */
  static final String FORMAT = "venice-keymint-key-metadata";

  private final String id;
  private final ApiKeyType type;
  private final String lastSix;
  private final String walletAddress;
  private final String description;
  private final Instant issuedAt;
  private final Instant expiresAt;
  private final ConsumptionLimit consumptionLimit;
  private final LimitPeriod limitPeriod;
  private final ModelPrivacy modelPrivacy;
  private final IssuedKey.LimitsSource limitsSource;

  private KeyMetadata(
      String id,
      ApiKeyType type,
      String lastSix,
      String walletAddress,
      String description,
      Instant issuedAt,
      Instant expiresAt,
      ConsumptionLimit consumptionLimit,
      LimitPeriod limitPeriod,
      ModelPrivacy modelPrivacy,
      IssuedKey.LimitsSource limitsSource) {
    this.id = Objects.requireNonNull(id, "id");
    this.type = Objects.requireNonNull(type, "type");
    this.lastSix = Objects.requireNonNull(lastSix, "lastSix");
    this.walletAddress = walletAddress;
    this.description = description;
    this.issuedAt = issuedAt;
    this.expiresAt = expiresAt;
    this.consumptionLimit = consumptionLimit == null ? ConsumptionLimit.NONE : consumptionLimit;
    this.limitPeriod = limitPeriod;
    this.modelPrivacy = modelPrivacy;
    this.limitsSource = limitsSource;
  }

  /**
   * The metadata of {@code key}, without its secret.
   *
   * @param key the key; not null
   * @return its metadata
   */
  public static KeyMetadata of(IssuedKey key) {
    return new KeyMetadata(
        key.id(),
        key.type(),
        key.secret().lastSix(),
        key.walletAddress().orElse(null),
        key.description().orElse(null),
        key.issuedAt(),
        key.expiresAt().orElse(null),
        key.consumptionLimit(),
        key.limitPeriod().orElse(null),
        key.modelPrivacy().orElse(null),
        key.limitsSource());
  }

  /** Venice's id of the key; use it to revoke the key. */
  public String id() {
    return id;
  }

  /** INFERENCE or ADMIN. */
  public ApiKeyType type() {
    return type;
  }

  /** The last six characters of the secret (what Venice lists as {@code last6Chars}). */
  public String lastSix() {
    return lastSix;
  }

  /** The wallet that minted the key, when it was minted with one. */
  public Optional<String> walletAddress() {
    return Optional.ofNullable(walletAddress);
  }

  /** The key's label, if it has one. */
  public Optional<String> description() {
    return Optional.ofNullable(description);
  }

  /** When keymint received the key, by its own clock; empty if not recorded. */
  public Optional<Instant> issuedAt() {
    return Optional.ofNullable(issuedAt);
  }

  /** When the key stops working; empty for a key that never expires. */
  public Optional<Instant> expiresAt() {
    return Optional.ofNullable(expiresAt);
  }

  /**
   * Where the caps and period come from ({@link #limitsSource()}); empty for metadata written by
   * keymint before 0.1.0 recorded it.
   */
  public Optional<IssuedKey.LimitsSource> limitsSource() {
    return Optional.ofNullable(limitsSource);
  }

  /**
   * The caps when the key was issued: what was asked for, or what Venice reported (see {@link
   * #limitsSource()}).
   */
  public ConsumptionLimit consumptionLimit() {
    return consumptionLimit;
  }

  /** The period the caps apply to, if known. */
  public Optional<LimitPeriod> limitPeriod() {
    return Optional.ofNullable(limitPeriod);
  }

  /** The key's model privacy, if known. */
  public Optional<ModelPrivacy> modelPrivacy() {
    return Optional.ofNullable(modelPrivacy);
  }

  /**
   * An {@link IssuedKey} with this metadata and {@code secret}, e.g. to write a recovered key back
   * to its sinks.
   *
   * @param secret the key's secret; not null
   * @return the key
   */
  public IssuedKey withSecret(io.keymint.ApiKeySecret secret) {
    IssuedKey.Builder b =
        IssuedKey.builder()
            .id(id)
            .type(type)
            .secret(secret)
            .description(description)
            .expiresAt(expiresAt)
            .consumptionLimit(consumptionLimit)
            .limitPeriod(limitPeriod)
            .modelPrivacy(modelPrivacy)
            .walletAddress(walletAddress)
            .limitsSource(limitsSource);
    if (issuedAt != null) {
      b.issuedAt(issuedAt);
    }
    return b.build();
  }

  /**
   * The metadata as a JSON object (the sidecar format, version 1).
   *
   * @return a new object node
   */
  public ObjectNode toJson() {
    ObjectNode o = Json.object();
    o.put("format", FORMAT);
    o.put("version", 1);
    o.put("id", id);
    o.put("apiKeyType", type.name());
    o.put("lastSix", lastSix);
    putIfSet(o, "walletAddress", walletAddress);
    putIfSet(o, "description", description);
    putIfSet(o, "issuedAt", issuedAt);
    putIfSet(o, "expiresAt", expiresAt);
    if (!consumptionLimit.isEmpty()) {
      ObjectNode limit = o.putObject("consumptionLimit");
      consumptionLimit.usd().ifPresent(v -> limit.put("usd", v));
      consumptionLimit.diem().ifPresent(v -> limit.put("diem", v));
    }
    putIfSet(o, "limitPeriod", limitPeriod);
    putIfSet(o, "modelPrivacy", modelPrivacy);
    putIfSet(o, "limitsSource", limitsSource);
    return o;
  }

  private static void putIfSet(ObjectNode o, String name, Object value) {
    if (value != null) {
      o.put(name, value.toString());
    }
  }

  /**
   * Reads metadata written by {@link #toJson()}. Tolerant: unknown fields are ignored, unknown enum
   * values read as absent.
   *
   * @param json the object; not null
   * @return the metadata
   * @throws IllegalArgumentException if {@code id}, {@code apiKeyType} or {@code lastSix} is
   *     missing or malformed
   */
  public static KeyMetadata fromJson(JsonNode json) {
    String id = Json.text(json, "id");
    String lastSix = Json.text(json, "lastSix");
    ApiKeyType type = enumOrNull(ApiKeyType.class, Json.text(json, "apiKeyType"));
    if (id == null || lastSix == null || type == null) {
      throw new IllegalArgumentException("key metadata lacks id, apiKeyType or lastSix");
    }
    JsonNode limit = json.get("consumptionLimit");
    ConsumptionLimit caps = ConsumptionLimit.NONE;
    if (limit != null && limit.isObject()) {
      caps = ConsumptionLimit.of(decimal(limit.get("usd")), decimal(limit.get("diem")));
    }
    return new KeyMetadata(
        id,
        type,
        lastSix,
        Json.text(json, "walletAddress"),
        Json.text(json, "description"),
        instant(Json.text(json, "issuedAt")),
        instant(Json.text(json, "expiresAt")),
        caps,
        enumOrNull(LimitPeriod.class, Json.text(json, "limitPeriod")),
        enumOrNull(ModelPrivacy.class, Json.text(json, "modelPrivacy")),
        enumOrNull(IssuedKey.LimitsSource.class, Json.text(json, "limitsSource")));
  }

  /** {@link #fromJson(JsonNode)} from bytes. */
  static KeyMetadata parse(byte[] bytes) {
    try {
      return fromJson(Json.parse(bytes));
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("key metadata is not JSON", e);
    }
  }

  private static BigDecimal decimal(JsonNode n) {
    return n == null || n.isNull() ? null : n.decimalValue();
  }

  private static Instant instant(String s) {
    try {
      return s == null ? null : Instant.parse(s);
    } catch (java.time.format.DateTimeParseException e) {
      return null;
    }
  }

  private static <E extends Enum<E>> E enumOrNull(Class<E> type, String name) {
    if (name == null) {
      return null;
    }
    try {
      return Enum.valueOf(type, name);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  @Override
  public String toString() {
    return "KeyMetadata" + Json.writeString(toJson(), false);
  }
}
