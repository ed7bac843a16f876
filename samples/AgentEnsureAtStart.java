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
 * An agent that calls {@code ensure} every time it starts: the first start mints a key into {@code
 * venice-api-key}; every later start (restart, redeploy, crash loop) reuses it, so restarts never
 * leak keys. Only when the key expires (within 10 minutes) or Venice refuses it is a new one
 * minted.
 *
 * <pre>
 * java -jar target/keymint.jar emulator --staker 0xb568939E9758702c2a8f0E7F5C91fe5c1aC07293 &amp;
 * java -cp target/keymint.jar samples/AgentEnsureAtStart.java http://127.0.0.1:PORT/api/v1 /tmp/venice-api-key
 * </pre>
 */
public final class AgentEnsureAtStart {
  public static void main(String[] args) {
    ApiKeySecret key = start(args[0], Path.of(args[1]));
    // From here on: "Authorization: Bearer " + key.reveal() on every Venice call.
    System.out.println("agent running with key ending " + key.lastSix());
  }

  /** What the agent does at start; returns the key to use. */
  public static ApiKeySecret start(String baseUrl, Path keyFile) {
    try (VeniceClient venice = VeniceClient.builder().baseUrl(baseUrl).build()) {
      BootstrapResult r =
          KeyBootstrap.builder()
              .client(venice)
              .wallet(
                  WalletSource.keystore(
                      Path.of("keystore-examples/light/keystore.json"),
                      KeystorePassword.fromFile(Path.of("keystore-examples/light/password.txt"))))
              .sink(SecretSink.file(keyFile))
              .spec(
                  KeySpec.builder()
                      .description("embedded agent")
                      .usdLimit(new BigDecimal("5"))
                      .build())
              .build()
              .ensure();
      System.out.println(r.outcome() + " key ending " + r.secret().lastSix() + ": " + r.reason());
      return r.secret();
    }
  }
}
