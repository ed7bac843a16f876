package io.keymint.sink;

import io.keymint.venice.IssuedKey;

/**
 * Where a newly issued key's secret goes. Venice shows a secret once, so a sink is checked before
 * any key is minted ({@link #preflight()}) and written right after ({@link #write(IssuedKey)}).
 *
 * <p>Implementations must be thread-safe, must never log or put the secret in an exception
 * message, and should make {@code write} atomic: a reader sees the old content or the new, never a
 * torn file. The minter retries a failing {@code write} with backoff while it keeps the secret in
 * memory, so {@code write} must be safe to call again after it failed.
 *
 * <p>Built-ins come from the static factories; {@link #parse(String)} reads the CLI's {@code
 * --sink} syntax.
 */
public interface SecretSink {

  /**
   * Checks, without writing the secret, that {@link #write} can succeed: the folder exists and is
   * writable, the store answers. Called before a key is minted.
   *
   * @throws SinkException with a message saying what to fix
   */
  void preflight();

  /**
   * Stores the key. On return the secret is durable (for file sinks: fsynced and renamed into
   * place).
   *
   * @throws SinkException if it could not be stored; the caller may retry
   */
  void write(IssuedKey key);

  /** A human description for logs and the CLI summary, e.g. {@code file:/run/secrets/venice}. Never the secret. */
  String description();
}
