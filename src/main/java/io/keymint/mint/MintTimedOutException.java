package io.keymint.mint;

import io.keymint.KeymintException;

/**
 * The mint's time limit ({@link Web3KeyMinter.Builder#maxDuration}) passed. The cause, when there
 * is one, is what the last attempt met; its message says whether a key may have been created.
 */
public final class MintTimedOutException extends KeymintException {
  private static final long serialVersionUID = 1L;

  MintTimedOutException(String message, Throwable cause) {
    super(message, cause);
  }
}
