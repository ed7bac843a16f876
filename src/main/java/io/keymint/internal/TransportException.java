package io.keymint.internal;

import java.io.IOException;

/**
 * An I/O failure talking to Venice. {@link #requestSent()} matters for non-idempotent calls: when
 * the connection failed before the request left this process, no key can have been created; after,
 * one may have been.
 */
public final class TransportException extends IOException {
  private static final long serialVersionUID = 1L;
  private final boolean requestSent;
  private final int status;

  public TransportException(String message, boolean requestSent, Throwable cause) {
    this(message, requestSent, 0, cause);
  }

  /**
   * @param status the status line that arrived before the failure (its body could not be read), or
   *     0 when none did
   */
  public TransportException(String message, boolean requestSent, int status, Throwable cause) {
    super(message, cause);
    this.requestSent = requestSent;
    this.status = status;
  }

  /** The status that arrived before the body failed, or 0 when no status arrived. */
  public int status() {
    return status;
  }

  public boolean requestSent() {
    return requestSent;
  }
}
