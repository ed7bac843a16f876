package io.keymint.bootstrap;

import io.keymint.sink.SinkWriteException;
import io.keymint.venice.IssuedKey;
import java.nio.file.Path;

/**
 * A key was minted, every sink failed to store it, and it was sealed in a recovery file that only
 * the minting wallet can open ({@link RecoveryEscrow}). Restore it with {@code keymint recover
 * --file FILE} (or {@link KeyBootstrap#recover(Path)}) once the sinks work again. The cause is the
 * {@link SinkWriteException} that says why the sinks failed.
 *
 * <p>The key itself is not serialized with the exception (transient field).
 */
public final class KeyEscrowedException extends BootstrapException {
  private static final long serialVersionUID = 1L;

  private final transient IssuedKey key;
  private final String recoveryFile;

  KeyEscrowedException(String message, IssuedKey key, Path recoveryFile, SinkWriteException cause) {
    super(Kind.ESCROWED, message, cause);
    this.key = key;
    this.recoveryFile = recoveryFile.toString();
  }

  /**
   * The minted key, with its secret: the caller may still store it elsewhere. Null if deserialized.
   */
  public IssuedKey key() {
    return key;
  }

  /** The encrypted recovery file. */
  public Path recoveryFile() {
    return Path.of(recoveryFile);
  }
}
