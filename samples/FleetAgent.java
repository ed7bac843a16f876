import io.keymint.ApiKeySecret;
import io.keymint.bootstrap.BootstrapResult;
import io.keymint.bootstrap.KeyBootstrap;
import io.keymint.store.EtcdKeyStore;
import io.keymint.store.KeyWatch;
import io.keymint.venice.KeySpec;
import io.keymint.venice.VeniceClient;
import io.keymint.wallet.KeystorePassword;
import io.keymint.wallet.WalletSource;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One replica of a fleet that shares a single key in etcd: at start, {@code ensure} on the store
 * (one replica mints, the others reuse that key), then {@link KeyWatch} keeps the agent on the
 * current key when someone runs {@code keymint rotate --store etcd://…} — no restart. The secret is
 * sealed in etcd with the wallet; every replica holds the same wallet. The CLI equivalent is {@code
 * keymint ensure --store …} in an init container and {@code keymint watch --store …} beside the
 * agent.
 *
 * <pre>
 * java -cp target/keymint.jar samples/FleetAgent.java https://api.venice.ai/api/v1 127.0.0.1:2379 /keymint/agent
 * </pre>
 */
public final class FleetAgent {
  @SuppressWarnings("try") // the watch runs for the block
  public static void main(String[] args) throws InterruptedException {
    AtomicReference<ApiKeySecret> current = new AtomicReference<>();
    try (EtcdKeyStore store = store(args[1], args[2]);
        KeyWatch watch = start(args[0], store, current)) {
      System.err.println("running with the key ending " + current.get().lastSix());
      Thread.sleep(Long.MAX_VALUE); // the agent's work; current.get() is always the fleet's key
    }
  }

  /** The fleet's store: one etcd endpoint ({@code HOST:PORT}) and the key's name. */
  public static EtcdKeyStore store(String endpoint, String key) {
    return EtcdKeyStore.builder().endpoint(endpoint).key(key).wallet(wallet()).build();
  }

  /** Ensures the fleet has a key, then keeps {@code current} on it; close the watch to stop. */
  public static KeyWatch start(
      String baseUrl, EtcdKeyStore store, AtomicReference<ApiKeySecret> current) {
    try (VeniceClient venice = VeniceClient.builder().baseUrl(baseUrl).build()) {
      BootstrapResult r =
          KeyBootstrap.builder()
              .client(venice)
              .wallet(wallet())
              .store(store)
              .spec(KeySpec.builder().usdLimit(new BigDecimal("5")).build()) // capped by default
              .leaseTtl(Duration.ofSeconds(15))
              .build()
              .ensure();
      current.set(r.secret());
    }
    return KeyWatch.start(store, key -> current.set(key.secret()));
  }

  private static WalletSource wallet() {
    return WalletSource.keystore(
        Path.of("keystore-examples/light/keystore.json"),
        KeystorePassword.fromFile(Path.of("keystore-examples/light/password.txt")));
  }
}
