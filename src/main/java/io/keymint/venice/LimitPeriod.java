package io.keymint.venice;

/** The window over which a key's consumption limit is evaluated. */
public enum LimitPeriod {
  /** Each UTC day (Venice's legacy default). */
  EPOCH,
  /** Resets on the first of each UTC month. */
  MONTH,
  /** Never resets. */
  LIFETIME
}
