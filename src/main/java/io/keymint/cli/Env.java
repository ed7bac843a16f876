package io.keymint.cli;

import io.keymint.wallet.WalletException;
import java.util.function.Function;

/** Environment lookup; the process environment in production, a map in tests. */
final class Env {
  private final Function<String, String> lookup;

  Env(Function<String, String> lookup) {
    this.lookup = lookup;
  }

  /** The value, or null when unset or blank. */
  String get(String name) {
    String v = lookup.apply(name);
    return v == null || v.isBlank() ? null : v;
  }

  /** The value of a variable that holds wallet material; a clear error when it is unset. */
  char[] walletSecret(String name, String what) {
    String v = get(name);
    if (v == null) {
      throw new WalletException(
          "environment variable " + name + " is not set: export the wallet's " + what + ", or use --keystore");
    }
    return v.strip().toCharArray();
  }
}
