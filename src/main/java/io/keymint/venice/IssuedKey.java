package io.keymint.venice;

import io.keymint.ApiKeySecret;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A key Venice has just issued, with its secret: the result of a web3 mint or of {@code POST
 * /api_keys}. Venice never shows the secret again, so whoever holds this object is responsible for
 * storing it. {@link #toString()} shows the metadata and the last six characters only.
 *
 * <p>Immutable and thread-safe.
 */
public final class IssuedKey {
  private final String id;
  private final ApiKeySecret secret;
  private final ApiKeyType type;
  private final String description;
  private final Instant expiresAt;
  private final ConsumptionLimit consumptionLimit;
  private final LimitPeriod limitPeriod;
  private final ModelPrivacy modelPrivacy;
  private final String walletAddress;
  private final Instant issuedAt;
  private final LimitsSource limitsSource;

  /** Where {@link #consumptionLimit()} and {@link #limitPeriod()} come from. */
  public enum LimitsSource {
    /**
     * What the caller asked for: the web3 mint's echo can be wrong (reference §1.5), so it is not
     * recorded.
     */
    REQUESTED,
    /** Venice's answer to {@code POST /api_keys}. */
    ECHOED,
    /** Read back from Venice with {@code GET /api_keys/{id}}: what Venice stored. */
    REPORTED
  }

  IssuedKey(Builder b) {
    this.id = Objects.requireNonNull(b.id, "id");
    this.secret = Objects.requireNonNull(b.secret, "secret");
    this.type = Objects.requireNonNull(b.type, "type");
    this.description = b.description;
    this.expiresAt = b.expiresAt;
    this.consumptionLimit = b.consumptionLimit == null ? ConsumptionLimit.NONE : b.consumptionLimit;
    this.limitPeriod = b.limitPeriod;
    this.modelPrivacy = b.modelPrivacy;
    this.walletAddress = b.walletAddress;
    this.issuedAt = Objects.requireNonNull(b.issuedAt, "issuedAt");
    this.limitsSource = b.limitsSource == null ? LimitsSource.ECHOED : b.limitsSource;
  }

  /** A copy whose caps (and period, when set) are what {@code spec} asked for. */
  IssuedKey asRequested(KeySpec spec) {
    Builder b = copy();
    b.consumptionLimit = spec.consumptionLimit().orElse(ConsumptionLimit.NONE);
    spec.limitPeriod().ifPresent(p -> b.limitPeriod = p);
    b.limitsSource = LimitsSource.REQUESTED;
    return b.build();
  }

  /**
   * A copy with what Venice reports for this key ({@code GET /api_keys/{id}}): caps, period,
   * expiry, model privacy and description. Same secret.
   *
   * @param reported the details of this very key; not null
   * @return the copy, {@link LimitsSource#REPORTED}
   * @throws IllegalArgumentException if {@code reported} is another key
   */
  public IssuedKey withReported(ApiKey reported) {
    if (!reported.id().equals(id)) {
      throw new IllegalArgumentException(
          "details of key " + reported.id() + " cannot describe key " + id);
    }
    Builder b = copy();
    b.consumptionLimit = reported.consumptionLimit();
    reported.limitPeriod().ifPresent(p -> b.limitPeriod = p);
    b.expiresAt = reported.expiresAt().orElse(null);
    reported.modelPrivacy().ifPresent(p -> b.modelPrivacy = p);
    reported.description().ifPresent(d -> b.description = d);
    b.limitsSource = LimitsSource.REPORTED;
    return b.build();
  }

  private Builder copy() {
    Builder b = new Builder();
    b.id = id;
    b.secret = secret;
    b.type = type;
    b.description = description;
    b.expiresAt = expiresAt;
    b.consumptionLimit = consumptionLimit;
    b.limitPeriod = limitPeriod;
    b.modelPrivacy = modelPrivacy;
    b.walletAddress = walletAddress;
    b.issuedAt = issuedAt;
    b.limitsSource = limitsSource;
    return b;
  }

  /** Venice's id of the key (a UUID); use it to update or revoke the key. */
  public String id() {
    return id;
  }

  /** The secret. See {@link ApiKeySecret} for how to handle it. */
  public ApiKeySecret secret() {
    return secret;
  }

  /** INFERENCE or ADMIN. */
  public ApiKeyType type() {
    return type;
  }

  /** The description the key was minted with; empty when it has none. */
  public Optional<String> description() {
    return Optional.ofNullable(description);
  }

  /** When the key stops working; empty for a key that never expires. */
  public Optional<Instant> expiresAt() {
    return Optional.ofNullable(expiresAt);
  }

  /**
   * The caps, from where {@link #limitsSource()} says. A web3 mint records what was asked, never
   * Venice's echo, which can be wrong (a {@code diem}-only cap reads as none; a {@code usd} of 0 as
   * none); {@link #withReported(ApiKey)} replaces it with what Venice stored.
   */
  public ConsumptionLimit consumptionLimit() {
    return consumptionLimit;
  }

  /** The period its caps apply to; empty when Venice did not say. */
  public Optional<LimitPeriod> limitPeriod() {
    return Optional.ofNullable(limitPeriod);
  }

  /** Which models it may call; empty when Venice did not say. */
  public Optional<ModelPrivacy> modelPrivacy() {
    return Optional.ofNullable(modelPrivacy);
  }

  /** The wallet that minted the key (web3 mints only), EIP-55 checksummed. */
  public Optional<String> walletAddress() {
    return Optional.ofNullable(walletAddress);
  }

  /** When this client received the key, by its own clock. */
  public Instant issuedAt() {
    return issuedAt;
  }

  /** Where the caps and period come from: asked for, echoed by a create, or read back. */
  public LimitsSource limitsSource() {
    return limitsSource;
  }

  /** A builder, for tests and for keys restored from storage. */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public String toString() {
    return "IssuedKey{id="
        + id
        + ", type="
        + type
        + ", lastSix="
        + secret.lastSix()
        + ", description="
        + description
        + ", expiresAt="
        + expiresAt
        + ", consumptionLimit="
        + consumptionLimit
        + ", limitPeriod="
        + limitPeriod
        + ", modelPrivacy="
        + modelPrivacy
        + ", walletAddress="
        + walletAddress
        + ", limitsSource="
        + limitsSource
        + "}";
  }

  /** Builds an {@link IssuedKey}; used by the client and by tests and custom sinks. */
  public static final class Builder {
    private String id;
    private ApiKeySecret secret;
    private ApiKeyType type;
    private String description;
    private Instant expiresAt;
    private ConsumptionLimit consumptionLimit;
    private LimitPeriod limitPeriod;
    private ModelPrivacy modelPrivacy;
    private String walletAddress;
    private Instant issuedAt = Instant.now();
    private LimitsSource limitsSource;

    private Builder() {}

    /** The key's id (required). */
    public Builder id(String id) {
      this.id = id;
      return this;
    }

    /** The key's secret (required). */
    public Builder secret(ApiKeySecret secret) {
      this.secret = secret;
      return this;
    }

    /** INFERENCE or ADMIN. */
    public Builder type(ApiKeyType type) {
      this.type = type;
      return this;
    }

    /** The key's description, or null. */
    public Builder description(String description) {
      this.description = description;
      return this;
    }

    /** When the key expires, or null for never. */
    public Builder expiresAt(Instant expiresAt) {
      this.expiresAt = expiresAt;
      return this;
    }

    /** The key's caps. */
    public Builder consumptionLimit(ConsumptionLimit consumptionLimit) {
      this.consumptionLimit = consumptionLimit;
      return this;
    }

    /** The period the caps apply to, or null. */
    public Builder limitPeriod(LimitPeriod limitPeriod) {
      this.limitPeriod = limitPeriod;
      return this;
    }

    /** Which models the key may call, or null. */
    public Builder modelPrivacy(ModelPrivacy modelPrivacy) {
      this.modelPrivacy = modelPrivacy;
      return this;
    }

    /** The wallet that minted it, or null. */
    public Builder walletAddress(String walletAddress) {
      this.walletAddress = walletAddress;
      return this;
    }

    /** When it was minted. */
    public Builder issuedAt(Instant issuedAt) {
      this.issuedAt = issuedAt;
      return this;
    }

    /** Where the caps come from; default {@link LimitsSource#ECHOED}. */
    public Builder limitsSource(LimitsSource limitsSource) {
      this.limitsSource = limitsSource;
      return this;
    }

    /** The key. */
    public IssuedKey build() {
      return new IssuedKey(this);
    }
  }
}
