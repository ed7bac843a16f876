package io.keymint.store;

import io.keymint.KeymintException;

/** A {@link KeyStore} failed. The message never holds a secret. */
public class StoreException extends KeymintException {
  private static final long serialVersionUID = 1L;

  /** A failure with a message for people and its cause (may be null). */
  public StoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
