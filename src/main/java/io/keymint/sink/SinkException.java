package io.keymint.sink;

import io.keymint.KeymintException;
import io.keymint.Setting;

/**
 * A secret sink could not be prepared or written. The message names the sink and what to fix; it
 * never contains the secret. {@link SinkWriteException}, thrown when a minted key could not be
 * stored, also carries the key.
 */
public class SinkException extends KeymintException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates an exception with a one-line message.
   *
   * @param message what went wrong and what to do; must not contain a secret
   */
  public SinkException(String message) {
    super(message);
  }

  /**
   * Creates an exception with a one-line message and its cause.
   *
   * @param message what went wrong and what to do; must not contain a secret
   * @param cause the underlying failure, may be null
   */
  public SinkException(String message, Throwable cause) {
    super(message, cause);
  }

  /**
   * An exception whose advice is to change one library setting.
   *
   * @param message what went wrong and what to do, naming {@link Setting#apiName()}; no secret
   * @param setting the setting to change; not null
   */
  public SinkException(String message, Setting setting) {
    super(message, null, java.util.Objects.requireNonNull(setting, "setting"));
  }

  /**
   * Like {@link #SinkException(String, Setting)}, with the cause.
   *
   * @param message what went wrong and what to do, naming {@link Setting#apiName()}; no secret
   * @param cause the underlying failure, may be null
   * @param setting the setting to change; not null
   */
  public SinkException(String message, Throwable cause, Setting setting) {
    super(message, cause, java.util.Objects.requireNonNull(setting, "setting"));
  }
}
