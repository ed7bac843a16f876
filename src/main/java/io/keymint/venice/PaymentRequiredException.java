package io.keymint.venice;

/**
 * Venice answered 402. Two different situations share the status, told apart by {@link #reason()}:
 * no credentials were sent at all (Venice answers with an x402 discovery body offering
 * pay-per-request — set an API key), or the key's spend limit or the account's balance is exhausted
 * (raise the cap or add credits). Never retried: retrying changes neither.
 */
public class PaymentRequiredException extends VeniceServiceException {
  private static final long serialVersionUID = 1L;

  /** Why Venice asked for payment. */
  public enum Reason {
    /** No Authorization header: Venice's x402 discovery answer. Send an API key. */
    X402_DISCOVERY,
    /** The key's USD or DIEM consumption limit is reached for this period. */
    SPEND_LIMIT,
    /** The account has no spendable USD, DIEM or credits. */
    INSUFFICIENT_BALANCE,
    /** A 402 this client does not recognise; read {@link #veniceMessage()}. */
    OTHER
  }

  private final Reason reason;

  PaymentRequiredException(ErrorInfo info, Reason reason) {
    super(info);
    this.reason = reason;
  }

  /** Why Venice asked for payment. */
  public Reason reason() {
    return reason;
  }

  /** True when this is the x402 discovery answer to a request without credentials. */
  public boolean isX402Discovery() {
    return reason == Reason.X402_DISCOVERY;
  }
}
