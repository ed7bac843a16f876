package io.keymint.bootstrap;

import io.keymint.KeymintException;
import io.keymint.Setting;
import java.util.Objects;

/**
 * A bootstrap step failed in a way the caller acts on differently from a plain Venice, wallet or
 * sink failure (those propagate as their own exceptions). {@link #kind()} says which. The escrow's
 * failures (a key sealed, a recovery file that does not open) are {@link
 * io.keymint.escrow.EscrowException}s.
 */
public class BootstrapException extends KeymintException {
  private static final long serialVersionUID = 1L;

  /** What went wrong. */
  public enum Kind {
    /** The lock beside the sink was not free within the wait bound, or the bound passed. */
    TIMED_OUT,
    /** Rotation stored a new key that Venice does not admit; the old key was not revoked. */
    NEW_KEY_REJECTED,
    /**
     * The stored key is valid but Venice refuses it now (spend limit reached, balance exhausted,
     * access disabled); it was not replaced, because a new key would lift its cap.
     */
    KEY_REFUSED
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
    this(kind, message, cause, null);
  }

  /**
   * An exception of {@code kind} whose advice is to change {@code setting}.
   *
   * @param kind what went wrong; not null
   * @param message one line, naming {@link Setting#apiName()}; never a secret
   * @param cause the underlying failure, may be null
   * @param setting the setting the message tells the caller to change, may be null
   */
  public BootstrapException(Kind kind, String message, Throwable cause, Setting setting) {
    super(message, cause, setting);
    this.kind = Objects.requireNonNull(kind, "kind");
  }

  /** What went wrong. */
  public Kind kind() {
    return kind;
  }
}
