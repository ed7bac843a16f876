package io.keymint.store;

import io.keymint.KeymintException;
import java.util.Objects;

/** A {@link KeyStore} failed; {@link #kind()} says how. The message never holds a secret. */
public final class StoreException extends KeymintException {
  private static final long serialVersionUID = 1L;

  /** How the store failed. */
  public enum Kind {
    /** The store could not be reached, or did not answer before the deadline. */
    UNREACHABLE,
    /**
     * A compare-and-set write lost: the record changed since it was read, or the writer's lease ran
     * out (another holder may have written since). Retrying the same write cannot succeed.
     */
    CONFLICT,
    /** The store's record cannot be opened: another wallet's, or corrupt. */
    UNREADABLE
  }

  private final Kind kind;

  /**
   * A failure of {@code kind}.
   *
   * @param kind how the store failed; not null
   * @param message one line for people; never a secret
   * @param cause the underlying failure, may be null
   */
  public StoreException(Kind kind, String message, Throwable cause) {
    super(message, cause);
    this.kind = Objects.requireNonNull(kind, "kind");
  }

  /** How the store failed. */
  public Kind kind() {
    return kind;
  }
}
