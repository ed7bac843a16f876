package io.keymint.sink;

import io.keymint.KeymintException;

/** A secret sink could not be prepared or written. The message names the sink and what to fix. */
public class SinkException extends KeymintException {
  private static final long serialVersionUID = 1L;

  public SinkException(String message) {
    super(message);
  }

  public SinkException(String message, Throwable cause) {
    super(message, cause);
  }
}
