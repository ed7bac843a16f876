package io.keymint.wallet;

import java.nio.file.Path;

/**
 * The password of a keystore file, read when the keystore is unlocked and wiped right after. It is
 * normalised to Unicode NFKC before use, as ethers does, so a password typed on another system
 * still opens the file. Never printed.
 */
public final class KeystorePassword {
  // TODO(wallet helper): implement; this stub exists so that the contract compiles.
  private KeystorePassword() {}

  /** The file's content, less one trailing newline ({@code \n} or {@code \r\n}). */
  public static KeystorePassword fromFile(Path file) {
    throw new UnsupportedOperationException("not yet implemented");
  }

  /** The value of environment variable {@code name}. */
  public static KeystorePassword fromEnv(String name) {
    throw new UnsupportedOperationException("not yet implemented");
  }

  /** The given characters; the array is copied, and the copy wiped after use. */
  public static KeystorePassword of(char[] password) {
    throw new UnsupportedOperationException("not yet implemented");
  }
}
