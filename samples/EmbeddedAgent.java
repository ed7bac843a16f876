import io.keymint.ApiKeySecret;
import io.keymint.mint.MintResult;
import io.keymint.mint.Web3KeyMinter;
import io.keymint.sink.SecretSink;
import io.keymint.venice.KeySpec;
import io.keymint.venice.VeniceClient;
import io.keymint.wallet.KeystorePassword;
import io.keymint.wallet.WalletSource;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;

/**
 * An agent that gets its own Venice key when it starts and keeps it in memory only.
 *
 * <pre>
 * java -jar target/keymint.jar emulator --staker 0xb568939E9758702c2a8f0E7F5C91fe5c1aC07293 &amp;
 * java -cp target/keymint.jar samples/EmbeddedAgent.java http://127.0.0.1:PORT/api/v1
 * </pre>
 */
public final class EmbeddedAgent {
  public static void main(String[] args) {
    String baseUrl = args.length > 0 ? args[0] : "https://api.venice.ai/api/v1";
    AtomicReference<ApiKeySecret> apiKey = new AtomicReference<>();

    try (VeniceClient venice = VeniceClient.builder().baseUrl(baseUrl).build()) {
      Web3KeyMinter minter =
          Web3KeyMinter.builder()
              .client(venice)
              .wallet(
                  WalletSource.keystore(
                      Path.of("keystore-examples/light/keystore.json"),
                      KeystorePassword.fromFile(Path.of("keystore-examples/light/password.txt"))))
              .sink(SecretSink.callback(key -> apiKey.set(key.secret())))
              .build();

      MintResult result =
          minter.mint(
              KeySpec.builder()
                  .description("embedded agent")
                  .usdLimit(new BigDecimal("5"))
                  .build());

      // From here on the agent calls Venice with "Authorization: Bearer " + apiKey.get().reveal().
      System.out.println(
          "agent got key " + result.key().id() + " ending " + result.key().secret().lastSix());
    }
  }
}
