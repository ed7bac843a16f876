package io.keymint.venice;

/**
 * Venice answered 401: the API key is unknown, revoked or expired — or, when {@link
 * #adminKeyRequired()}, it is an INFERENCE key on a management route (use an ADMIN key, {@code
 * VENICE_ADMIN_KEY}).
 */
public class AuthenticationException extends VeniceServiceException {
  private static final long serialVersionUID = 1L;
  private final boolean adminKeyRequired;

  AuthenticationException(ErrorInfo info, boolean adminKeyRequired) {
    super(info);
    this.adminKeyRequired = adminKeyRequired;
  }

  /**
   * True when Venice said {@code Admin API key required}: the key is valid but may not call this
   * route. Another key, not a new mint, fixes it.
   */
  public boolean adminKeyRequired() {
    return adminKeyRequired;
  }
}
