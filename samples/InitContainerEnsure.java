import io.keymint.bootstrap.BootstrapException;
import io.keymint.bootstrap.BootstrapResult;
import io.keymint.bootstrap.KeyBootstrap;
import io.keymint.sink.SecretSink;
import io.keymint.venice.KeySpec;
import io.keymint.venice.LimitPeriod;
import io.keymint.venice.VeniceClient;
import io.keymint.wallet.KeystorePassword;
import io.keymint.wallet.WalletSource;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;

/**
 * What a Kubernetes init container does (the CLI equivalent is {@code keymint ensure --sink
 * file:/keys/venice-api-key --max-wait 2m}): make sure {@code /keys/venice-api-key} holds a working
 * key, bounded in time so that a stuck pod fails visibly instead of hanging, then exit so the agent
 * container starts.
 *
 * <pre>
 * java -cp target/keymint.jar samples/InitContainerEnsure.java https://api.venice.ai/api/v1 \
 *     /keys/venice-api-key /secrets/wallet/keystore.json /secrets/wallet/password
 * </pre>
 */
public final class InitContainerEnsure {
  public static void main(String[] args) {
    System.exit(
        run(args[0], Path.of(args[1]), Path.of(args[2]), Path.of(args[3]), Duration.ofMinutes(2)));
  }

  /** The exit code the pod sees: 0 ready, 10 timed out (retried by Kubernetes), 1 anything else. */
  public static int run(
      String baseUrl, Path keyFile, Path keystore, Path passwordFile, Duration maxWait) {
    try (VeniceClient venice = VeniceClient.builder().baseUrl(baseUrl).build()) {
      BootstrapResult r =
          KeyBootstrap.builder()
              .client(venice)
              .wallet(WalletSource.keystore(keystore, KeystorePassword.fromFile(passwordFile)))
              .sink(SecretSink.file(keyFile))
              // keys are capped by default: $5 a month for this agent
              .spec(
                  KeySpec.builder()
                      .usdLimit(new BigDecimal("5"))
                      .limitPeriod(LimitPeriod.MONTH)
                      .build())
              .maxWait(maxWait)
              .build()
              .ensure();
      System.err.println(r.outcome() + " key ending " + r.secret().lastSix() + " in " + keyFile);
      return 0;
    } catch (BootstrapException e) {
      System.err.println("init: " + e.getMessage());
      return e.kind() == BootstrapException.Kind.TIMED_OUT ? 10 : 1;
    } catch (RuntimeException e) {
      System.err.println("init: " + e.getMessage());
      return 1;
    }
  }
}
