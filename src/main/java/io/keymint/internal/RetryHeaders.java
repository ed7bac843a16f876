package io.keymint.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Map;

/**
 * What a server says about when to come back: {@code Retry-After} as seconds or an HTTP date, or
 * Venice's {@code x-ratelimit-reset-*} as a Unix timestamp. Capped, so a hostile header cannot park
 * a client for a day. How long to wait when the server says nothing is {@link
 * io.keymint.venice.RetryPolicy}'s rule.
 */
public final class RetryHeaders {
  private static final Duration MAX_SERVER_WAIT = Duration.ofMinutes(2);

  private RetryHeaders() {}

  /** What the server asked for (capped), or null when it said nothing usable. */
  public static Duration serverDelayOrNull(Map<String, String> headers, Clock clock) {
    return serverDelay(headers, clock);
  }

  static Duration serverDelay(Map<String, String> headers, Clock clock) {
    Duration d = retryAfter(headers.get("retry-after"), clock);
    if (d == null) {
      d = resetAt(headers.get("x-ratelimit-reset-requests"), clock);
    }
    if (d == null) {
      d = resetAt(headers.get("x-ratelimit-resets"), clock);
    }
    if (d == null) {
      return null;
    }
    if (d.isNegative()) {
      return Duration.ZERO;
    }
    return d.compareTo(MAX_SERVER_WAIT) > 0 ? MAX_SERVER_WAIT : d;
  }

  /** A reset header ({@link #resetAt}'s units) as an instant, uncapped; null when unreadable. */
  public static Instant resetInstant(String value, Clock clock) {
    Duration d = resetAt(value, clock);
    return d == null ? null : clock.instant().plus(d);
  }

  /** {@code Retry-After}: delta-seconds or an HTTP date (RFC 9110 §10.2.3). */
  static Duration retryAfter(String value, Clock clock) {
    if (value == null || value.isBlank()) {
      return null;
    }
    String v = value.trim();
    try {
      return Duration.ofMillis((long) (Double.parseDouble(v) * 1000));
    } catch (NumberFormatException notSeconds) {
      try {
        Instant at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        return Duration.between(clock.instant(), at);
      } catch (DateTimeParseException notDate) {
        return null;
      }
    }
  }

  /**
   * Venice's reset headers: a Unix timestamp. Sources disagree on the unit (seconds or ms), so a
   * value too large to be seconds is read as milliseconds; a small value is read as seconds to
   * wait.
   */
  static Duration resetAt(String value, Clock clock) {
    if (value == null || value.isBlank()) {
      return null;
    }
    double n;
    try {
      n = Double.parseDouble(value.trim());
    } catch (NumberFormatException e) {
      return null;
    }
    long now = clock.millis();
    if (n > 1e11) { // milliseconds since the epoch (1e11 ms is 1973; 1e11 s is the year 5138)
      return Duration.ofMillis((long) n - now);
    }
    if (n > 1e9) { // seconds since the epoch
      return Duration.ofMillis((long) (n * 1000) - now);
    }
    return Duration.ofMillis((long) (n * 1000)); // seconds until reset
  }
}
