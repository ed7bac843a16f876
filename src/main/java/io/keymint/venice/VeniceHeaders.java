package io.keymint.venice;

import java.math.BigDecimal;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Venice's informational response headers: the {@code x-ratelimit-*} family (model and error-budget
 * limits; units differ between Venice's pages, so values are kept as sent) and {@code
 * x-venice-balance-*} (the account's balance before the request, by currency). Headers Venice did
 * not send are absent, never zero.
 *
 * <p>Immutable and thread-safe. Holds no secret: Venice never sends one in these headers, and no
 * other header is kept.
 */
public final class VeniceHeaders {
  /** No headers at all. */
  public static final VeniceHeaders NONE = new VeniceHeaders(Map.of(), Map.of());

  private static final String RATE_LIMIT = "x-ratelimit-";
  private static final String BALANCE = "x-venice-balance-";

  private final Map<String, String> rateLimits;
  private final Map<String, BigDecimal> balances;

  private VeniceHeaders(Map<String, String> rateLimits, Map<String, BigDecimal> balances) {
    this.rateLimits = Collections.unmodifiableMap(new TreeMap<>(rateLimits));
    this.balances = Collections.unmodifiableMap(new LinkedHashMap<>(balances));
  }

  /** Picks the two families out of lower-cased response headers; anything else is dropped. */
  static VeniceHeaders of(Map<String, String> headers) {
    Map<String, String> limits = new TreeMap<>();
    Map<String, BigDecimal> balances = new TreeMap<>();
    headers.forEach(
        (name, value) -> {
          String n = name.toLowerCase(Locale.ROOT);
          if (n.startsWith(RATE_LIMIT) && value != null) {
            limits.put(n, value.strip());
          } else if (n.startsWith(BALANCE) && n.length() > BALANCE.length() && value != null) {
            try {
              balances.put(
                  n.substring(BALANCE.length()).toUpperCase(Locale.ROOT),
                  new BigDecimal(value.strip()));
            } catch (NumberFormatException unreadable) {
              // a value we cannot read is left out rather than guessed
            }
          }
        });
    return limits.isEmpty() && balances.isEmpty() ? NONE : new VeniceHeaders(limits, balances);
  }

  /**
   * The {@code x-ratelimit-*} headers by lower-case name (e.g. {@code
   * x-ratelimit-remaining-requests → "99"}), sorted by name.
   */
  public Map<String, String> rateLimits() {
    return rateLimits;
  }

  /** One {@code x-ratelimit-*} header by its lower-case name. */
  public Optional<String> rateLimit(String name) {
    return Optional.ofNullable(rateLimits.get(name.toLowerCase(Locale.ROOT)));
  }

  /**
   * The {@code x-venice-balance-*} headers by upper-case currency ({@code USD}, {@code DIEM}): the
   * balance before the request.
   */
  public Map<String, BigDecimal> balances() {
    return balances;
  }

  /** True when Venice sent none of these headers. */
  public boolean isEmpty() {
    return rateLimits.isEmpty() && balances.isEmpty();
  }

  @Override
  public String toString() {
    return "VeniceHeaders{rateLimits=" + rateLimits + ", balances=" + balances + "}";
  }
}
