package io.keymint.venice;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * {@code GET /api_keys/rate_limits} for the calling key: whether Venice admits it, its balances and
 * expiry. {@link #accessPermitted()} is Venice's real admission check.
 *
 * <p>Immutable and thread-safe.
 */
public final class RateLimits {
  private final boolean accessPermitted;
  private final Map<String, BigDecimal> balances;
  private final Instant keyExpiration;
  private final Instant nextEpochBegins;

  RateLimits(boolean accessPermitted, Map<String, BigDecimal> balances, Instant keyExpiration, Instant nextEpochBegins) {
    this.accessPermitted = accessPermitted;
    this.balances = Map.copyOf(balances);
    this.keyExpiration = keyExpiration;
    this.nextEpochBegins = nextEpochBegins;
  }

  /** Whether Venice admits requests with this key now. */
  public boolean accessPermitted() {
    return accessPermitted;
  }

  /**
   * Balances by currency as Venice names them ({@code USD}, {@code DIEM}, {@code BUNDLED_CREDITS},
   * and any it adds later), each clamped to the key's remaining limit.
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

  @Override
  public String toString() {
    return "RateLimits{accessPermitted=" + accessPermitted + ", balances=" + balances + ", keyExpiration="
        + keyExpiration + ", nextEpochBegins=" + nextEpochBegins + "}";
  }
}
