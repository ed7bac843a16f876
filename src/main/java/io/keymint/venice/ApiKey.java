package io.keymint.venice;

import io.keymint.ApiKeySecret;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A Venice API key: its metadata and, when this process holds it, its secret. One type for every
 * place a key appears — listed or read back by {@code GET /api_keys} (no secret, only its last six
 * characters), just issued by a web3 mint or {@code POST /api_keys} (with the secret, which Venice
 * never shows again), read back from a sink or a key store (with the secret and what was recorded
 * beside it).
 *
 * <p>Fields nobody reported are empty; a type, period or privacy level this client does not know
 * reads as empty rather than failing a whole listing. {@link #toString()} never shows the secret,
 * only its last six characters, and the class is not a record on purpose (a record's generated
 * {@code toString} would print it). Equality compares every field; secrets compare by identity.
 *
 * <p>Immutable and thread-safe.
 */
public final class ApiKey {
  private final String id;
  private final ApiKeySecret secret;
  private final ApiKeyType type;
  private final String description;
  private final Instant createdAt;
  private final Instant expiresAt;
  private final Instant lastUsedAt;
  private final String lastSix;
  private final ConsumptionLimit consumptionLimit;
  private final LimitPeriod limitPeriod;
  private final ModelPrivacy modelPrivacy;
  private final Usage trailingSevenDays;
  private final Usage currentPeriodUsage;
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

  private ApiKey(Builder b) {
    this.id = Objects.requireNonNull(b.id, "id");
    this.secret = b.secret;
    this.type = b.type;
    this.description = b.description;
    this.createdAt = b.createdAt;
    this.expiresAt = b.expiresAt;
    this.lastUsedAt = b.lastUsedAt;
    this.lastSix = b.secret != null ? b.secret.lastSix() : b.lastSix;
    this.consumptionLimit = b.consumptionLimit == null ? ConsumptionLimit.NONE : b.consumptionLimit;
    this.limitPeriod = b.limitPeriod;
    this.modelPrivacy = b.modelPrivacy;
    this.trailingSevenDays = b.trailingSevenDays;
    this.currentPeriodUsage = b.currentPeriodUsage;
    this.walletAddress = b.walletAddress;
    this.issuedAt = b.issuedAt;
    this.limitsSource = b.limitsSource;
  }

  /** A builder with nothing set; {@link Builder#id} is required. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding every field of this key, to change some. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.id = id;
    b.secret = secret;
    b.type = type;
    b.description = description;
    b.createdAt = createdAt;
    b.expiresAt = expiresAt;
    b.lastUsedAt = lastUsedAt;
    b.lastSix = lastSix;
    b.consumptionLimit = consumptionLimit;
    b.limitPeriod = limitPeriod;
    b.modelPrivacy = modelPrivacy;
    b.trailingSevenDays = trailingSevenDays;
    b.currentPeriodUsage = currentPeriodUsage;
    b.walletAddress = walletAddress;
    b.issuedAt = issuedAt;
    b.limitsSource = limitsSource;
    return b;
  }

  /**
   * This key with {@code secret}, e.g. to write a key whose metadata was recorded back to its
   * sinks.
   *
   * @param secret the key's secret; not null
   * @return the copy; its {@link #lastSix()} is the secret's
   */
  public ApiKey withSecret(ApiKeySecret secret) {
    return toBuilder().secret(Objects.requireNonNull(secret, "secret")).build();
  }

  /** This key without its secret (its last six characters stay): what may be shown or recorded. */
  public ApiKey withoutSecret() {
    return secret == null ? this : toBuilder().secret(null).build();
  }

  /** A copy whose caps (and period, when set) are what {@code spec} asked for. */
  ApiKey asRequested(KeySpec spec) {
    Builder b = toBuilder();
    b.consumptionLimit = spec.consumptionLimit().orElse(ConsumptionLimit.NONE);
    spec.limitPeriod().ifPresent(p -> b.limitPeriod = p);
    b.limitsSource = LimitsSource.REQUESTED;
    return b.build();
  }

  /**
   * A copy with what Venice reports for this key ({@code GET /api_keys/{id}}): caps, period,
   * expiry, model privacy and description. Same secret, wallet and issue time.
   *
   * @param reported the details of this very key; not null
   * @return the copy, {@link LimitsSource#REPORTED}
   * @throws IllegalArgumentException if {@code reported} is another key
   */
  public ApiKey withReported(ApiKey reported) {
    if (!reported.id().equals(id)) {
      throw new IllegalArgumentException(
          "details of key " + reported.id() + " cannot describe key " + id);
    }
    Builder b = toBuilder();
    b.consumptionLimit = reported.consumptionLimit();
    reported.limitPeriod().ifPresent(p -> b.limitPeriod = p);
    b.expiresAt = reported.expiresAt().orElse(null);
    reported.modelPrivacy().ifPresent(p -> b.modelPrivacy = p);
    reported.description().ifPresent(d -> b.description = d);
    reported.createdAt().ifPresent(t -> b.createdAt = t);
    b.limitsSource = LimitsSource.REPORTED;
    return b.build();
  }

  /** Venice's id of the key (a UUID); use it to update or revoke the key. */
  public String id() {
    return id;
  }

  /** Whether this object holds the secret (a listing never does; an issued or stored key does). */
  public boolean hasSecret() {
    return secret != null;
  }

  /**
   * The secret. See {@link ApiKeySecret} for how to handle it.
   *
   * @throws IllegalStateException if this key has no secret ({@link #hasSecret()}), as a key listed
   *     by Venice
   */
  public ApiKeySecret secret() {
    if (secret == null) {
      throw new IllegalStateException(
          "key " + id + " was read without its secret: Venice shows a secret only once");
    }
    return secret;
  }

  /** INFERENCE or ADMIN; empty if unknown or a type this client does not know. */
  public Optional<ApiKeyType> type() {
    return Optional.ofNullable(type);
  }

  /** The key's label, if it has one. */
  public Optional<String> description() {
    return Optional.ofNullable(description);
  }

  /** When Venice created the key, if reported. */
  public Optional<Instant> createdAt() {
    return Optional.ofNullable(createdAt);
  }

  /** When the key stops working; empty for a key that never expires. */
  public Optional<Instant> expiresAt() {
    return Optional.ofNullable(expiresAt);
  }

  /** When the key was last used; empty if never, or not reported. */
  public Optional<Instant> lastUsedAt() {
    return Optional.ofNullable(lastUsedAt);
  }

  /**
   * The last six characters of the secret, to tell keys apart (Venice's {@code last6Chars}); the
   * secret's own when this key holds it; empty if nobody reported them.
   */
  public Optional<String> lastSix() {
    return Optional.ofNullable(lastSix);
  }

  /**
   * The caps, from where {@link #limitsSource()} says (including the deprecated {@code vcu} Venice
   * lists, read only); {@link ConsumptionLimit#NONE} if none. A web3 mint records what was asked,
   * never Venice's echo, which can be wrong; {@link #withReported(ApiKey)} replaces it with what
   * Venice stored.
   */
  public ConsumptionLimit consumptionLimit() {
    return consumptionLimit;
  }

  /** The window the caps apply to. */
  public Optional<LimitPeriod> limitPeriod() {
    return Optional.ofNullable(limitPeriod);
  }

  /** Which models the key may call. */
  public Optional<ModelPrivacy> modelPrivacy() {
    return Optional.ofNullable(modelPrivacy);
  }

  /** Spend over the last seven days; only in what {@code GET /api_keys} reports. */
  public Optional<Usage> trailingSevenDays() {
    return Optional.ofNullable(trailingSevenDays);
  }

  /** Spend in the current limit period; Venice sends it only for a key with a USD or DIEM cap. */
  public Optional<Usage> currentPeriodUsage() {
    return Optional.ofNullable(currentPeriodUsage);
  }

  /** The wallet that minted the key (web3 mints only), EIP-55 checksummed. */
  public Optional<String> walletAddress() {
    return Optional.ofNullable(walletAddress);
  }

  /** When this client received the key, by its own clock; empty for a listed key. */
  public Optional<Instant> issuedAt() {
    return Optional.ofNullable(issuedAt);
  }

  /**
   * Where the caps and period come from: asked for, echoed by a create, or read back; empty when
   * not recorded (a listing, or metadata written before keymint recorded it).
   */
  public Optional<LimitsSource> limitsSource() {
    return Optional.ofNullable(limitsSource);
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof ApiKey)) {
      return false;
    }
    ApiKey k = (ApiKey) o;
    return id.equals(k.id)
        && secret == k.secret
        && type == k.type
        && Objects.equals(description, k.description)
        && Objects.equals(createdAt, k.createdAt)
        && Objects.equals(expiresAt, k.expiresAt)
        && Objects.equals(lastUsedAt, k.lastUsedAt)
        && Objects.equals(lastSix, k.lastSix)
        && consumptionLimit.equals(k.consumptionLimit)
        && limitPeriod == k.limitPeriod
        && modelPrivacy == k.modelPrivacy
        && Objects.equals(trailingSevenDays, k.trailingSevenDays)
        && Objects.equals(currentPeriodUsage, k.currentPeriodUsage)
        && Objects.equals(walletAddress, k.walletAddress)
        && Objects.equals(issuedAt, k.issuedAt)
        && limitsSource == k.limitsSource;
  }

  @Override
  public int hashCode() {
    return Objects.hash(id, type, description, createdAt, expiresAt, lastSix, limitPeriod);
  }

  /** The metadata and the last six characters; never the secret. */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("ApiKey{id=").append(id);
    field(sb, "type", type);
    field(sb, "lastSix", lastSix);
    field(sb, "description", description);
    field(sb, "createdAt", createdAt);
    field(sb, "expiresAt", expiresAt);
    field(sb, "lastUsedAt", lastUsedAt);
    if (!consumptionLimit.isEmpty()) {
      field(sb, "consumptionLimit", consumptionLimit);
    }
    field(sb, "limitPeriod", limitPeriod);
    field(sb, "modelPrivacy", modelPrivacy);
    field(sb, "trailingSevenDays", trailingSevenDays);
    field(sb, "currentPeriodUsage", currentPeriodUsage);
    field(sb, "walletAddress", walletAddress);
    field(sb, "issuedAt", issuedAt);
    field(sb, "limitsSource", limitsSource);
    return sb.append(", secret=").append(secret == null ? "absent" : "held").append('}').toString();
  }

  private static void field(StringBuilder sb, String name, Object value) {
    if (value != null) {
      sb.append(", ").append(name).append('=').append(value);
    }
  }

  /** Builds an {@link ApiKey}; used by the client, by readers of stored keys, and by tests. */
  public static final class Builder {
    private String id;
    private ApiKeySecret secret;
    private ApiKeyType type;
    private String description;
    private Instant createdAt;
    private Instant expiresAt;
    private Instant lastUsedAt;
    private String lastSix;
    private ConsumptionLimit consumptionLimit;
    private LimitPeriod limitPeriod;
    private ModelPrivacy modelPrivacy;
    private Usage trailingSevenDays;
    private Usage currentPeriodUsage;
    private String walletAddress;
    private Instant issuedAt;
    private LimitsSource limitsSource;

    private Builder() {}

    /** Venice's id of the key; required. */
    public Builder id(String id) {
      this.id = id;
      return this;
    }

    /** The secret, when known; it also sets {@link ApiKey#lastSix()}. */
    public Builder secret(ApiKeySecret secret) {
      this.secret = secret;
      return this;
    }

    /** INFERENCE or ADMIN. */
    public Builder type(ApiKeyType type) {
      this.type = type;
      return this;
    }

    /** The key's label. */
    public Builder description(String description) {
      this.description = description;
      return this;
    }

    /** When Venice created the key. */
    public Builder createdAt(Instant createdAt) {
      this.createdAt = createdAt;
      return this;
    }

    /** When the key stops working; null for never. */
    public Builder expiresAt(Instant expiresAt) {
      this.expiresAt = expiresAt;
      return this;
    }

    /** When the key was last used. */
    public Builder lastUsedAt(Instant lastUsedAt) {
      this.lastUsedAt = lastUsedAt;
      return this;
    }

    /** The last six characters of the secret; ignored when a {@link #secret} is set. */
    public Builder lastSix(String lastSix) {
      this.lastSix = lastSix;
      return this;
    }

    /** The caps; null for none. */
    public Builder consumptionLimit(ConsumptionLimit consumptionLimit) {
      this.consumptionLimit = consumptionLimit;
      return this;
    }

    /** The window the caps apply to. */
    public Builder limitPeriod(LimitPeriod limitPeriod) {
      this.limitPeriod = limitPeriod;
      return this;
    }

    /** Which models the key may call. */
    public Builder modelPrivacy(ModelPrivacy modelPrivacy) {
      this.modelPrivacy = modelPrivacy;
      return this;
    }

    /** Spend over the last seven days. */
    public Builder trailingSevenDays(Usage usage) {
      this.trailingSevenDays = usage;
      return this;
    }

    /** Spend in the current limit period. */
    public Builder currentPeriodUsage(Usage usage) {
      this.currentPeriodUsage = usage;
      return this;
    }

    /** The wallet that minted the key. */
    public Builder walletAddress(String walletAddress) {
      this.walletAddress = walletAddress;
      return this;
    }

    /** When this client received the key. */
    public Builder issuedAt(Instant issuedAt) {
      this.issuedAt = issuedAt;
      return this;
    }

    /** Where the caps come from. */
    public Builder limitsSource(LimitsSource limitsSource) {
      this.limitsSource = limitsSource;
      return this;
    }

    /**
     * The key.
     *
     * @throws NullPointerException if no id was set
     */
    public ApiKey build() {
      return new ApiKey(this);
    }
  }
}
