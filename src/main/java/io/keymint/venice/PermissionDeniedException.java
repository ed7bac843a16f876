package io.keymint.venice;

/** Venice answered 403: the key may not do this (API access disabled, model privacy, region). */
public class PermissionDeniedException extends VeniceServiceException {
  private static final long serialVersionUID = 1L;

  PermissionDeniedException(ErrorInfo info) {
    super(info);
  }
}
