package io.keymint.wallet;

import io.keymint.KeymintException;
import io.keymint.Setting;

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

  /**
   * An exception whose advice is to change one library setting.
   *
   * @param message what went wrong and what to do, naming {@link Setting#apiName()}; no secret
   * @param setting the setting to change; not null
   */
  public WalletException(String message, Setting setting) {
    super(message, null, java.util.Objects.requireNonNull(setting, "setting"));
  }

  /**
   * Like {@link #WalletException(String, Setting)}, with the cause.
   *
   * @param message what went wrong and what to do, naming {@link Setting#apiName()}; no secret
   * @param cause the underlying failure, may be null
   * @param setting the setting to change; not null
   */
  public WalletException(String message, Throwable cause, Setting setting) {
    super(message, cause, java.util.Objects.requireNonNull(setting, "setting"));
  }
}
