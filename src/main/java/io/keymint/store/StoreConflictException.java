package io.keymint.store;

/**
 * A compare-and-set write lost: the record changed since it was read, or the writer's lease ran out
 * (another holder may have written since). Retrying the same write cannot succeed.
 */
public final class StoreConflictException extends StoreException {
  private static final long serialVersionUID = 1L;

  /** A failure with a message for people and its cause (may be null). */
  public StoreConflictException(String message, Throwable cause) {
    super(message, cause);
  }
}
