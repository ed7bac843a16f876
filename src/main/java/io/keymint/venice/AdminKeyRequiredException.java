package io.keymint.venice;

/**
 * Venice answered 401 {@code Admin API key required}: an INFERENCE key called a management route.
 * Use an ADMIN key ({@code VENICE_ADMIN_KEY}).
 */
public final class AdminKeyRequiredException extends AuthenticationException {
  private static final long serialVersionUID = 1L;

  AdminKeyRequiredException(ErrorInfo info) {
    super(info);
  }
}
