package io.keymint.venice;

import io.keymint.internal.BuildInfo;

/** This library's version, for the User-Agent. */
final class Version {
  static final String VERSION = BuildInfo.version();

  private Version() {}
}
