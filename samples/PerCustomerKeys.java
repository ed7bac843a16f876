import io.keymint.bootstrap.KeyBootstrap;
import io.keymint.sink.SecretSink;
import io.keymint.venice.KeySpec;
import io.keymint.venice.LimitPeriod;
import io.keymint.venice.VeniceClient;
import io.keymint.wallet.KeystorePassword;
import io.keymint.wallet.WalletSource;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One key per customer, each capped at $5 a month, each in its own file: a customer's usage can
 * never exceed its cap nor spend another customer's. Built on {@code ensure}, so re-running it (a
 * deploy, a new customer added to the list) mints only the keys that are missing.
 *
 * <pre>
 * java -cp target/keymint.jar samples/PerCustomerKeys.java https://api.venice.ai/api/v1 /keys acme globex
 * </pre>
 *
 * (The admin API's bulk helper, when available, creates such keys with an ADMIN key instead of the
 * wallet; this sample needs only the wallet.)
 */
public final class PerCustomerKeys {
  public static void main(String[] args) {
    Map<String, String> ids = provision(args[0], Path.of(args[1]), List.of(args).subList(2, args.length));
    ids.forEach((customer, id) -> System.out.println(customer + " -> key " + id));
  }

  /** Ensures a $5/month key for each customer in {@code folder/customer-NAME}; returns key ids. */
  public static Map<String, String> provision(String baseUrl, Path folder, List<String> customers) {
    Map<String, String> ids = new LinkedHashMap<>();
    WalletSource wallet =
        WalletSource.keystore(
            Path.of("keystore-examples/light/keystore.json"),
            KeystorePassword.fromFile(Path.of("keystore-examples/light/password.txt")));
    try (VeniceClient venice = VeniceClient.builder().baseUrl(baseUrl).build()) {
      for (String customer : customers) {
        KeySpec fiveDollars =
            KeySpec.builder()
                .description("customer " + customer)
                .usdLimit(new BigDecimal("5"))
                .limitPeriod(LimitPeriod.MONTH)
                .build();
        var r =
            KeyBootstrap.builder()
                .client(venice)
                .wallet(wallet)
                .sink(SecretSink.file(folder.resolve("customer-" + customer)))
                .spec(fiveDollars)
                .build()
                .ensure();
        ids.put(customer, r.key().orElseThrow().id());
      }
    }
    return ids;
  }
}
