import io.keymint.sink.ReadableSink;
import io.keymint.sink.SecretSink;
import io.keymint.sink.StoredKey;
import io.keymint.venice.VeniceClient;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A liveness/readiness probe for an agent that reads its key from a file: exit 0 when the stored
 * key exists and Venice admits it ({@code GET /api_keys/rate_limits} → {@code accessPermitted}),
 * else 1 with the reason on stderr. Never prints the key.
 *
 * <pre>
 * java -cp target/keymint.jar samples/HealthCheck.java https://api.venice.ai/api/v1 /keys/venice-api-key
 * </pre>
 */
public final class HealthCheck {
  public static void main(String[] args) {
    String problem = check(args[0], Path.of(args[1]));
    if (problem != null) {
      System.err.println("unhealthy: " + problem);
      System.exit(1);
    }
    System.err.println("healthy");
  }

  /** Null when healthy, else why not. */
  public static String check(String baseUrl, Path keyFile) {
    ReadableSink sink = SecretSink.file(keyFile);
    Optional<StoredKey> stored = sink.read();
    if (stored.isEmpty()) {
      return "no key in " + keyFile;
    }
    try (VeniceClient venice =
        VeniceClient.builder().baseUrl(baseUrl).apiKey(stored.get().secret()).build()) {
      return venice.apiKeys().rateLimits().accessPermitted()
          ? null
          : "Venice does not admit the key ending " + stored.get().secret().lastSix();
    } catch (RuntimeException e) {
      return "key ending " + stored.get().secret().lastSix() + ": " + e.getMessage();
    }
  }
}
