package io.keymint.venice;

import io.keymint.KeymintException;
import io.keymint.Setting;

/** Talking to Venice failed: it answered with an error, or it could not be reached. */
public abstract class VeniceException extends KeymintException {
  private static final long serialVersionUID = 1L;

  VeniceException(String message, Throwable cause) {
    super(message, cause);
  }

  VeniceException(String message, Throwable cause, Setting setting) {
    super(message, cause, setting);
  }
}
