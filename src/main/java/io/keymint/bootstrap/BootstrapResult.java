package io.keymint.bootstrap;

import io.keymint.ApiKeySecret;
import io.keymint.mint.MintResult;
import io.keymint.venice.ApiKey;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@link KeyBootstrap#ensure()}, {@link KeyBootstrap#rotate()} or {@link
 * KeyBootstrap#recover(java.nio.file.Path)} did. {@link #toString()} never shows the secret.
 *
 * <p>Immutable and thread-safe.
 */
public final class BootstrapResult {
  /** How the sinks came to hold their key. */
  public enum Outcome {
    /** The stored key was valid and kept; nothing was minted. */
    REUSED,
    /** A key was minted (none stored, or the stored one expired or was refused). */
    MINTED,
    /** A new key replaced the stored one. */
    ROTATED,
    /** A key was restored from a recovery file. */
    RECOVERED
  }

  private final Outcome outcome;
  private final ApiKeySecret secret;
  private final ApiKey key;
  private final List<String> sinks;
  private final String reason;
  private final MintResult mint;
  private final String previousKeyId;
  private final boolean previousKeyRevoked;
  private final Duration lockWait;
  private final List<String> drift;

  private BootstrapResult(Builder b) {
    this.outcome = Objects.requireNonNull(b.outcome, "outcome");
    this.secret = Objects.requireNonNull(b.secret, "secret");
    this.key = b.key;
    this.sinks = List.copyOf(b.sinks);
    this.reason = Objects.requireNonNull(b.reason, "reason");
    this.mint = b.mint;
    this.previousKeyId = b.previousKeyId;
    this.previousKeyRevoked = b.previousKeyRevoked;
    this.lockWait = b.lockWait;
    this.drift = List.copyOf(b.drift);
  }

  /** A builder for a result of {@code outcome} whose sinks hold {@code secret}. */
  static Builder builder(Outcome outcome, ApiKeySecret secret) {
    return new Builder(outcome, secret);
  }

  /** Assembles a {@link BootstrapResult}; what is not set is absent (no mint, no previous key). */
  static final class Builder {
    private final Outcome outcome;
    private final ApiKeySecret secret;
    private ApiKey key;
    private List<String> sinks = List.of();
    private String reason;
    private MintResult mint;
    private String previousKeyId;
    private boolean previousKeyRevoked;
    private Duration lockWait = Duration.ZERO;
    private List<String> drift = List.of();

    private Builder(Outcome outcome, ApiKeySecret secret) {
      this.outcome = outcome;
      this.secret = secret;
    }

    /** The key's metadata; null when a reused key was stored without it. */
    Builder key(ApiKey key) {
      this.key = key;
      return this;
    }

    Builder sinks(List<String> sinks) {
      this.sinks = sinks;
      return this;
    }

    Builder reason(String reason) {
      this.reason = reason;
      return this;
    }

    Builder mint(MintResult mint) {
      this.mint = mint;
      return this;
    }

    /** For a rotation: the replaced key's id (null when unknown) and whether it was revoked. */
    Builder previousKey(String id, boolean revoked) {
      this.previousKeyId = id;
      this.previousKeyRevoked = revoked;
      return this;
    }

    Builder lockWait(Duration lockWait) {
      this.lockWait = Objects.requireNonNull(lockWait, "lockWait");
      return this;
    }

    /** How the stored key differs from what the run asked for ({@link BootstrapResult#drift()}). */
    Builder drift(List<String> drift) {
      this.drift = Objects.requireNonNull(drift, "drift");
      return this;
    }

    BootstrapResult build() {
      return new BootstrapResult(this);
    }
  }

  /**
   * How the stored key differs from what this run asked for (type aside: a key of another type is
   * always replaced), one phrase per difference, e.g. {@code "caps: stored $5 per day (EPOCH),
   * asked $10 per month"}. Empty when it matches or nothing could be compared. For a key that was
   * replaced because of drift, the differences of the key it replaced. Logged at INFO; the CLI
   * prints each as a warning.
   */
  public List<String> drift() {
    return drift;
  }

  /** What happened. */
  public Outcome outcome() {
    return outcome;
  }

  /** The key the sinks now hold. Handle it as a password (e.g. keep it in memory for an agent). */
  public ApiKeySecret secret() {
    return secret;
  }

  /**
   * The key, with its secret and metadata; empty only when a reused key was stored without metadata
   * (written by hand or by an older keymint): then {@link #secret()} is all there is.
   */
  public Optional<ApiKey> key() {
    return Optional.ofNullable(key);
  }

  /** The sinks that hold the key, by description. */
  public List<String> sinks() {
    return sinks;
  }

  /** Why this outcome, in words: e.g. "the stored key expires within the margin". */
  public String reason() {
    return reason;
  }

  /** The mint, when one happened. */
  public Optional<MintResult> mint() {
    return Optional.ofNullable(mint);
  }

  /** For a rotation: the id of the key that was replaced, when the sink's metadata knew it. */
  public Optional<String> previousKeyId() {
    return Optional.ofNullable(previousKeyId);
  }

  /** For a rotation: whether the previous key was revoked (needs an admin key). */
  public boolean previousKeyRevoked() {
    return previousKeyRevoked;
  }

  /** How long this run waited for the sink's lock (another process held it). */
  public Duration lockWait() {
    return lockWait;
  }

  @Override
  public String toString() {
    return "BootstrapResult{outcome="
        + outcome
        + ", lastSix="
        + secret.lastSix()
        + ", id="
        + (key == null ? "unknown" : key.id())
        + ", sinks="
        + sinks
        + ", reason="
        + reason
        + (previousKeyId == null
            ? ""
            : ", previousKeyId=" + previousKeyId + ", revoked=" + previousKeyRevoked)
        + "}";
  }
}
