package io.keymint.venice;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keymint.internal.Json;
import io.keymint.internal.KeyFields;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Objects;
import java.util.Optional;

/**
 * A change to an existing key for {@code PATCH /api_keys}. Only what the caller touched is sent: a
 * field never mentioned is left as it is on Venice (absent from the body), while {@link
 * #builder()}'s {@code remove…} methods send JSON {@code null}, which Venice reads as "remove the
 * expiry" or "remove this cap". The key type cannot be changed (Venice refuses it).
 *
 * <pre>{@code
 * client.apiKeys().update(id, KeyUpdate.builder().removeExpiry().usdLimit(new BigDecimal("5")).build());
 * }</pre>
 *
 * <p>Immutable and thread-safe. Values are checked when set, before any request.
 */
public final class KeyUpdate {
  /** What to do with one field: leave it, set it, or remove it. */
  private enum Op {
    LEAVE,
    SET,
    REMOVE
  }

  private final String description;
  private final Op expiry;
  private final String expiresAt;
  private final Op usd;
  private final BigDecimal usdValue;
  private final Op diem;
  private final BigDecimal diemValue;
  private final LimitPeriod limitPeriod;
  private final ModelPrivacy modelPrivacy;

  private KeyUpdate(Builder b) {
    this.description = b.description;
    this.expiry = b.expiry;
    this.expiresAt = b.expiresAt;
    this.usd = b.usd;
    this.usdValue = b.usdValue;
    this.diem = b.diem;
    this.diemValue = b.diemValue;
    this.limitPeriod = b.limitPeriod;
    this.modelPrivacy = b.modelPrivacy;
  }

  /** A builder that changes nothing until told. */
  public static Builder builder() {
    return new Builder();
  }

  /** True when this update would change nothing (Venice would still answer with the key). */
  public boolean isEmpty() {
    return description == null
        && expiry == Op.LEAVE
        && usd == Op.LEAVE
        && diem == Op.LEAVE
        && limitPeriod == null
        && modelPrivacy == null;
  }

  /** The new description, if this update sets one. */
  public Optional<String> description() {
    return Optional.ofNullable(description);
  }

  /** Writes the touched fields onto {@code body}; removals as JSON null. */
  void writeTo(ObjectNode body) {
    if (description != null) {
      body.put(KeyFields.DESCRIPTION, description);
    }
    if (expiry == Op.SET) {
      body.put(KeyFields.EXPIRES_AT, expiresAt);
    } else if (expiry == Op.REMOVE) {
      body.putNull(KeyFields.EXPIRES_AT);
    }
    if (usd != Op.LEAVE || diem != Op.LEAVE) {
      ObjectNode limit = body.putObject(KeyFields.CONSUMPTION_LIMIT);
      put(limit, KeyFields.USD, usd, usdValue);
      put(limit, KeyFields.DIEM, diem, diemValue);
    }
    if (limitPeriod != null) {
      body.put(KeyFields.LIMIT_PERIOD, limitPeriod.name());
    }
    if (modelPrivacy != null) {
      body.put(KeyFields.MODEL_PRIVACY, modelPrivacy.name());
    }
  }

  private static void put(ObjectNode limit, String name, Op op, BigDecimal value) {
    if (op == Op.SET) {
      limit.put(name, value);
    } else if (op == Op.REMOVE) {
      limit.putNull(name);
    }
  }

  @Override
  public String toString() {
    ObjectNode o = Json.object();
    writeTo(o);
    return "KeyUpdate" + Json.writeString(o, false);
  }

  /** Builds a {@link KeyUpdate}. Not thread-safe. */
  public static final class Builder {
    private String description;
    private Op expiry = Op.LEAVE;
    private String expiresAt;
    private Op usd = Op.LEAVE;
    private BigDecimal usdValue;
    private Op diem = Op.LEAVE;
    private BigDecimal diemValue;
    private LimitPeriod limitPeriod;
    private ModelPrivacy modelPrivacy;

    private Builder() {}

    /**
     * A new label.
     *
     * @throws IllegalArgumentException if longer than {@value KeySpec#MAX_DESCRIPTION_LENGTH}
     *     characters
     */
    public Builder description(String description) {
      Objects.requireNonNull(description, "description");
      if (description.length() > KeySpec.MAX_DESCRIPTION_LENGTH) {
        throw new IllegalArgumentException(
            "description is "
                + description.length()
                + " characters; Venice accepts at most "
                + KeySpec.MAX_DESCRIPTION_LENGTH);
      }
      this.description = description;
      return this;
    }

    /**
     * A new expiry in Venice's text form ({@code YYYY-MM-DD} or {@code
     * YYYY-MM-DDTHH:mm:ss[.sss]Z}).
     *
     * @throws IllegalArgumentException in any other form, or if not in the future
     */
    public Builder expiresAt(String text) {
      this.expiresAt =
          KeySpec.checkFuture(KeySpec.checkExpiresAt(text), "KeyUpdate.Builder.expiresAt");
      this.expiry = Op.SET;
      return this;
    }

    /** A new expiry at this instant (sent with milliseconds, UTC). */
    public Builder expiresAt(Instant instant) {
      return expiresAt(
          KeySpec.builder()
              .expiresAt(Objects.requireNonNull(instant, "instant"))
              .build()
              .expiresAt()
              .orElseThrow());
    }

    /** A new expiry on this UTC date. */
    public Builder expiresOn(LocalDate date) {
      return expiresAt(Objects.requireNonNull(date, "date").toString());
    }

    /** Removes the expiry: the key never expires (sends {@code "expiresAt": null}). */
    public Builder removeExpiry() {
      this.expiry = Op.REMOVE;
      this.expiresAt = null;
      return this;
    }

    /**
     * A new USD cap.
     *
     * @throws IllegalArgumentException if negative or above 9999999999
     */
    public Builder usdLimit(BigDecimal usd) {
      this.usdValue = ConsumptionLimit.usd(usd).usd().orElseThrow();
      this.usd = Op.SET;
      return this;
    }

    /**
     * Removes the USD cap (sends {@code "usd": null}); the DIEM cap is untouched unless also
     * changed.
     */
    public Builder removeUsdLimit() {
      this.usd = Op.REMOVE;
      this.usdValue = null;
      return this;
    }

    /**
     * A new DIEM cap.
     *
     * @throws IllegalArgumentException if negative or above 9999999999
     */
    public Builder diemLimit(BigDecimal diem) {
      this.diemValue = ConsumptionLimit.diem(diem).diem().orElseThrow();
      this.diem = Op.SET;
      return this;
    }

    /** Removes the DIEM cap (sends {@code "diem": null}). */
    public Builder removeDiemLimit() {
      this.diem = Op.REMOVE;
      this.diemValue = null;
      return this;
    }

    /** A new limit period. */
    public Builder limitPeriod(LimitPeriod limitPeriod) {
      this.limitPeriod = Objects.requireNonNull(limitPeriod, "limitPeriod");
      return this;
    }

    /** A new model privacy level. */
    public Builder modelPrivacy(ModelPrivacy modelPrivacy) {
      this.modelPrivacy = Objects.requireNonNull(modelPrivacy, "modelPrivacy");
      return this;
    }

    /** The update. */
    public KeyUpdate build() {
      return new KeyUpdate(this);
    }
  }
}
