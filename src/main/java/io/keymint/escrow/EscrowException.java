package io.keymint.escrow;

import io.keymint.KeymintException;
import io.keymint.Setting;
import io.keymint.sink.SinkWriteException;
import io.keymint.venice.ApiKey;
import java.nio.file.Path;
import java.util.Objects;

/**
 * The escrow failed, or did its job in a way the caller must act on: a key was sealed instead of
 * stored ({@link Kind#ESCROWED}), a sealed key could not be opened, or no escrow could seal a key
 * for this wallet. {@link #kind()} says which.
 *
 * <p><b>Escrowed.</b> A key was minted, every sink failed to store it, and it was sealed in a
 * recovery file that only the minting wallet (or the recipient key's holder) can open. {@link
 * #recoveryFile()} names the file; restore it with {@code keymint recover --file FILE} (or {@code
 * KeyBootstrap.recover(Path)}) once the sinks work again. When not even the recovery file could be
 * written (a full disk), {@link #recoveryFile()} is null and {@link #sealed()} is the text to keep:
 * {@code keymint recover -} reads it from stdin. The cause says why the sinks failed (a {@link
 * SinkWriteException}, or the process shutting down). The key itself ({@link #key()}) is not
 * serialized with the exception (transient field).
 */
public final class EscrowException extends KeymintException {
  private static final long serialVersionUID = 1L;

  /** What went wrong. */
  public enum Kind {
    /**
     * A key was minted, no sink could store it, and it was sealed: {@link #recoveryFile()} or
     * {@link #sealed()} says where.
     */
    ESCROWED,
    /**
     * A recovery file or sealed text could not be opened: wrong wallet or key, altered, unreadable.
     */
    RECOVERY_FAILED,
    /**
     * The wallet's signatures are randomised (a PKCS#11 token, a KMS), so the wallet-derived
     * recovery escrow cannot work, and no recipient key was given to seal to instead: refused
     * before anything was minted.
     */
    NO_ESCROW
  }

  private final Kind kind;
  private final transient ApiKey key;
  private final String recoveryFile;
  private final String sealed;

  /**
   * An exception of {@code kind}.
   *
   * @param kind what went wrong; not null
   * @param message one line, what happened and what to do; never a secret
   * @param cause the underlying failure, may be null
   */
  public EscrowException(Kind kind, String message, Throwable cause) {
    this(kind, message, cause, null);
  }

  /**
   * An exception of {@code kind} whose advice is to change {@code setting}.
   *
   * @param kind what went wrong; not null
   * @param message one line, naming {@link Setting#apiName()}; never a secret
   * @param cause the underlying failure, may be null
   * @param setting the setting the message tells the caller to change, may be null
   */
  public EscrowException(Kind kind, String message, Throwable cause, Setting setting) {
    this(kind, message, cause, setting, null, null, null);
  }

  private EscrowException(
      Kind kind,
      String message,
      Throwable cause,
      Setting setting,
      ApiKey key,
      Path recoveryFile,
      String sealed) {
    super(message, cause, setting);
    this.kind = Objects.requireNonNull(kind, "kind");
    this.key = key;
    this.recoveryFile = recoveryFile == null ? null : recoveryFile.toString();
    this.sealed = sealed;
  }

  /** A key sealed instead of stored: {@link Kind#ESCROWED}, with where it is. */
  static EscrowException escrowed(
      String message, ApiKey key, Path recoveryFile, String sealed, RuntimeException cause) {
    return new EscrowException(
        Kind.ESCROWED, message, cause, null, key, recoveryFile, Objects.requireNonNull(sealed));
  }

  /** What went wrong. */
  public Kind kind() {
    return kind;
  }

  /**
   * The escrowed key, with its secret: the caller may still store it elsewhere.
   *
   * @return the key; null unless {@link #kind()} is {@link Kind#ESCROWED}, or if deserialized
   */
  public ApiKey key() {
    return key;
  }

  /**
   * The encrypted recovery file the key was sealed in.
   *
   * @return the file; null unless {@link #kind()} is {@link Kind#ESCROWED}, and null when no file
   *     could be written: then {@link #sealed()} holds its text
   */
  public Path recoveryFile() {
    return recoveryFile == null ? null : Path.of(recoveryFile);
  }

  /**
   * The sealed key's text (a recovery file's content), safe to show: only the minting wallet (or
   * the recipient key) opens it, with {@link RecoveryEscrow#openSealed} or {@code keymint recover
   * -}.
   *
   * @return the text; null unless {@link #kind()} is {@link Kind#ESCROWED}
   */
  public String sealed() {
    return sealed;
  }
}
