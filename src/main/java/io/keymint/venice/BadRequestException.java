package io.keymint.venice;

import java.util.List;

/**
 * Venice answered 400: the request was invalid, or (for the web3 mint) the wallet, token or
 * signature was refused. {@link #fieldErrors()} lists what Venice said per field, when it did.
 */
public class BadRequestException extends VeniceServiceException {
  private static final long serialVersionUID = 1L;
  private final List<FieldError> fieldErrors;

  BadRequestException(ErrorInfo info, List<FieldError> fieldErrors) {
    super(info);
    this.fieldErrors = List.copyOf(fieldErrors);
  }

  /** Per-field problems parsed from Venice's {@code issues} or {@code details}; may be empty. */
  public List<FieldError> fieldErrors() {
    return fieldErrors;
  }

  /**
   * One problem with one field: its dotted path ({@code consumptionLimit.usd}; empty for the whole
   * body) and Venice's message.
   */
  public record FieldError(String path, String message) {}
}
