package io.keymint.emulator;

/**
 * The emulator's own reading of Venice's enums, written from the API reference (venice-api.md §1.5,
 * §2), not borrowed from the client's: were the client to misread a value, sharing its enums would
 * let the emulator agree with the mistake and the tests would not see it.
 */
final class Wire {
  private Wire() {}

  /** {@code apiKeyType}: {@code INFERENCE | ADMIN}. */
  enum KeyType {
    INFERENCE,
    ADMIN
  }

  /** {@code limitPeriod}: {@code EPOCH | MONTH | LIFETIME}, default EPOCH. */
  enum Period {
    EPOCH,
    MONTH,
    LIFETIME
  }

  /** {@code modelPrivacy}: {@code ALL | PRIVATE_TEXT | PRIVATE_ONLY}, default ALL. */
  enum Privacy {
    ALL,
    PRIVATE_TEXT,
    PRIVATE_ONLY
  }
}
