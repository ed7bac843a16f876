package io.keymint.venice;

/** This library's version, for the User-Agent. */
final class Version {
  static final String VERSION = "0.1.0";

  private Version() {}
}
