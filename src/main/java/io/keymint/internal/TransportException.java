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

  public TransportException(String message, boolean requestSent, Throwable cause) {
    super(message, cause);
    this.requestSent = requestSent;
  }

  public boolean requestSent() {
    return requestSent;
  }
}
