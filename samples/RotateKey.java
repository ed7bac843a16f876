import io.keymint.ApiKeySecret;
import io.keymint.bootstrap.BootstrapResult;
import io.keymint.bootstrap.KeyBootstrap;
import io.keymint.sink.SecretSink;
import io.keymint.venice.KeySpec;
import io.keymint.venice.VeniceClient;
import io.keymint.wallet.KeystorePassword;
import io.keymint.wallet.WalletSource;
import java.math.BigDecimal;
import java.nio.file.Path;

/**
 * Scheduled rotation (a CronJob): mint a new key into the file, check Venice admits it, then revoke
 * the previous key with the ADMIN key in {@code VENICE_ADMIN_KEY} — or, without one, print its id.
 * Agents that re-read the file (or restart) pick up the new key; the old one stops working only
 * after the new one is stored. The CLI equivalent is {@code keymint rotate --sink file:PATH}.
 *
 * <pre>
 * VENICE_ADMIN_KEY=... java -cp target/keymint.jar samples/RotateKey.java https://api.venice.ai/api/v1 /keys/venice-api-key
 * </pre>
 */
public final class RotateKey {
  public static void main(String[] args) {
    String admin = System.getenv("VENICE_ADMIN_KEY");
    BootstrapResult r =
        rotate(args[0], Path.of(args[1]), admin == null ? null : ApiKeySecret.of(admin));
    System.err.println("now using key " + r.key().orElseThrow().id() + ": " + r.reason());
  }

  /** Rotates the key in {@code keyFile}; {@code adminKey} may be null. */
  public static BootstrapResult rotate(String baseUrl, Path keyFile, ApiKeySecret adminKey) {
    try (VeniceClient venice = VeniceClient.builder().baseUrl(baseUrl).build()) {
      return KeyBootstrap.builder()
          .client(venice)
          .wallet(
              WalletSource.keystore(
                  Path.of("keystore-examples/light/keystore.json"),
                  KeystorePassword.fromFile(Path.of("keystore-examples/light/password.txt"))))
          .sink(SecretSink.file(keyFile))
          .spec(KeySpec.builder().usdLimit(new BigDecimal("5")).build()) // capped by default
          .adminKey(adminKey)
          .build()
          .rotate();
    }
  }
}
