import io.keymint.ApiKeySecret;
import io.keymint.sink.SecretSink;
import io.keymint.venice.KeyProvisioner;
import io.keymint.venice.KeySpec;
import io.keymint.venice.LimitPeriod;
import io.keymint.venice.VeniceClient;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.List;

/**
 * One key per customer, each capped at $5 a month, each in its own 0600 file: a customer can never
 * spend past its cap nor another customer's. Uses an ADMIN key ({@code VENICE_ADMIN_KEY}); creation
 * is paced to Venice's 20 a minute, and re-running (a deploy, a new customer in the list) creates
 * only the keys that are missing.
 *
 * <pre>
 * VENICE_ADMIN_KEY=... java -cp target/keymint.jar samples/PerCustomerKeys.java \
 *     https://api.venice.ai/api/v1 /keys acme globex initech
 * </pre>
 */
public final class PerCustomerKeys {
  public static void main(String[] args) {
    String adminKey = System.getenv("VENICE_ADMIN_KEY");
    if (adminKey == null) {
      System.err.println("set VENICE_ADMIN_KEY to an ADMIN key");
      System.exit(2);
    }
    KeyProvisioner.Result r =
        provision(args[0], adminKey, Path.of(args[1]), List.of(args).subList(2, args.length));
    System.out.println("created " + r.created().size() + ", already had " + r.skipped().size());
  }

  /** Creates the missing {@code cust:<id>} keys and writes each to {@code folder/customer-<id>}. */
  public static KeyProvisioner.Result provision(
      String baseUrl, String adminKey, Path folder, List<String> customers) {
    try (VeniceClient venice =
        VeniceClient.builder().baseUrl(baseUrl).apiKey(ApiKeySecret.of(adminKey)).build()) {
      return KeyProvisioner.builder(venice.apiKeys())
          .description(customer -> "cust:" + customer)
          .spec(
              customer ->
                  KeySpec.builder()
                      .usdLimit(new BigDecimal("5"))
                      .limitPeriod(LimitPeriod.MONTH)
                      .build())
          // each secret is stored before the next key is created: Venice shows it only once
          .onKey(
              (customer, key) -> SecretSink.file(folder.resolve("customer-" + customer)).write(key))
          .onProgress(
              p ->
                  System.out.println(
                      p.customerId() + ": " + (p.skipped() ? "skipped" : "created " + p.keyId())))
          .build()
          .provision(customers);
    }
  }
}
