package io.keymint.wallet;

/**
 * A file holding wallet secrets (keystore, password file) is readable or writable by group or
 * others, and the source was created with {@link LooseFiles#REFUSE}. The message says which file
 * and the {@code chmod} that fixes it.
 */
public final class InsecureFileException extends WalletException {
  private static final long serialVersionUID = 1L;

  InsecureFileException(String message) {
    super(message);
  }
}
