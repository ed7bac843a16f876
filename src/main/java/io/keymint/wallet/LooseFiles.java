package io.keymint.wallet;

import java.nio.file.Path;
import org.slf4j.LoggerFactory;

/**
 * What a keystore source does with a keystore or password file that group or others can read or
 * write (ssh's rule for private key files): {@link #WARN} logs it, {@link #REFUSE} throws. Checked
 * once, when the source is created ({@link WalletSource#keystore(Path, KeystorePassword,
 * LooseFiles)}, {@link KeystorePassword#fromFile(Path, LooseFiles)}). Implementations may be called
 * from any thread.
 */
@FunctionalInterface
public interface LooseFiles {
  /** Logs the finding at WARN (logger {@code io.keymint.wallet.LooseFiles}) and goes on. */
  LooseFiles WARN = (file, message) -> LoggerFactory.getLogger(LooseFiles.class).warn(message);

  /** Throws {@link InsecureFileException}. */
  LooseFiles REFUSE =
      (file, message) -> {
        throw new InsecureFileException(message);
      };

  /**
   * Called when {@code file} is open to group or others.
   *
   * @param file the file; not null
   * @param message one line naming the file, its mode and the {@code chmod} that fixes it
   * @throws WalletException to refuse the file
   */
  void found(Path file, String message);

  /**
   * Checks {@code file} now and calls {@link #found} if group or others can read or write it: for
   * other files that hold wallet secrets (a PKCS#11 PIN file). A null, absent or non-POSIX file is
   * left alone.
   *
   * @param file the file, may be null
   * @param what how messages name it ("PIN file")
   * @throws WalletException if this policy refuses the file
   */
  default void check(Path file, String what) {
    FileModes.check(file, what, this);
  }
}
