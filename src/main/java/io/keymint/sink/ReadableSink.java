package io.keymint.sink;

import java.nio.file.Path;
import java.util.Optional;

/**
 * A {@link SecretSink} that can give back what it stored, so a later run can reuse a key instead of
 * minting another ({@code keymint ensure}). The file and env-file sinks are readable; stdout and
 * callback sinks are not.
 *
 * <p>A readable sink names a local {@link #path()}: keymint keeps its lock file ({@code PATH.lock})
 * and, by default, recovery files beside it. Implementations must be thread-safe.
 */
public interface ReadableSink extends SecretSink {

  /**
   * Reads the key this sink holds.
   *
   * @return the secret and, if kept, its metadata; empty when the sink holds no key
   * @throws SinkException if the store exists but cannot be read; the message never holds the
   *     secret
   */
  Optional<StoredKey> read();

  /**
   * The local file the secret is stored in (absolute, normalized).
   *
   * @return the path; not null
   */
  Path path();
}
