package io.keymint.venice;

/** Venice answered 402: no credentials were sent (Venice answers with an x402 discovery body), or a spend limit or balance is exhausted. */
public class PaymentRequiredException extends VeniceServiceException {
  private static final long serialVersionUID = 1L;

  PaymentRequiredException(ErrorInfo info) {
    super(info);
  }
}
