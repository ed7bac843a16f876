package io.keymint.venice;

import io.keymint.Setting;

/**
 * Venice could not be reached, or the connection broke, or it did not answer in time. {@link
 * #requestSent()} tells whether the request may have reached Venice: for a mint or a create, a key
 * may then exist even though its secret never arrived.
 */
public final class VeniceConnectionException extends VeniceException {
  private static final long serialVersionUID = 1L;
  private final boolean requestSent;

  VeniceConnectionException(String message, boolean requestSent, Throwable cause) {
    this(message, requestSent, cause, null);
  }

  VeniceConnectionException(String message, boolean requestSent, Throwable cause, Setting setting) {
    super(message, cause, setting);
    this.requestSent = requestSent;
  }

  /** True when the failure came after the request was (or may have been) sent. */
  public boolean requestSent() {
    return requestSent;
  }
}
