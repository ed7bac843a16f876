package io.keymint.mint;

import io.keymint.KeymintException;

/**
 * The key was minted and stored in every sink, but the check that follows ({@code GET
 * /api_keys/rate_limits} with the new key) failed: Venice does not admit it ({@link #refused()}:
 * {@code accessPermitted: false}, or 401/402/403), or the check could not be completed (the cause
 * says why). Nothing is lost: {@link #result()} has the key and the sinks that hold it. Neither the
 * message nor {@code toString} contains the secret.
 */
public final class KeyNotVerifiedException extends KeymintException {
  private static final long serialVersionUID = 1L;
  private final transient MintResult result;
  private final boolean refused;

  KeyNotVerifiedException(String message, MintResult result, boolean refused, Throwable cause) {
    super(message, cause);
    this.result = result;
    this.refused = refused;
  }

  /** The mint: the key (stored) and where it was written. */
  public MintResult result() {
    return result;
  }

  /**
   * True when Venice answered and does not admit the key; false when the check itself failed (see
   * the cause).
   */
  public boolean refused() {
    return refused;
  }
}
