package io.keymint.cli;

import io.keymint.venice.VeniceClient;

/**
 * Which key the admin commands send. Keys come from the environment only, never from a flag: a flag
 * value lands in shell history and in {@code ps} output.
 */
final class AdminKeys {
  static final String ADMIN = "VENICE_ADMIN_KEY";
  static final String INFERENCE = "VENICE_API_KEY";

  private AdminKeys() {}

  /**
   * A client for the management routes: {@code VENICE_ADMIN_KEY}, else {@code VENICE_API_KEY} (so
   * an INFERENCE key there gets Venice's "Admin API key required", with its hint, instead of a
   * guess).
   */
  static VeniceClient admin(ConnectionOptions connection, Env env) {
    return connection.client(env, pick(env, ADMIN, INFERENCE));
  }

  /**
   * A client for {@code rate-limits} and {@code health}: the key in use, {@code VENICE_API_KEY}
   * first.
   */
  static VeniceClient inference(ConnectionOptions connection, Env env) {
    return connection.client(env, pick(env, INFERENCE, ADMIN));
  }

  private static String pick(Env env, String first, String second) {
    if (env.get(first) != null) {
      return first;
    }
    if (env.get(second) != null) {
      return second;
    }
    throw new IllegalArgumentException(
        "no API key: set " + first + " (or " + second + ") in the environment");
  }
}
