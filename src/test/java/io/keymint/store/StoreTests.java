package io.keymint.store;

import io.keymint.ApiKeySecret;
import io.keymint.emulator.VeniceEmulator;
import io.keymint.mint.Web3KeyMinter;
import io.keymint.sink.SecretSink;
import io.keymint.testing.Emulators;
import io.keymint.testing.LeakWatch;
import io.keymint.testing.TestKeys;
import io.keymint.venice.ApiKey;
import io.keymint.venice.ApiKeyType;
import io.keymint.venice.KeySpec;
import io.keymint.venice.VeniceClient;
import io.keymint.wallet.WalletSource;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import java.util.function.Supplier;

/** What the key-store tests (etcd and Kubernetes alike) build their cases from. */
final class StoreTests {
  private StoreTests() {}

  /** An INFERENCE key of the vector wallet with a fresh secret (handed to the leak sweep). */
  static ApiKey key(String id) {
    String secret = "VENICE-INFERENCE-KEY-" + UUID.randomUUID().toString().replace("-", "");
    LeakWatch.secret(secret);
    return ApiKey.builder()
        .id(id)
        .type(ApiKeyType.INFERENCE)
        .secret(ApiKeySecret.of(secret))
        .walletAddress(TestKeys.VECTOR_ADDRESS)
        .build();
  }

  /** The {@link System#nanoTime} deadline {@code d} from now. */
  static long in(Duration d) {
    return System.nanoTime() + d.toNanos();
  }

  /** Mints an ADMIN key (no limit) for the vector wallet's account, to rotate and revoke with. */
  static ApiKeySecret adminKey(VeniceEmulator venice) {
    AtomicReference<ApiKeySecret> admin = new AtomicReference<>();
    try (VeniceClient c = VeniceClient.builder().baseUrl(venice.baseUrl()).build()) {
      Web3KeyMinter.builder()
          .client(c)
          .wallet(WalletSource.privateKey(TestKeys.VECTOR_PRIVATE_KEY.toCharArray()))
          .sink(SecretSink.callback(k -> admin.set(k.secret())))
          .build()
          .mint(
              KeySpec.builder()
                  .type(ApiKeyType.ADMIN)
                  .description("fleet admin")
                  .noLimit()
                  .build());
    }
    return admin.get();
  }

  /**
   * A client for a rotation with a {@code grace} period: other waits really sleep; the grace period
   * ends as soon as {@code allHold} is true of the newest secret the emulator issued (or when it
   * runs out), and then what the replicas held ({@code held}) is added to {@code atRevocation} —
   * the old key is revoked right after.
   */
  static VeniceClient rotationClient(
      VeniceEmulator venice,
      Duration grace,
      Predicate<String> allHold,
      Supplier<Collection<String>> held,
      List<String> atRevocation) {
    return VeniceClient.builder()
        .baseUrl(venice.baseUrl())
        .sleeper(
            d -> {
              if (!d.equals(grace)) {
                Thread.sleep(d.toMillis());
                return;
              }
              List<String> issued = Emulators.secrets(venice);
              String fresh = issued.get(issued.size() - 1);
              long deadline = System.nanoTime() + d.toNanos();
              while (System.nanoTime() < deadline && !allHold.test(fresh)) {
                Thread.sleep(20);
              }
              atRevocation.addAll(held.get());
            })
        .build();
  }
}
