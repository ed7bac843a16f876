package io.keymint.escrow;

import io.keymint.sink.SinkWriteException;
import io.keymint.venice.IssuedKey;
import java.nio.file.Path;

/**
 * A key was minted, every sink failed to store it, and it was sealed in a recovery file that only
 * the minting wallet can open ({@link RecoveryEscrow}). Restore it with {@code keymint recover
 * --file FILE} (or {@code KeyBootstrap.recover(Path)}) once the sinks work again. When not even the
 * recovery file could be written (a full disk), {@link #recoveryFile()} is null and {@link
 * #sealed()} is the text to keep: {@code keymint recover -} reads it from stdin. The cause says why
 * the sinks failed (a {@link SinkWriteException}, or the process shutting down).
 *
 * <p>The key itself is not serialized with the exception (transient field).
 */
public final class KeyEscrowedException extends EscrowException {
  private static final long serialVersionUID = 1L;

  private final transient IssuedKey key;
  private final String recoveryFile;
  private final String sealed;

  KeyEscrowedException(
      String message, IssuedKey key, Path recoveryFile, String sealed, RuntimeException cause) {
    super(Kind.ESCROWED, message, cause);
    this.key = key;
    this.recoveryFile = recoveryFile == null ? null : recoveryFile.toString();
    this.sealed = sealed;
  }

  /**
   * The minted key, with its secret: the caller may still store it elsewhere. Null if deserialized.
   */
  public IssuedKey key() {
    return key;
  }

  /**
   * The encrypted recovery file.
   *
   * @return the file, or null when none could be written: then {@link #sealed()} holds its text
   */
  public Path recoveryFile() {
    return recoveryFile == null ? null : Path.of(recoveryFile);
  }

  /**
   * The sealed key's text (a recovery file's content), safe to show: only the minting wallet opens
   * it, with {@link RecoveryEscrow#openSealed} or {@code keymint recover -}.
   *
   * @return the text; never null
   */
  public String sealed() {
    return sealed;
  }
}
