package io.keymint.sink;

import io.keymint.ApiKeySecret;
import io.keymint.venice.ApiKey;
import java.util.Objects;
import java.util.Optional;

/**
 * A key as a {@link ReadableSink} or a key store holds it: the secret, the {@link ApiKey} when its
 * metadata was kept beside it, and where it was read from. A thin holder: the key itself is an
 * {@link ApiKey}; what this adds is the sink, and that a secret may be stored without metadata.
 * {@link #toString()} never shows the secret. Not a record on purpose: a record's generated {@code
 * toString} would print the secret.
 *
 * <p>Immutable and thread-safe.
 */
public final class StoredKey {
  private final ApiKeySecret secret;
  private final ApiKey metadata;
  private final String sink;

  /**
   * A stored key.
   *
   * @param secret the secret; not null
   * @param metadata the key its metadata describes, or null when the sink holds none (or only stale
   *     metadata); the secret is attached to it here
   * @param sink the description of the sink it was read from; not null
   */
  public StoredKey(ApiKeySecret secret, ApiKey metadata, String sink) {
    this.secret = Objects.requireNonNull(secret, "secret");
    this.metadata = metadata == null ? null : metadata.withSecret(secret);
    this.sink = Objects.requireNonNull(sink, "sink");
  }

  /** The secret. Handle it as a password. */
  public ApiKeySecret secret() {
    return secret;
  }

  /**
   * The key, with this secret, as the metadata written with the secret describes it; empty when
   * there is none or when it does not belong to this secret (its last six characters differ, e.g.
   * after a crash between the two writes).
   */
  public Optional<ApiKey> metadata() {
    return Optional.ofNullable(metadata);
  }

  /** The sink it was read from, e.g. {@code file:/keys/venice-api-key}. */
  public String sink() {
    return sink;
  }

  @Override
  public String toString() {
    return "StoredKey{sink="
        + sink
        + ", lastSix="
        + secret.lastSix()
        + ", id="
        + (metadata == null ? "unknown" : metadata.id())
        + "}";
  }
}
