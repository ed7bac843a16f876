package io.keymint.escrow;

import io.keymint.KeymintException;
import io.keymint.Setting;
import java.util.Objects;

/**
 * The escrow failed, or did its job in a way the caller must act on: a key was sealed instead of
 * stored ({@link KeyEscrowedException}), a sealed key could not be opened, or no escrow could seal
 * a key for this wallet. {@link #kind()} says which.
 */
public class EscrowException extends KeymintException {
  private static final long serialVersionUID = 1L;

  /** What went wrong. */
  public enum Kind {
    /**
     * A key was minted, no sink could store it, and it was sealed (see {@link
     * KeyEscrowedException}).
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
    super(message, cause, setting);
    this.kind = Objects.requireNonNull(kind, "kind");
  }

  /** What went wrong. */
  public Kind kind() {
    return kind;
  }
}
