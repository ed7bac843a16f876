package io.keymint.venice;

/** Venice answered 404, or Venice's 400 for an unknown or expired key id. */
public class NotFoundException extends VeniceServiceException {
  private static final long serialVersionUID = 1L;

  NotFoundException(ErrorInfo info) {
    super(info);
  }
}
