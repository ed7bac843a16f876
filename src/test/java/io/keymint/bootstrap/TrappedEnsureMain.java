package io.keymint.bootstrap;

import io.keymint.escrow.EscrowException;
import io.keymint.sink.SecretSink;
import io.keymint.sink.SinkException;
import io.keymint.venice.ApiKey;
import io.keymint.venice.VeniceClient;
import io.keymint.wallet.WalletSource;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A child-JVM {@code ensure} whose sink folder turns unwritable between preflight and write (a
 * "secret store" sink that passes preflight, then makes the folder immutable and fails), logging at
 * DEBUG to stderr, so that the test can sweep every log line for the secret.
 *
 * <p>Arguments: base URL, sink file, recovery folder. Wallet: {@code WALLET_KEY}. Exit 11 when the
 * key was escrowed, as the CLI does.
 */
public final class TrappedEnsureMain {
  private TrappedEnsureMain() {}

  public static void main(String[] args) {
    System.setProperty("org.slf4j.simpleLogger.logFile", "System.err");
    System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "debug");
    Path target = Path.of(args[1]);
    AtomicBoolean sprung = new AtomicBoolean();
    SecretSink trap =
        new SecretSink() {
          @Override
          public void preflight() {}

          @Override
          public void write(ApiKey key) {
            if (sprung.compareAndSet(false, true)) {
              Folders.lock(target.getParent());
            }
            throw new SinkException("secret store: down");
          }

          @Override
          public String description() {
            return "secret-store";
          }
        };
    try (VeniceClient client =
        VeniceClient.builder()
            .baseUrl(args[0])
            // the sink retries would wait ~3 s for a folder that stays immutable
            .sleeper(d -> {})
            .build()) {
      KeyBootstrap.builder()
          .client(client)
          .wallet(WalletSource.privateKeyEnv("WALLET_KEY"))
          .sink(trap)
          .sink(SecretSink.file(target))
          .spec(io.keymint.venice.KeySpec.builder().usdLimit(java.math.BigDecimal.TEN).build())
          .recoveryDir(Path.of(args[2]))
          .build()
          .ensure();
      System.exit(0);
    } catch (EscrowException e) {
      if (e.kind() != EscrowException.Kind.ESCROWED) {
        throw e;
      }
      System.err.println("keymint: " + e.getMessage());
      e.printStackTrace();
      System.exit(11);
    }
  }
}
