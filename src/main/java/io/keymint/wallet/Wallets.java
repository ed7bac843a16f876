package io.keymint.wallet;

import java.nio.file.Path;

/** The built-in wallet sources. */
final class Wallets {
  // TODO(wallet helper): implement; this stub exists so that the contract compiles.
  private Wallets() {}

  static WalletSource keystore(Path file, KeystorePassword password) {
    throw new UnsupportedOperationException("not yet implemented");
  }

  static WalletSource privateKeyEnv(String name) {
    throw new UnsupportedOperationException("not yet implemented");
  }

  static WalletSource mnemonicEnv(String name) {
    throw new UnsupportedOperationException("not yet implemented");
  }

  static WalletSource privateKey(char[] hex) {
    throw new UnsupportedOperationException("not yet implemented");
  }
}
