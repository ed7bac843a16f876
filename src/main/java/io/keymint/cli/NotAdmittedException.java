package io.keymint.cli;

import io.keymint.KeymintException;

/** A created key is stored but Venice does not admit it: exit 18. Never holds a secret. */
final class NotAdmittedException extends KeymintException {
  private static final long serialVersionUID = 1L;

  NotAdmittedException(String message, Throwable cause) {
    super(message, cause);
  }
}
