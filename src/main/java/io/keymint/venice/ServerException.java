package io.keymint.venice;

/**
 * Venice answered 5xx: Venice failed. Safe to retry for reads; for a mint or create a key may
 * exist.
 */
public class ServerException extends VeniceServiceException {
  private static final long serialVersionUID = 1L;

  ServerException(ErrorInfo info) {
    super(info);
  }
}
