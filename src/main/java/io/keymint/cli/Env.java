package io.keymint.cli;

import java.util.function.Function;

/** Environment lookup; the process environment in production, a map in tests. */
final class Env {
  private final Function<String, String> lookup;

  Env(Function<String, String> lookup) {
    this.lookup = lookup;
  }

  /** The value, or null when unset or blank. */
  String get(String name) {
    String v = lookup.apply(name);
    return v == null || v.isBlank() ? null : v;
  }
}
