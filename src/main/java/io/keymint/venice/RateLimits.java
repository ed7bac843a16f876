package io.keymint.venice;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code GET /api_keys/rate_limits} for the calling key: whether Venice admits it, its balances and
 * expiry, its tier and its per-model limits. {@link #accessPermitted()} is Venice's real admission
 * check.
 *
 * <p>Immutable and thread-safe.
 */
public final class RateLimits {
  private final boolean accessPermitted;
  private final Map<String, BigDecimal> balances;
  private final Instant keyExpiration;
  private final Instant nextEpochBegins;
  private final ApiTier apiTier;
  private final List<ModelLimits> modelLimits;
  private final VeniceHeaders headers;

  RateLimits(
      boolean accessPermitted,
      Map<String, BigDecimal> balances,
      Instant keyExpiration,
      Instant nextEpochBegins) {
    this(accessPermitted, balances, keyExpiration, nextEpochBegins, null, List.of());
  }

  RateLimits(
      boolean accessPermitted,
      Map<String, BigDecimal> balances,
      Instant keyExpiration,
      Instant nextEpochBegins,
      ApiTier apiTier,
      List<ModelLimits> modelLimits) {
    this(
        accessPermitted,
        balances,
        keyExpiration,
        nextEpochBegins,
        apiTier,
        modelLimits,
        VeniceHeaders.NONE);
  }

  private RateLimits(
      boolean accessPermitted,
      Map<String, BigDecimal> balances,
      Instant keyExpiration,
      Instant nextEpochBegins,
      ApiTier apiTier,
      List<ModelLimits> modelLimits,
      VeniceHeaders headers) {
    this.headers = headers;
    this.accessPermitted = accessPermitted;
    // insertion order kept (Venice's order), so tables print USD, DIEM, BUNDLED_CREDITS as sent
    this.balances = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(balances));
    this.keyExpiration = keyExpiration;
    this.nextEpochBegins = nextEpochBegins;
    this.apiTier = apiTier;
    this.modelLimits = List.copyOf(modelLimits);
  }

  /** Whether Venice admits requests with this key now. */
  public boolean accessPermitted() {
    return accessPermitted;
  }

  /**
   * Balances by currency as Venice names them ({@code USD}, {@code DIEM}, {@code BUNDLED_CREDITS},
   * and any it adds later), each clamped to the key's remaining limit. A currency Venice omitted
   * (unknown balance) is absent, not zero.
   */
  public Map<String, BigDecimal> balances() {
    return balances;
  }

  /** When the calling key expires; empty if never. */
  public Optional<Instant> keyExpiration() {
    return Optional.ofNullable(keyExpiration);
  }

  /** When the next daily epoch (and DIEM refresh) begins. */
  public Optional<Instant> nextEpochBegins() {
    return Optional.ofNullable(nextEpochBegins);
  }

  /** The account's API tier; empty if Venice sent none. */
  public Optional<ApiTier> apiTier() {
    return Optional.ofNullable(apiTier);
  }

  /** Per-model limits, in Venice's order; video and music models have an empty list. */
  public List<ModelLimits> modelLimits() {
    return modelLimits;
  }

  /** A copy carrying the response's headers. */
  RateLimits withHeaders(VeniceHeaders headers) {
    return new RateLimits(
        accessPermitted, balances, keyExpiration, nextEpochBegins, apiTier, modelLimits, headers);
  }

  /**
   * Venice's {@code x-ratelimit-*} and {@code x-venice-balance-*} headers on this answer; {@link
   * VeniceHeaders#NONE} when it sent none.
   */
  public VeniceHeaders headers() {
    return headers;
  }

  /**
   * True when Venice reported both a USD and a DIEM balance, both zero, and no positive bundled
   * credits: model requests will fail until the account can spend. False when either is unknown
   * (omitted).
   */
  public boolean cannotSpend() {
    BigDecimal usd = balances.get("USD");
    BigDecimal diem = balances.get("DIEM");
    BigDecimal bundled = balances.get("BUNDLED_CREDITS");
    return usd != null
        && diem != null
        && usd.signum() <= 0
        && diem.signum() <= 0
        && (bundled == null || bundled.signum() <= 0);
  }

  @Override
  public String toString() {
    return "RateLimits{accessPermitted="
        + accessPermitted
        + ", balances="
        + balances
        + ", keyExpiration="
        + keyExpiration
        + ", nextEpochBegins="
        + nextEpochBegins
        + ", apiTier="
        + apiTier
        + ", modelLimits="
        + modelLimits
        + "}";
  }

  /**
   * The account's tier.
   *
   * @param id e.g. {@code paid}
   * @param isCharged whether requests are charged (Venice says always true)
   */
  public record ApiTier(String id, boolean isCharged) {}

  /**
   * The limits of one model.
   *
   * @param apiModelId the model; null when Venice left it out (it is optional)
   * @param limits its limits, possibly empty
   */
  public record ModelLimits(String apiModelId, List<Limit> limits) {
    /** Copies {@code limits}. */
    public ModelLimits {
      limits = List.copyOf(limits);
    }
  }

  /**
   * One limit.
   *
   * @param type {@code RPM}, {@code RPD} or {@code TPM} (kept as a string: Venice may add types)
   * @param amount how many per period
   */
  public record Limit(String type, BigDecimal amount) {}
}
