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
  }

  /** Venice's id of the key (a UUID); use it to update or revoke the key. */
  public String id() {
    return id;
  }

  /** The secret. See {@link ApiKeySecret} for how to handle it. */
  public ApiKeySecret secret() {
    return secret;
  }

  public ApiKeyType type() {
    return type;
  }

  public Optional<String> description() {
    return Optional.ofNullable(description);
  }

  /** When the key stops working; empty for a key that never expires. */
  public Optional<Instant> expiresAt() {
    return Optional.ofNullable(expiresAt);
  }

  /**
   * The caps as Venice echoed them. For web3 mints the echo can be wrong (a {@code diem}-only cap
   * reads as none; a {@code usd} of 0 as none); the stored caps are right — read them back with
   * {@code GET /api_keys/{id}} when it matters.
   */
  public ConsumptionLimit consumptionLimit() {
    return consumptionLimit;
  }

  public Optional<LimitPeriod> limitPeriod() {
    return Optional.ofNullable(limitPeriod);
  }

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

    private Builder() {}

    public Builder id(String id) {
      this.id = id;
      return this;
    }

    public Builder secret(ApiKeySecret secret) {
      this.secret = secret;
      return this;
    }

    public Builder type(ApiKeyType type) {
      this.type = type;
      return this;
    }

    public Builder description(String description) {
      this.description = description;
      return this;
    }

    public Builder expiresAt(Instant expiresAt) {
      this.expiresAt = expiresAt;
      return this;
    }

    public Builder consumptionLimit(ConsumptionLimit consumptionLimit) {
      this.consumptionLimit = consumptionLimit;
      return this;
    }

    public Builder limitPeriod(LimitPeriod limitPeriod) {
      this.limitPeriod = limitPeriod;
      return this;
    }

    public Builder modelPrivacy(ModelPrivacy modelPrivacy) {
      this.modelPrivacy = modelPrivacy;
      return this;
    }

    public Builder walletAddress(String walletAddress) {
      this.walletAddress = walletAddress;
      return this;
    }

    public Builder issuedAt(Instant issuedAt) {
      this.issuedAt = issuedAt;
      return this;
    }

    public IssuedKey build() {
      return new IssuedKey(this);
    }
  }
}
