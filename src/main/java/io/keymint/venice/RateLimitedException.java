package io.keymint.venice;

import java.time.Duration;
import java.util.Optional;

/** Venice answered 429: too many requests, or too many keys created in the last minute. */
public final class RateLimitedException extends VeniceServiceException {
  private static final long serialVersionUID = 1L;
  private final Duration retryAfter;

  RateLimitedException(ErrorInfo info, Duration retryAfter) {
    super(info);
    this.retryAfter = retryAfter;
  }

  /** How long Venice asked to wait ({@code Retry-After} or a reset header), when it said. */
  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }
}
