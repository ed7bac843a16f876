package io.keymint.store;

/** The key store could not be reached, or did not answer before the deadline. */
public final class StoreUnreachableException extends StoreException {
  private static final long serialVersionUID = 1L;

  /** A failure with a message for people and its cause (may be null). */
  public StoreUnreachableException(String message, Throwable cause) {
    super(message, cause);
  }
}
