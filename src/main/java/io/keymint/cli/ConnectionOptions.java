package io.keymint.cli;

import io.keymint.ApiKeySecret;
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
   * A client for these options; {@code apiKeyEnv} names the variable of the Bearer key, or null.
   */
  VeniceClient client(Env env, String apiKeyEnv) {
    String url = baseUrl != null ? baseUrl : env.get("VENICE_BASE_URL");
    VeniceClient.Builder b = VeniceClient.builder().allowInsecureHttp(insecureHttp);
    if (requestTimeout != null) {
      if (requestTimeout.isZero()) {
        throw new IllegalArgumentException("--request-timeout must be more than 0");
      }
      b.requestTimeout(requestTimeout);
    }
    if (url != null) {
      b.baseUrl(url.strip());
    }
    if (apiKeyEnv != null && env.get(apiKeyEnv) != null) {
      b.apiKey(ApiKeySecret.of(env.get(apiKeyEnv).strip()));
    }
    return b.build();
  }
}
