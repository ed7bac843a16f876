import io.keymint.mint.MintResult;
import io.keymint.mint.Web3KeyMinter;
import io.keymint.sink.SecretSink;
import io.keymint.venice.KeySpec;
import io.keymint.venice.VeniceClient;
import io.keymint.wallet.WalletSource;
import java.math.BigDecimal;
import java.nio.file.Path;

/**
 * What an init container does: mint once with the wallet key from the environment ({@code
 * WALLET_KEY}), write the secret to a file the agent container reads, exit.
 *
 * <pre>
 * WALLET_KEY=0x... java -cp target/keymint.jar samples/OneShotBootstrap.java \
 *     https://api.venice.ai/api/v1 /run/secrets/venice-api-key
 * </pre>
 *
 * The CLI does the same with {@code keymint mint --sink file:/run/secrets/venice-api-key}.
 */
public final class OneShotBootstrap {
  public static void main(String[] args) {
    String baseUrl = args[0];
    Path secretFile = Path.of(args[1]);
    WalletSource wallet = WalletSource.privateKeyEnv(WalletSource.DEFAULT_PRIVATE_KEY_ENV);

    try (VeniceClient venice = VeniceClient.builder().baseUrl(baseUrl).build()) {
      MintResult result =
          Web3KeyMinter.builder()
              .client(venice)
              .wallet(wallet)
              .sink(SecretSink.file(secretFile))
              .build()
              .mint(
                  KeySpec.builder()
                      .description("init container")
                      .usdLimit(new BigDecimal("5")) // keys are capped by default
                      .build());
      System.out.println("key " + result.key().id() + " written to " + secretFile);
    }
  }
}
