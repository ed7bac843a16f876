package io.keymint.venice;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keymint.internal.KeyFields;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What a new key should be: its type, description, expiry, spending caps, limit period and model
 * privacy. The same description serves the web3 mint and {@code POST /api_keys}. Only what the
 * caller set is sent: Venice applies its own defaults to the rest, and refuses unknown fields and
 * {@code null}s it does not accept.
 *
 * <p>Immutable and thread-safe. Checked when built, so a bad value fails before any request.
 */
public final class KeySpec {
  /**
   * Venice's limit for descriptions on {@code /api_keys} (applied to the web3 mint too, to be
   * safe).
   */
  public static final int MAX_DESCRIPTION_LENGTH = 64;

  private static final Pattern DATE = Pattern.compile("^\\d{4}-\\d{2}-\\d{2}$");
  private static final Pattern DATE_TIME =
      Pattern.compile("^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{3})?Z$");
  private static final DateTimeFormatter MILLIS =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  private final ApiKeyType type;
  private final String description;
  private final String expiresAt;
  private final ConsumptionLimit consumptionLimit;
  private final LimitPeriod limitPeriod;
  private final ModelPrivacy modelPrivacy;
  private final boolean noLimit;

  private KeySpec(Builder b) {
    this.type = b.type;
    this.description = b.description;
    this.expiresAt = b.expiresAt;
    this.consumptionLimit = b.consumptionLimit;
    this.limitPeriod = b.limitPeriod;
    this.modelPrivacy = b.modelPrivacy;
    this.noLimit = b.noLimit;
  }

  /**
   * An INFERENCE key with Venice's defaults for everything else. It has no spending cap, so it is
   * minted or created only with {@link Builder#noLimit()} (see {@link #requireCapOrNoLimit()}):
   * prefer {@code builder().usdLimit(...)}.
   */
  public static KeySpec inference() {
    return builder().build();
  }

  /**
   * A builder: an INFERENCE key, no description, no expiry; a cap or {@code noLimit()} is required
   * to mint.
   */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder that starts from this spec. */
  public Builder newBuilder() {
    Builder b = new Builder();
    b.type = type;
    b.description = description;
    b.expiresAt = expiresAt;
    b.consumptionLimit = consumptionLimit;
    b.limitPeriod = limitPeriod;
    b.modelPrivacy = modelPrivacy;
    b.noLimit = noLimit;
    return b;
  }

  /** INFERENCE or ADMIN. */
  public ApiKeyType type() {
    return type;
  }

  /** The description; empty for none. */
  public Optional<String> description() {
    return Optional.ofNullable(description);
  }

  /**
   * The expiry exactly as it will be sent ({@code YYYY-MM-DD} or {@code YYYY-MM-DDTHH:mm:ss.sssZ}).
   */
  public Optional<String> expiresAt() {
    return Optional.ofNullable(expiresAt);
  }

  /** The caps; empty for none asked. */
  public Optional<ConsumptionLimit> consumptionLimit() {
    return Optional.ofNullable(consumptionLimit);
  }

  /** The period the caps apply to; empty for Venice's default. */
  public Optional<LimitPeriod> limitPeriod() {
    return Optional.ofNullable(limitPeriod);
  }

  /** Which models the key may call; empty for Venice's default. */
  public Optional<ModelPrivacy> modelPrivacy() {
    return Optional.ofNullable(modelPrivacy);
  }

  /** True when a USD or DIEM cap is set (a cap of 0 is a cap). */
  public boolean capped() {
    return consumptionLimit != null
        && (consumptionLimit.usd().isPresent() || consumptionLimit.diem().isPresent());
  }

  /** True when the caller asked for a key without any spending cap ({@link Builder#noLimit()}). */
  public boolean noLimit() {
    return noLimit;
  }

  /**
   * Keys are capped by default: a spec with neither a USD nor a DIEM cap is refused unless the
   * caller asked for an uncapped key with {@link Builder#noLimit()}. Called by the minter and by
   * {@link ApiKeys#create} before anything is sent.
   *
   * @return this
   * @throws IllegalArgumentException naming the builder methods when the spec has no cap and no
   *     {@code noLimit()}
   */
  public KeySpec requireCapOrNoLimit() {
    if (!capped() && !noLimit) {
      throw new IllegalArgumentException(
          "the key has no spending cap: set KeySpec.Builder.usdLimit(...) or diemLimit(...), or"
              + " ask for an uncapped key explicitly with KeySpec.Builder.noLimit()");
    }
    return this;
  }

  /** Writes the set fields onto {@code body}; {@code vcu} is never sent (deprecated). */
  void writeTo(ObjectNode body) {
    // Venice's names; venice sits below the key codec (internal.codec), so they are spelled here
    body.put(KeyFields.TYPE, type.name());
    if (description != null) {
      body.put(KeyFields.DESCRIPTION, description);
    }
    if (expiresAt != null) {
      body.put(KeyFields.EXPIRES_AT, expiresAt);
    }
    if (consumptionLimit != null) {
      ObjectNode limit = body.putObject(KeyFields.CONSUMPTION_LIMIT);
      consumptionLimit.usd().ifPresent(v -> limit.put(KeyFields.USD, v));
      consumptionLimit.diem().ifPresent(v -> limit.put(KeyFields.DIEM, v));
    }
    if (limitPeriod != null) {
      body.put(KeyFields.LIMIT_PERIOD, limitPeriod.name());
    }
    if (modelPrivacy != null) {
      body.put(KeyFields.MODEL_PRIVACY, modelPrivacy.name());
    }
  }

  /**
   * Parses the CLI's expiry forms: {@code YYYY-MM-DD}, or an instant {@code
   * YYYY-MM-DDTHH:mm:ss[.sss]Z}.
   *
   * @throws IllegalArgumentException with the accepted forms when {@code text} is neither
   */
  public static String checkExpiresAt(String text) {
    Objects.requireNonNull(text, "expiresAt");
    try {
      if (DATE.matcher(text).matches()) {
        LocalDate.parse(text); // rejects 2026-02-31
        return text;
      }
      if (DATE_TIME.matcher(text).matches()) {
        Instant.parse(text); // rejects 25:00:00
        return text;
      }
    } catch (java.time.DateTimeException impossible) {
      // falls through to the one message below
    }
    throw new IllegalArgumentException(
        "expiry '"
            + text
            + "' is not a real date as YYYY-MM-DD or YYYY-MM-DDTHH:mm:ss[.sss]Z (UTC)");
  }

  /**
   * Refuses an expiry (in a form {@link #checkExpiresAt} accepts) that is not in the future: a key
   * that expires at once is never usable. A date means its start, 00:00 UTC.
   *
   * @param text the expiry
   * @param setting the builder setting, named in the message
   * @return {@code text}
   * @throws IllegalArgumentException if the expiry is now or past
   */
  static String checkFuture(String text, String setting) {
    Instant at =
        DATE.matcher(text).matches()
            ? LocalDate.parse(text).atStartOfDay(java.time.ZoneOffset.UTC).toInstant()
            : Instant.parse(text);
    Instant now = Instant.now();
    if (!at.isAfter(now)) {
      throw new IllegalArgumentException(
          setting
              + ": "
              + text
              + " is in the past (now "
              + now.truncatedTo(java.time.temporal.ChronoUnit.SECONDS)
              + "): a key must expire in the future");
    }
    return text;
  }

  @Override
  public String toString() {
    return "KeySpec{type="
        + type
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
        + (noLimit ? ", noLimit" : "")
        + "}";
  }

  /** Builds a {@link KeySpec}. Not thread-safe. */
  public static final class Builder {
    private ApiKeyType type = ApiKeyType.INFERENCE;
    private String description;
    private String expiresAt;
    private ConsumptionLimit consumptionLimit;
    private LimitPeriod limitPeriod;
    private ModelPrivacy modelPrivacy;
    private boolean noLimit;

    private Builder() {}

    /** INFERENCE (the default) or ADMIN. */
    public Builder type(ApiKeyType type) {
      this.type = Objects.requireNonNull(type, "type");
      return this;
    }

    /**
     * A label of at most 64 characters; Venice uses {@code "Web3 API Key"} when unset.
     *
     * @throws IllegalArgumentException if longer than 64 characters
     */
    public Builder description(String description) {
      if (description != null && description.length() > MAX_DESCRIPTION_LENGTH) {
        throw new IllegalArgumentException(
            "description is "
                + description.length()
                + " characters; Venice accepts at most "
                + MAX_DESCRIPTION_LENGTH);
      }
      this.description = description;
      return this;
    }

    /** Expires at this instant (sent with milliseconds, UTC). */
    public Builder expiresAt(Instant instant) {
      this.expiresAt =
          instant == null ? null : checkFuture(MILLIS.format(instant), "KeySpec.Builder.expiresAt");
      return this;
    }

    /** Expires on this UTC date. */
    public Builder expiresOn(LocalDate date) {
      this.expiresAt =
          date == null ? null : checkFuture(date.toString(), "KeySpec.Builder.expiresOn");
      return this;
    }

    /**
     * Expires as given in Venice's text form; see {@link KeySpec#checkExpiresAt(String)}.
     *
     * @throws IllegalArgumentException if {@code text} is in neither form, or not in the future
     */
    public Builder expiresAt(String text) {
      this.expiresAt =
          text == null ? null : checkFuture(checkExpiresAt(text), "KeySpec.Builder.expiresAt");
      return this;
    }

    /**
     * The caps; {@code null} or {@link ConsumptionLimit#NONE} for none (see {@link #noLimit()}). A
     * cap set after {@link #noLimit()} wins over it.
     */
    public Builder consumptionLimit(ConsumptionLimit limit) {
      this.consumptionLimit = limit == null || limit.isEmpty() ? null : limit;
      if (this.consumptionLimit != null) {
        this.noLimit = false;
      }
      return this;
    }

    /**
     * Asks for a key without any spending cap. Keys are capped by default: without a USD or DIEM
     * cap and without this call, minting or creating the key is refused. Clears any cap set before;
     * a cap set after this call wins.
     */
    public Builder noLimit() {
      this.consumptionLimit = null;
      this.noLimit = true;
      return this;
    }

    /** Shorthand for a USD cap (keeps a DIEM cap already set). */
    public Builder usdLimit(BigDecimal usd) {
      BigDecimal diem = consumptionLimit == null ? null : consumptionLimit.diem().orElse(null);
      return consumptionLimit(ConsumptionLimit.of(usd, diem));
    }

    /** Shorthand for a DIEM cap (keeps a USD cap already set). */
    public Builder diemLimit(BigDecimal diem) {
      BigDecimal usd = consumptionLimit == null ? null : consumptionLimit.usd().orElse(null);
      return consumptionLimit(ConsumptionLimit.of(usd, diem));
    }

    /** The period the caps apply to; null for Venice's default. */
    public Builder limitPeriod(LimitPeriod limitPeriod) {
      this.limitPeriod = limitPeriod;
      return this;
    }

    /** Which models the key may call; null for Venice's default. */
    public Builder modelPrivacy(ModelPrivacy modelPrivacy) {
      this.modelPrivacy = modelPrivacy;
      return this;
    }

    /** The spec; see {@link KeySpec#requireCapOrNoLimit()} for the cap rule. */
    public KeySpec build() {
      return new KeySpec(this);
    }
  }
}
