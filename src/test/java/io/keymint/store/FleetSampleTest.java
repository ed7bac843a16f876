package io.keymint.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.keymint.ApiKeySecret;
import io.keymint.bootstrap.BootstrapResult;
import io.keymint.bootstrap.KeyBootstrap;
import io.keymint.testing.EtcdFixture;
import io.keymint.testing.LeakWatch;
import io.keymint.testing.OnEmulator;
import io.keymint.testing.TestKeys;
import io.keymint.venice.VeniceClient;
import io.keymint.wallet.KeystorePassword;
import io.keymint.wallet.WalletSource;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Runs samples/FleetAgent.java (two replicas) against real etcd and the emulator. */
class FleetSampleTest extends OnEmulator {
  @TempDir Path dir;
  @RegisterExtension final EtcdFixture etcd = EtcdFixture.perTest();

  private static Object call(String method, Object... args) throws Exception {
    for (Method m : Class.forName("FleetAgent").getMethods()) {
      if (m.getName().equals(method) && m.getParameterCount() == args.length) {
        return m.invoke(null, args);
      }
    }
    throw new AssertionError("FleetAgent." + method);
  }

  @Test
  @SuppressWarnings("try") // the watches run for the block
  void twoReplicas_shareOneKey_andFollowARotationWithoutRestarting() throws Exception {
    etcd.start(1);
    startVenice(TestKeys.LIGHT_ADDRESS);
    String endpoint = etcd.endpoint();
    AtomicReference<ApiKeySecret> a = new AtomicReference<>();
    AtomicReference<ApiKeySecret> b = new AtomicReference<>();
    try (EtcdKeyStore storeA = (EtcdKeyStore) call("store", endpoint, "/sample/agent");
        EtcdKeyStore storeB = (EtcdKeyStore) call("store", endpoint, "/sample/agent");
        KeyWatch watchA = (KeyWatch) call("start", venice.baseUrl().toString(), storeA, a);
        KeyWatch watchB = (KeyWatch) call("start", venice.baseUrl().toString(), storeB, b)) {
      assertThat(venice.mintCount()).isEqualTo(1);
      assertThat(a.get().reveal()).isEqualTo(b.get().reveal());
      String old = a.get().reveal();
      LeakWatch.secret(old);

      BootstrapResult r;
      try (VeniceClient client = VeniceClient.builder().baseUrl(venice.baseUrl()).build()) {
        r =
            KeyBootstrap.builder()
                .spec(
                    io.keymint.venice.KeySpec.builder().usdLimit(java.math.BigDecimal.TEN).build())
                .client(client)
                .wallet(
                    WalletSource.keystore(
                        Path.of(TestKeys.LIGHT_KEYSTORE),
                        KeystorePassword.fromFile(Path.of(TestKeys.LIGHT_PASSWORD_FILE))))
                .store(storeA)
                .grace(Duration.ZERO)
                .build()
                .rotate();
      }
      String fresh = r.secret().reveal();
      LeakWatch.secret(fresh);
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (!(fresh.equals(a.get().reveal()) && fresh.equals(b.get().reveal()))) {
        assertThat(System.nanoTime())
            .as("both replicas switch to the new key")
            .isLessThan(deadline);
        Thread.sleep(20);
      }
      assertThat(fresh).isNotEqualTo(old);
      assertThat(venice.mintCount()).isEqualTo(2);
    }
  }
}
