package io.keymint.sink;

import io.keymint.venice.ApiKey;
import java.util.List;

/**
 * A key was minted but could not be stored in every sink, even after retries. Venice will not show
 * the secret again, so this exception carries the {@link ApiKey}: catch it, save {@link #key()}
 * somewhere else, or revoke the key by its id.
 *
 * <p>The message names the key's id, the sinks that failed (each with its reason) and the sinks
 * that do hold the key. It never contains the secret, and neither does {@link #toString()}. The
 * last failure of each failed sink is attached as a suppressed exception, unless its text contained
 * the secret, in which case a placeholder stands in for it.
 *
 * <p>The key is not serialized with the exception (the field is transient): a secret must not
 * travel by accident.
 */
public final class SinkWriteException extends SinkException {
  private static final long serialVersionUID = 1L;

  private final transient ApiKey key;

  /** Descriptions of the sinks that failed; part of the serialized form. */
  private final List<String> failedSinks;

  /** Descriptions of the sinks that hold the key; part of the serialized form. */
  private final List<String> storedSinks;

  SinkWriteException(
      String message, ApiKey key, List<String> failedSinks, List<String> storedSinks) {
    super(message);
    this.key = key;
    this.failedSinks = List.copyOf(failedSinks);
    this.storedSinks = List.copyOf(storedSinks);
  }

  /**
   * The key that was minted and is not stored everywhere. Handle its secret as a password.
   *
   * @return the key; null only if this exception was deserialized
   */
  public ApiKey key() {
    return key;
  }

  /**
   * Descriptions of the sinks that do not hold the key, in the order they were given.
   *
   * @return an immutable, non-empty list
   */
  public List<String> failedSinks() {
    return failedSinks;
  }

  /**
   * Descriptions of the sinks that did store the key, in the order they were given.
   *
   * @return an immutable list, possibly empty
   */
  public List<String> storedSinks() {
    return storedSinks;
  }
}
