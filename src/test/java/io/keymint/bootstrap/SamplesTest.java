package io.keymint.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import io.keymint.ApiKeySecret;
import io.keymint.emulator.VeniceEmulator;
import io.keymint.mint.Web3KeyMinter;
import io.keymint.sink.SecretSink;
import io.keymint.testing.Emulators;
import io.keymint.testing.LeakWatch;
import io.keymint.testing.TestKeys;
import io.keymint.venice.ApiKeyType;
import io.keymint.venice.KeySpec;
import io.keymint.venice.VeniceClient;
import io.keymint.wallet.WalletSource;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs every lifecycle sample in samples/ (default package, compiled with the tests) against the
 * emulator, so that none of them can rot. The samples use keystore-examples/light.
 */
class SamplesTest {
  @TempDir Path dir;
  private VeniceEmulator venice;
  private String baseUrl;

  @BeforeEach
  void start() {
    venice = Emulators.start(TestKeys.LIGHT_ADDRESS);
    baseUrl = venice.baseUrl().toString();
  }

  @AfterEach
  void stop() {
    Emulators.stop(venice);
  }

  private static Object call(String sample, String method, Object... args) throws Exception {
    for (Method m : Class.forName(sample).getMethods()) {
      if (m.getName().equals(method) && m.getParameterCount() == args.length) {
        try {
          return m.invoke(null, args);
        } catch (InvocationTargetException e) {
          throw (Exception) e.getCause();
        }
      }
    }
    throw new AssertionError(sample + "." + method + " not found");
  }

  private String stored(Path file) throws Exception {
    String s = Files.readString(file).strip();
    LeakWatch.secret(s);
    return s;
  }

  @Test
  void agentEnsureAtStart_restartReusesTheKey() throws Exception {
    Path keyFile = dir.resolve("venice-api-key");
    ApiKeySecret first = (ApiKeySecret) call("AgentEnsureAtStart", "start", baseUrl, keyFile);
    ApiKeySecret second = (ApiKeySecret) call("AgentEnsureAtStart", "start", baseUrl, keyFile);

    assertThat(second.reveal()).isEqualTo(first.reveal()).isEqualTo(stored(keyFile));
    assertThat(venice.mintCount()).isEqualTo(1);
  }

  @Test
  void initContainerEnsure_readyThenTimesOutWhileTheLockIsHeld() throws Exception {
    Path keyFile = dir.resolve("venice-api-key");
    Path keystore = Path.of(TestKeys.LIGHT_KEYSTORE);
    Path password = Path.of(TestKeys.LIGHT_PASSWORD_FILE);
    assertThat(
            call(
                "InitContainerEnsure",
                "run",
                baseUrl,
                keyFile,
                keystore,
                password,
                Duration.ofSeconds(30)))
        .isEqualTo(0);
    stored(keyFile);

    try (FileChannel ch =
            FileChannel.open(dir.resolve("venice-api-key.lock"), StandardOpenOption.WRITE);
        FileLock held = ch.lock()) {
      assertThat(held.isValid()).isTrue();
      assertThat(
              call(
                  "InitContainerEnsure",
                  "run",
                  baseUrl,
                  keyFile,
                  keystore,
                  password,
                  Duration.ofMillis(300)))
          .isEqualTo(10);
    }
    assertThat(venice.mintCount()).isEqualTo(1);
  }

  @Test
  void perCustomerKeys_oneCappedKeyPerCustomer_rerunCreatesNothing() throws Exception {
    List<String> customers = List.of("acme", "globex", "initech");
    String adminKey = venice.createKey(io.keymint.venice.ApiKeyType.ADMIN, "ops");
    LeakWatch.secret(adminKey);

    var first =
        (io.keymint.venice.KeyProvisioner.Result)
            call("PerCustomerKeys", "provision", baseUrl, adminKey, dir, customers);
    var again =
        (io.keymint.venice.KeyProvisioner.Result)
            call("PerCustomerKeys", "provision", baseUrl, adminKey, dir, customers);

    assertThat(first.created()).containsOnlyKeys(customers);
    assertThat(again.created()).isEmpty();
    assertThat(again.skipped()).containsExactlyInAnyOrderElementsOf(customers);
    for (String c : customers) {
      var meta =
          SecretSink.file(dir.resolve("customer-" + c))
              .read()
              .orElseThrow()
              .metadata()
              .orElseThrow();
      assertThat(meta.consumptionLimit().usd())
          .hasValueSatisfying(v -> assertThat(v).isEqualByComparingTo("5"));
      assertThat(meta.description()).contains("cust:" + c);
      stored(dir.resolve("customer-" + c));
    }
  }

  @Test
  void healthCheck_healthyKey_thenRevokedKey_thenNoKey() throws Exception {
    Path keyFile = dir.resolve("venice-api-key");
    assertThat(call("HealthCheck", "check", baseUrl, keyFile)).asString().startsWith("no key in");
    call("AgentEnsureAtStart", "start", baseUrl, keyFile);
    assertThat(call("HealthCheck", "check", baseUrl, keyFile)).isNull();
    venice.balances(java.math.BigDecimal.ZERO, java.math.BigDecimal.ZERO);
    assertThat(call("HealthCheck", "check", baseUrl, keyFile))
        .asString()
        .contains("the account cannot spend");
    venice.balances(java.math.BigDecimal.TEN, java.math.BigDecimal.ONE);

    String id = SecretSink.file(keyFile).read().orElseThrow().metadata().orElseThrow().id();
    try (VeniceClient admin = VeniceClient.builder().baseUrl(baseUrl).apiKey(adminKey()).build()) {
      admin.apiKeys().revoke(id);
    }
    String problem = (String) call("HealthCheck", "check", baseUrl, keyFile);
    assertThat(problem).contains("key ending");
    assertThat(problem).doesNotContain(stored(keyFile));
  }

  @Test
  void rotateKey_revokesThePreviousKeyWithTheAdminKey() throws Exception {
    Path keyFile = dir.resolve("venice-api-key");
    call("AgentEnsureAtStart", "start", baseUrl, keyFile);
    String old = stored(keyFile);

    BootstrapResult r = (BootstrapResult) call("RotateKey", "rotate", baseUrl, keyFile, adminKey());

    assertThat(r.previousKeyRevoked()).isTrue();
    assertThat(stored(keyFile)).isNotEqualTo(old);
    assertThat(call("HealthCheck", "check", baseUrl, keyFile)).isNull();
    assertThat(venice.activeKeyCount()).isEqualTo(2); // the new key and the admin key
  }

  private ApiKeySecret adminKey() {
    AtomicReference<ApiKeySecret> admin = new AtomicReference<>();
    try (VeniceClient client = VeniceClient.builder().baseUrl(baseUrl).build()) {
      Web3KeyMinter.builder()
          .client(client)
          .wallet(WalletSource.privateKey(TestKeys.LIGHT_PRIVATE_KEY.toCharArray()))
          .sink(SecretSink.callback(k -> admin.set(k.secret())))
          .build()
          .mint(KeySpec.builder().noLimit().type(ApiKeyType.ADMIN).build());
    }
    return admin.get();
  }
}
