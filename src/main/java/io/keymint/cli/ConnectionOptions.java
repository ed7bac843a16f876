package io.keymint.cli;

import io.keymint.venice.VeniceClient;
import java.time.Duration;
import picocli.CommandLine.Option;

/** Where Venice is. */
final class ConnectionOptions {
  @Option(
      names = "--base-url",
      paramLabel = "URL",
      description =
          "Venice API base URL (else env VENICE_BASE_URL, else https://api.venice.ai/api/v1).")
  String baseUrl;

  @Option(
      names = "--insecure-http",
      description =
          "Allow a plain http:// base URL to a host that is not loopback (keys cross the network in clear).")
  boolean insecureHttp;

  @Option(
      names = "--request-timeout",
      paramLabel = "DURATION",
      defaultValue = "30s",
      converter = BootstrapOptions.DurationConverter.class,
      description =
          "Bound on each request to Venice: connecting, the headers and the whole answer (e.g. 10s; default ${DEFAULT-VALUE}).")
  Duration requestTimeout;

  /**
   * A client for these options, built like the library's {@link VeniceClient#fromEnv()}: {@code
   * VENICE_BASE_URL} unless {@code --base-url} is given, and with {@code withKey} the Bearer key
   * {@code VENICE_ADMIN_KEY}, else {@code VENICE_API_KEY} — one order for every command and for
   * embedding code. Without {@code withKey} no key is sent (minting needs none).
   *
   * @throws IllegalArgumentException when {@code withKey} and neither variable is set
   */
  VeniceClient client(Env env, boolean withKey) {
    if (withKey && blank(env.get(ADMIN_KEY)) && blank(env.get(API_KEY))) {
      throw new IllegalArgumentException(
          "no API key: set " + ADMIN_KEY + " (or " + API_KEY + ") in the environment");
    }
    VeniceClient.Builder b = VeniceClient.builder().fromEnv(env::get);
    if (!withKey) {
      b.apiKey(null);
    }
    b.allowInsecureHttp(insecureHttp);
    if (requestTimeout != null) {
      if (requestTimeout.isZero()) {
        throw new IllegalArgumentException("--request-timeout must be more than 0");
      }
      b.requestTimeout(requestTimeout);
    }
    if (baseUrl != null) {
      b.baseUrl(baseUrl.strip());
    }
    return b.build();
  }

  static final String ADMIN_KEY = "VENICE_ADMIN_KEY";
  static final String API_KEY = "VENICE_API_KEY";

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }
}
