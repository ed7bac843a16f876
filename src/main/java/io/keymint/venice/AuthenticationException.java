package io.keymint.venice;

/** Venice answered 401: the API key is unknown, revoked or expired. */
public class AuthenticationException extends VeniceServiceException {
  private static final long serialVersionUID = 1L;

  AuthenticationException(ErrorInfo info) {
    super(info);
  }
}
