package io.keymint;

/**
 * The root of every exception venice-keymint throws. Unchecked, like OkHttp's and the OpenAI SDK's:
 * callers catch the subtype they can act on ({@code WalletException}, {@code SinkException}, {@code
 * VeniceException} and its subclasses) and let the rest propagate.
 *
 * <p>Messages are written for the person who has to fix the problem: they say what was wrong and
 * what to do next. They never contain a secret, a private key, a password or an Authorization
 * header.
 */
public class KeymintException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public KeymintException(String message) {
    super(message);
  }

  public KeymintException(String message, Throwable cause) {
    super(message, cause);
  }
}
