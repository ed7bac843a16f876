package io.keymint.mint;

import io.keymint.venice.ApiKey;
import io.keymint.venice.RateLimits;
import java.util.List;
import java.util.Optional;

/**
 * What a mint did: the key (with its secret), the sinks it was written to, and how it went. {@link
 * #toString()} never shows the secret.
 *
 * <p>Immutable and thread-safe.
 */
public final class MintResult {
  private final ApiKey key;
  private final List<String> sinks;
  private final int attempts;
  private final int ambiguousAttempts;
  private final int tokensFetched;
  private final RateLimits verification;
  private final OrphanCheck orphans;

  MintResult(
      ApiKey key,
      List<String> sinks,
      int attempts,
      int ambiguousAttempts,
      int tokensFetched,
      RateLimits verification,
      OrphanCheck orphans) {
    this.key = key;
    this.sinks = List.copyOf(sinks);
    this.attempts = attempts;
    this.ambiguousAttempts = ambiguousAttempts;
    this.tokensFetched = tokensFetched;
    this.verification = verification;
    this.orphans = orphans;
  }

  /** A copy with the verification's answer. */
  MintResult withVerification(RateLimits verification) {
    return new MintResult(
        key, sinks, attempts, ambiguousAttempts, tokensFetched, verification, orphans);
  }

  /**
   * Venice's {@code GET /api_keys/rate_limits} answer for the new key, asked right after the mint
   * (admission, balances, expiry); empty when verification was turned off.
   */
  public Optional<RateLimits> verification() {
    return Optional.ofNullable(verification);
  }

  /** What was done about orphans of ambiguous attempts; empty when no attempt was ambiguous. */
  public Optional<OrphanCheck> orphans() {
    return Optional.ofNullable(orphans);
  }

  /** The minted key. Its secret is already stored in every sink. */
  public ApiKey key() {
    return key;
  }

  /** The descriptions of the sinks the secret was written to, in order. */
  public List<String> sinks() {
    return sinks;
  }

  /** How many times the mint was posted (1 when all went well). */
  public int attempts() {
    return attempts;
  }

  /**
   * Attempts that ended without an answer (5xx, or a connection lost after sending): each may have
   * minted a key whose secret never arrived. Non-zero means: list the wallet's keys and revoke any
   * that is not {@link #key()}.
   */
  public int ambiguousAttempts() {
    return ambiguousAttempts;
  }

  /** How many tokens were fetched (more than 1 after an expired token or an ambiguous attempt). */
  public int tokensFetched() {
    return tokensFetched;
  }

  @Override
  public String toString() {
    return "MintResult{key="
        + key
        + ", sinks="
        + sinks
        + ", attempts="
        + attempts
        + ", ambiguousAttempts="
        + ambiguousAttempts
        + (verification == null ? "" : ", accessPermitted=" + verification.accessPermitted())
        + (orphans == null ? "" : ", orphans=" + orphans)
        + "}";
  }
}
