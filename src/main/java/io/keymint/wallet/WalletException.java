package io.keymint.wallet;

import io.keymint.KeymintException;

/**
 * A wallet could not be loaded or unlocked: missing file, wrong password, malformed keystore, too
 * little memory for its scrypt parameters, an unset environment variable. The message says what to
 * do; it never contains a password, private key or mnemonic.
 */
public class WalletException extends KeymintException {
  private static final long serialVersionUID = 1L;

  /** An exception with a one-line message that must not contain key material. */
  public WalletException(String message) {
    super(message);
  }

  /**
   * Like {@link #WalletException(String)}, with the cause (which must not quote secrets either).
   */
  public WalletException(String message, Throwable cause) {
    super(message, cause);
  }
}
