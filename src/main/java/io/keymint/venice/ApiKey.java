package io.keymint.venice;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A key as {@code GET /api_keys}, {@code GET /api_keys/{id}} and {@code PATCH /api_keys} describe
 * it: metadata and usage, never the secret (only its last six characters). Fields Venice did not
 * send are empty; a type, period or privacy level this client does not know reads as empty rather
 * than failing the whole listing.
 *
 * <p>Immutable and thread-safe.
 */
public final class ApiKey {
  private final String id;
  private final ApiKeyType type;
  private final String description;
  private final Instant createdAt;
  private final Instant expiresAt;
  private final Instant lastUsedAt;
  private final String lastSix;
  private final ConsumptionLimit consumptionLimit;
  private final LimitPeriod limitPeriod;
  private final ModelPrivacy modelPrivacy;
  private final Usage trailingSevenDays;
  private final Usage currentPeriodUsage;

  ApiKey(
      String id,
      ApiKeyType type,
      String description,
      Instant createdAt,
      Instant expiresAt,
      Instant lastUsedAt,
      String lastSix,
      ConsumptionLimit consumptionLimit,
      LimitPeriod limitPeriod,
      ModelPrivacy modelPrivacy,
      Usage trailingSevenDays,
      Usage currentPeriodUsage) {
    this.id = Objects.requireNonNull(id, "id");
    this.type = type;
    this.description = description;
    this.createdAt = createdAt;
    this.expiresAt = expiresAt;
    this.lastUsedAt = lastUsedAt;
    this.lastSix = lastSix;
    this.consumptionLimit = consumptionLimit == null ? ConsumptionLimit.NONE : consumptionLimit;
    this.limitPeriod = limitPeriod;
    this.modelPrivacy = modelPrivacy;
    this.trailingSevenDays = trailingSevenDays;
    this.currentPeriodUsage = currentPeriodUsage;
  }

  /** Venice's id of the key (a UUID). */
  public String id() {
    return id;
  }

  /** INFERENCE or ADMIN; empty if Venice sent a type this client does not know. */
  public Optional<ApiKeyType> type() {
    return Optional.ofNullable(type);
  }

  /** The key's label, if it has one. */
  public Optional<String> description() {
    return Optional.ofNullable(description);
  }

  /** When the key was created; Venice documents it as nullable. */
  public Optional<Instant> createdAt() {
    return Optional.ofNullable(createdAt);
  }

  /** When the key stops working; empty for a key that never expires. */
  public Optional<Instant> expiresAt() {
    return Optional.ofNullable(expiresAt);
  }

  /** When the key was last used; empty if never. */
  public Optional<Instant> lastUsedAt() {
    return Optional.ofNullable(lastUsedAt);
  }

  /**
   * The last six characters of the secret, to tell keys apart (Venice's {@code last6Chars}; the
   * same name as {@link io.keymint.sink.KeyMetadata#lastSix()}); empty if Venice omitted them.
   */
  public Optional<String> lastSix() {
    return Optional.ofNullable(lastSix);
  }

  /**
   * The stored caps (including the deprecated {@code vcu}, read only); {@link
   * ConsumptionLimit#NONE} if none.
   */
  public ConsumptionLimit consumptionLimit() {
    return consumptionLimit;
  }

  /** The window the caps apply to. */
  public Optional<LimitPeriod> limitPeriod() {
    return Optional.ofNullable(limitPeriod);
  }

  /** Which models the key may call. */
  public Optional<ModelPrivacy> modelPrivacy() {
    return Optional.ofNullable(modelPrivacy);
  }

  /**
   * Spend over the last seven days; empty when Venice sent no {@code usage} (the PATCH answer never
   * does).
   */
  public Optional<Usage> trailingSevenDays() {
    return Optional.ofNullable(trailingSevenDays);
  }

  /** Spend in the current limit period; Venice sends it only for a key with a USD or DIEM cap. */
  public Optional<Usage> currentPeriodUsage() {
    return Optional.ofNullable(currentPeriodUsage);
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof ApiKey)) {
      return false;
    }
    ApiKey k = (ApiKey) o;
    return id.equals(k.id)
        && type == k.type
        && Objects.equals(description, k.description)
        && Objects.equals(createdAt, k.createdAt)
        && Objects.equals(expiresAt, k.expiresAt)
        && Objects.equals(lastUsedAt, k.lastUsedAt)
        && Objects.equals(lastSix, k.lastSix)
        && consumptionLimit.equals(k.consumptionLimit)
        && limitPeriod == k.limitPeriod
        && modelPrivacy == k.modelPrivacy
        && Objects.equals(trailingSevenDays, k.trailingSevenDays)
        && Objects.equals(currentPeriodUsage, k.currentPeriodUsage);
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        id,
        type,
        description,
        createdAt,
        expiresAt,
        lastUsedAt,
        lastSix,
        limitPeriod,
        modelPrivacy);
  }

  @Override
  public String toString() {
    return "ApiKey{id="
        + id
        + ", type="
        + type
        + ", description="
        + description
        + ", lastSix="
        + lastSix
        + ", createdAt="
        + createdAt
        + ", expiresAt="
        + expiresAt
        + ", lastUsedAt="
        + lastUsedAt
        + ", consumptionLimit="
        + consumptionLimit
        + ", limitPeriod="
        + limitPeriod
        + ", modelPrivacy="
        + modelPrivacy
        + ", trailingSevenDays="
        + trailingSevenDays
        + ", currentPeriodUsage="
        + currentPeriodUsage
        + "}";
  }
}
