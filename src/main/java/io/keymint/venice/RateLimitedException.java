package io.keymint.venice;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Venice answered 429: too many requests, too many keys created in the last minute, or too many
 * failed requests (the error budget). Carries what Venice said about when to come back.
 */
public final class RateLimitedException extends VeniceServiceException {
  private static final long serialVersionUID = 1L;
  private final Duration retryAfter;
  private final Instant requestsResetAt;
  private final Instant tokensResetAt;
  private final Instant errorBudgetResetsAt;
  private final String limitType;

  RateLimitedException(
      ErrorInfo info,
      Duration retryAfter,
      Instant requestsResetAt,
      Instant tokensResetAt,
      Instant errorBudgetResetsAt,
      String limitType) {
    super(info);
    this.retryAfter = retryAfter;
    this.requestsResetAt = requestsResetAt;
    this.tokensResetAt = tokensResetAt;
    this.errorBudgetResetsAt = errorBudgetResetsAt;
    this.limitType = limitType;
  }

  /**
   * How long Venice asked to wait: {@code Retry-After} (seconds or an HTTP date), else the
   * request-limit reset, else the error-budget reset; capped at two minutes.
   */
  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }

  /** {@code x-ratelimit-reset-requests} as an instant (Unix seconds or ms, or seconds from now). */
  public Optional<Instant> requestsResetAt() {
    return Optional.ofNullable(requestsResetAt);
  }

  /** {@code x-ratelimit-reset-tokens} as an instant. */
  public Optional<Instant> tokensResetAt() {
    return Optional.ofNullable(tokensResetAt);
  }

  /** {@code x-ratelimit-resets}: when the failed-request budget refills. */
  public Optional<Instant> errorBudgetResetsAt() {
    return Optional.ofNullable(errorBudgetResetsAt);
  }

  /** {@code x-ratelimit-type}: {@code user}, {@code api_key} or {@code global}, when sent. */
  public Optional<String> limitType() {
    return Optional.ofNullable(limitType);
  }
}
