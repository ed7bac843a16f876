package io.keymint.sink;

import io.keymint.ApiKeySecret;
import java.util.Objects;
import java.util.Optional;

/**
 * A key as a {@link ReadableSink} holds it: the secret and, when the sink kept it, the key's {@link
 * KeyMetadata}. {@link #toString()} never shows the secret. Not a record on purpose: a record's
 * generated {@code toString} would print the secret.
 *
 * <p>Immutable and thread-safe.
 */
public final class StoredKey {
  private final ApiKeySecret secret;
  private final KeyMetadata metadata;
  private final String sink;

  /**
   * A stored key.
   *
   * @param secret the secret; not null
   * @param metadata its metadata, or null when the sink holds none (or only stale metadata)
   * @param sink the description of the sink it was read from; not null
   */
  public StoredKey(ApiKeySecret secret, KeyMetadata metadata, String sink) {
    this.secret = Objects.requireNonNull(secret, "secret");
    this.metadata = metadata;
    this.sink = Objects.requireNonNull(sink, "sink");
  }

  /** The secret. Handle it as a password. */
  public ApiKeySecret secret() {
    return secret;
  }

  /**
   * The metadata written with the secret; empty when there is none or when it does not belong to
   * this secret (its last six characters differ, e.g. after a crash between the two writes).
   */
  public Optional<KeyMetadata> metadata() {
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
