package io.keymint.venice;

/** Which models a key may call. */
public enum ModelPrivacy {
  /** Every model (Venice's default). */
  ALL,
  /** Venice's {@code PRIVATE_TEXT}: private models for text (Venice defines the details). */
  PRIVATE_TEXT,
  /** Only private models. */
  PRIVATE_ONLY
}
