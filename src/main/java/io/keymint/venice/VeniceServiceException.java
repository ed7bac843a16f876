package io.keymint.venice;

import java.util.Optional;

/**
 * Venice answered with an error status. Carries the status, Venice's own message and the {@code
 * CF-RAY} request id to quote to Venice support. Never the request's headers or body. Subclasses
 * name the statuses a caller acts on; catch this type for the rest.
 */
public class VeniceServiceException extends VeniceException {
  private static final long serialVersionUID = 1L;
  private final int statusCode;
  private final String veniceMessage;
  private final String requestId;

  VeniceServiceException(ErrorInfo info) {
    super(info.render(), null);
    this.statusCode = info.status;
    this.veniceMessage = info.veniceMessage;
    this.requestId = info.requestId;
  }

  /** The HTTP status. */
  public int statusCode() {
    return statusCode;
  }

  /**
   * Venice's {@code error} text (truncated to 500 characters), or a placeholder when it sent none.
   */
  public String veniceMessage() {
    return veniceMessage;
  }

  /** The {@code CF-RAY} header, when Venice sent one. */
  public Optional<String> requestId() {
    return Optional.ofNullable(requestId);
  }

  /** True when Venice's message contains {@code fragment} (Venice's errors are matched by text). */
  public boolean messageContains(String fragment) {
    return veniceMessage.contains(fragment);
  }

  /** What one error response said, gathered before the exception is built. */
  static final class ErrorInfo {
    final String method;
    final String path;
    final int status;
    final String veniceMessage;
    final String requestId;
    final String hint;

    ErrorInfo(
        String method,
        String path,
        int status,
        String veniceMessage,
        String requestId,
        String hint) {
      this.method = method;
      this.path = path;
      this.status = status;
      this.veniceMessage = veniceMessage;
      this.requestId = requestId;
      this.hint = hint;
    }

    String render() {
      StringBuilder sb =
          new StringBuilder("Venice answered ")
              .append(status)
              .append(" to ")
              .append(method)
              .append(' ')
              .append(path)
              .append(": ")
              .append(veniceMessage);
      if (hint != null) {
        sb.append(" — ").append(hint);
      }
      if (requestId != null) {
        sb.append(" (CF-RAY ").append(requestId).append(')');
      }
      return sb.toString();
    }
  }
}
