package io.keymint.venice;

/** The two kinds of Venice API key. */
public enum ApiKeyType {
  /** Can call inference endpoints only. */
  INFERENCE,
  /** Full access, including the {@code /api_keys} management routes. */
  ADMIN
}
