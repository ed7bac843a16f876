package io.keymint.emulator;

import java.time.Instant;

/**
 * One stored key. Mutable, and guarded by the {@link EmulatorState} monitor: read and write it only
 * while holding that lock. Holds the secret, so {@link #toString()} shows the id and last six
 * characters only.
 */
final class KeyRecord {
  final String id;
  final String secret;
  final String account;
  final Wire.KeyType type;
  final Instant createdAt;

  /** Orders keys created in the same millisecond (tests use a fixed clock). */
  final long sequence;

  String description;
  Instant expiresAt;
  Instant lastUsedAt;
  Limits limits;
  Wire.Period limitPeriod;
  Wire.Privacy modelPrivacy;
  boolean revoked;

  KeyRecord(
      String id, String secret, String account, KeySpec spec, Instant createdAt, long sequence) {
    this.id = id;
    this.secret = secret;
    this.account = account;
    this.type = spec.type();
    this.description = spec.description();
    this.expiresAt = spec.expiresAt();
    this.limits = spec.limits();
    this.limitPeriod = spec.limitPeriod();
    this.modelPrivacy = spec.modelPrivacy();
    this.createdAt = createdAt;
    this.sequence = sequence;
  }

  String lastSix() {
    return secret.substring(secret.length() - 6);
  }

  boolean isExpired(Instant now) {
    return expiresAt != null && !now.isBefore(expiresAt);
  }

  /** Usable: not revoked and not expired. Only active keys authenticate, list or count. */
  boolean isActive(Instant now) {
    return !revoked && !isExpired(now);
  }

  @Override
  public String toString() {
    return "KeyRecord{id=" + id + ", type=" + type + ", lastSix=" + lastSix() + "}";
  }
}
