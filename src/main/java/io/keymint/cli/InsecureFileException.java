package io.keymint.cli;

import io.keymint.KeymintException;

/** {@code --strict}: a file holding wallet secrets is readable by group or others (exit 13). */
final class InsecureFileException extends KeymintException {
  private static final long serialVersionUID = 1L;

  InsecureFileException(String message) {
    super(message);
  }
}
