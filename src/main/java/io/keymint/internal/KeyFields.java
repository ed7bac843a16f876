package io.keymint.internal;

/**
 * The field names of a key's JSON, in one place: Venice's (request bodies, replies) and keymint's
 * own (the metadata sidecar, the CLI summary). Used by {@code venice} (request bodies and the
 * tolerant reply reader) and by {@code internal.codec.KeyJson} (every document keymint writes), so
 * a name cannot drift between what the client sends and what the codec writes. Not API.
 */
public final class KeyFields {
  /** The key's id. */
  public static final String ID = "id";

  public static final String TYPE = "apiKeyType";
  public static final String DESCRIPTION = "description";
  public static final String CREATED_AT = "createdAt";
  public static final String EXPIRES_AT = "expiresAt";
  public static final String LAST_USED_AT = "lastUsedAt";

  /** Venice's name for the last six characters of the secret. */
  public static final String LAST6_CHARS = "last6Chars";

  /** keymint's name for them (sidecar, summary). */
  public static final String LAST_SIX = "lastSix";

  /** The caps in request bodies, POST replies, the sidecar and the summary. */
  public static final String CONSUMPTION_LIMIT = "consumptionLimit";

  /** The caps in Venice's {@code GET}/{@code PATCH} replies. */
  public static final String CONSUMPTION_LIMITS = "consumptionLimits";

  public static final String LIMIT_PERIOD = "limitPeriod";
  public static final String MODEL_PRIVACY = "modelPrivacy";
  public static final String USAGE = "usage";
  public static final String TRAILING_SEVEN_DAYS = "trailingSevenDays";
  public static final String CURRENT_PERIOD_USAGE = "currentPeriodUsage";
  public static final String WALLET_ADDRESS = "walletAddress";
  public static final String ISSUED_AT = "issuedAt";
  public static final String LIMITS_SOURCE = "limitsSource";
  public static final String USD = "usd";
  public static final String DIEM = "diem";
  public static final String VCU = "vcu";

  private KeyFields() {}
}
