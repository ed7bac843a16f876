package io.keymint.venice;

/** Which models a key may call. */
public enum ModelPrivacy {
  ALL,
  PRIVATE_TEXT,
  PRIVATE_ONLY
}
