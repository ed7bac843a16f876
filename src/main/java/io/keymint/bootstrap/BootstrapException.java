package io.keymint.bootstrap;

import io.keymint.KeymintException;
import java.util.Objects;

/**
 * A bootstrap step failed in a way the caller acts on differently from a plain Venice, wallet or
 * sink failure (those propagate as their own exceptions). {@link #kind()} says which.
 */
public class BootstrapException extends KeymintException {
  private static final long serialVersionUID = 1L;

  /** What went wrong. */
  public enum Kind {
    /** The lock beside the sink was not free within the wait bound, or the bound passed. */
    TIMED_OUT,
    /** A key was minted, no sink could store it, and it was sealed in a recovery file. */
    ESCROWED,
    /** Rotation stored a new key that Venice does not admit; the old key was not revoked. */
    NEW_KEY_REJECTED,
    /** A recovery file could not be opened: wrong wallet, altered or unreadable file. */
    RECOVERY_FAILED,
    /**
     * The stored key is valid but Venice refuses it now (spend limit reached, balance exhausted,
     * access disabled); it was not replaced, because a new key would lift its cap.
     */
    KEY_REFUSED,
    /**
     * The wallet's signatures are randomised (a PKCS#11 token, a KMS), so the wallet-derived
     * recovery escrow cannot work, and no recipient key was given to seal to instead: refused
     * before anything was minted.
     */
    NO_ESCROW
  }

  private final Kind kind;

  /**
   * An exception of {@code kind}.
   *
   * @param kind what went wrong; not null
   * @param message one line, what happened and what to do; never a secret
   * @param cause the underlying failure, may be null
   */
  public BootstrapException(Kind kind, String message, Throwable cause) {
    super(message, cause);
    this.kind = Objects.requireNonNull(kind, "kind");
  }

  /** What went wrong. */
  public Kind kind() {
    return kind;
  }
}
