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

  private final Setting setting;

  /**
   * An exception with a one-line message.
   *
   * @param message what went wrong and what to do; never a secret
   */
  public KeymintException(String message) {
    this(message, null, null);
  }

  /**
   * An exception with a one-line message and its cause.
   *
   * @param message what went wrong and what to do; never a secret
   * @param cause the underlying failure, may be null
   */
  public KeymintException(String message, Throwable cause) {
    this(message, cause, null);
  }

  /**
   * An exception whose advice is to change one library setting.
   *
   * @param message what went wrong and what to do, naming {@link Setting#apiName()}; never a secret
   * @param cause the underlying failure, may be null
   * @param setting the setting the message tells the caller to change, may be null
   */
  public KeymintException(String message, Throwable cause, Setting setting) {
    super(message, cause);
    this.setting = setting;
  }

  /**
   * The setting this failure's message tells the caller to change, if one; when absent, a cause's
   * may apply ({@link #settingOf(Throwable)}).
   */
  public java.util.Optional<Setting> setting() {
    return java.util.Optional.ofNullable(setting);
  }

  /**
   * The first setting named along {@code t}'s cause chain, if any.
   *
   * @param t a failure, may be null
   */
  public static java.util.Optional<Setting> settingOf(Throwable t) {
    for (int depth = 0; t != null && depth < 16; depth++, t = t.getCause()) {
      if (t instanceof KeymintException && ((KeymintException) t).setting != null) {
        return java.util.Optional.of(((KeymintException) t).setting);
      }
    }
    return java.util.Optional.empty();
  }
}
