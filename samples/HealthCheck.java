import io.keymint.sink.ReadableSink;
import io.keymint.sink.SecretSink;
import io.keymint.sink.StoredKey;
import io.keymint.venice.RateLimits;
import io.keymint.venice.VeniceClient;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A liveness/readiness probe for an agent that reads its key from a file: exit 0 when the stored
 * key exists, Venice admits it ({@code GET /api_keys/rate_limits} → {@code accessPermitted}) and
 * the account can spend (USD or DIEM left: a key on an empty account authenticates, but model
 * requests fail), else 1 with the reason on stderr. Never prints the key. {@code keymint health
 * --margin 7d} is the CLI's richer version (distinct exit codes, expiry margin, {@code --json}).
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
      RateLimits limits = venice.apiKeys().rateLimits();
      if (!limits.accessPermitted()) {
        return "Venice does not admit the key ending " + stored.get().secret().lastSix();
      }
      if (limits.cannotSpend()) {
        return "the account cannot spend (balances "
            + limits.balances()
            + "): model requests with the key ending "
            + stored.get().secret().lastSix()
            + " will fail";
      }
      return null;
    } catch (RuntimeException e) {
      return "key ending " + stored.get().secret().lastSix() + ": " + e.getMessage();
    }
  }
}
