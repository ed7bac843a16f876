package io.keymint.venice;

import java.time.Instant;

/**
 * One breach from {@code GET /api_keys/rate_limits/log}. The raw strings are kept as Venice sent
 * them, so a type or model form added later is not lost; {@link #type()} maps the type to an enum.
 *
 * @param apiKeyId the key that hit the limit
 * @param modelId a model id, or another form such as {@code endpoint:api/v1/api_keys} or {@code
 *     model:unknown}
 * @param rateLimitTier the account's tier, e.g. {@code paid}
 * @param rateLimitType the limit as Venice names it ({@code RPM}, {@code FAILED_REQUESTS}, ...)
 * @param timestamp when it happened; null if Venice sent none or an unreadable one
 */
public record RateLimitLogEntry(
    String apiKeyId,
    String modelId,
    String rateLimitTier,
    String rateLimitType,
    Instant timestamp) {

  /** The kinds of limit Venice logs; {@link #UNKNOWN} for one added after this client was built. */
  public enum Type {
    /** Requests per minute. */
    RPM,
    /** Requests per day. */
    RPD,
    /** Tokens per minute. */
    TPM,
    /** Too many failed (4xx) requests in 30 s: the client is locked out for a while. */
    FAILED_REQUESTS,
    /** Too many requests for features the model does not support. */
    UNSUPPORTED_FEATURE_REQUESTS,
    /** A type this client does not know; read {@link RateLimitLogEntry#rateLimitType()}. */
    UNKNOWN
  }

  /** {@link #rateLimitType()} as an enum, {@link Type#UNKNOWN} when unrecognised. */
  public Type type() {
    return Responses.enumOr(Type.class, rateLimitType, Type.UNKNOWN);
  }

  /** True when {@link #modelId()} names an endpoint ({@code endpoint:…}) rather than a model. */
  public boolean isEndpoint() {
    return modelId != null && modelId.startsWith("endpoint:");
  }
}
