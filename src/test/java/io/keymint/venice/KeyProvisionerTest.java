package io.keymint.venice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.keymint.ApiKeySecret;
import io.keymint.emulator.VeniceEmulator;
import io.keymint.testing.Emulators;
import io.keymint.testing.LeakWatch;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Bulk provisioning against an emulator whose creation window is scaled down (5 per 250 ms instead
 * of 20 per minute) with the client's limiter set to the same window: 45 keys, zero 429s.
 */
class KeyProvisionerTest {
  private static final int PER_WINDOW = 5;
  private static final Duration WINDOW = Duration.ofMillis(250);

  private VeniceEmulator venice;
  private VeniceClient client;

  private void start(int maxActiveKeys) {
    venice =
        VeniceEmulator.builder()
            .keyCreationLimit(PER_WINDOW, WINDOW)
            .maxActiveKeys(maxActiveKeys)
            .start();
    String admin = venice.createKey(ApiKeyType.ADMIN, "ops");
    LeakWatch.secret(admin);
    client =
        VeniceClient.builder()
            .baseUrl(venice.baseUrl())
            .apiKey(ApiKeySecret.of(admin))
            .keyCreationRate(PER_WINDOW, WINDOW)
            .maxRetries(0) // a 429 would fail the run instead of being quietly retried
            .build();
  }

  @AfterEach
  void stop() {
    if (client != null) {
      client.close();
    }
    Emulators.stop(venice);
  }

  /** A provisioner whose handler puts each key in {@code vault} (and its secret in the sweep). */
  private KeyProvisioner.Builder storingIn(Map<String, ApiKey> vault) {
    return KeyProvisioner.builder(client.apiKeys())
        .onKey(
            (customer, key) -> {
              LeakWatch.secret(key.secret().reveal());
              vault.put(customer, key);
            });
  }

  private static List<String> customers(int n) {
    return IntStream.rangeClosed(1, n).mapToObj(i -> "c" + i).collect(Collectors.toList());
  }

  @Test
  void provision_45Keys_atTheCap_withZero429s() {
    start(500);
    Map<String, ApiKey> vault = new ConcurrentHashMap<>();
    List<KeyProvisioner.Progress> progress = new ArrayList<>();
    long started = System.nanoTime();

    KeyProvisioner.Result result =
        storingIn(vault).onProgress(progress::add).build().provision(customers(45));

    Duration took = Duration.ofNanos(System.nanoTime() - started);
    assertThat(result.created()).hasSize(45);
    assertThat(vault).hasSize(45);
    assertThat(client.apiKeys().rateLimitLog()).isEmpty(); // the emulator logs every 429 it answers
    // 45 at 5 per window need 8 full windows after the first burst; the pacer must not be far
    // slower
    assertThat(took)
        .isGreaterThanOrEqualTo(WINDOW.multipliedBy(8))
        .isLessThan(WINDOW.multipliedBy(8).plusSeconds(3));
    assertThat(progress).hasSize(45);
    assertThat(progress.get(44).created()).isEqualTo(45);
    ApiKey one = client.apiKeys().get(result.created().get("c7"));
    assertThat(one.description()).contains("cust:c7");
    assertThat(one.consumptionLimit().usd()).contains(new BigDecimal("5"));
  }

  @Test
  void provision_afterAHandlerFailure_resumesAndSkipsCustomersWithKeys() {
    start(500);
    Map<String, ApiKey> vault = new ConcurrentHashMap<>();
    KeyProvisioner failing =
        KeyProvisioner.builder(client.apiKeys())
            .onKey(
                (customer, key) -> {
                  LeakWatch.secret(key.secret().reveal());
                  if (customer.equals("c4")) {
                    throw new IllegalStateException("vault down");
                  }
                  vault.put(customer, key);
                })
            .build();

    KeyProvisioner.ProvisioningException e =
        catchThrowableOfType(
            KeyProvisioner.ProvisioningException.class, () -> failing.provision(customers(8)));

    assertThat(e.customerId()).contains("c4");
    assertThat(e.key()).isPresent();
    assertThat(e.getMessage())
        .contains(e.key().get().id())
        .doesNotContain(e.key().get().secret().reveal());
    vault.put("c4", e.key().get()); // the operator stores the carried key

    List<KeyProvisioner.Progress> progress = new ArrayList<>();
    KeyProvisioner.Result second =
        storingIn(vault).onProgress(progress::add).build().provision(customers(8));

    assertThat(second.skipped()).containsExactly("c1", "c2", "c3", "c4");
    assertThat(second.created()).containsOnlyKeys("c5", "c6", "c7", "c8");
    assertThat(vault).hasSize(8);
    assertThat(progress).filteredOn(KeyProvisioner.Progress::skipped).hasSize(4);
    assertThat(progress)
        .filteredOn(p -> !p.skipped())
        .extracting(KeyProvisioner.Progress::customerId)
        .containsExactly("c5", "c6", "c7", "c8");
    assertThat(client.apiKeys().list()).hasSize(9); // 8 customers + the admin key
  }

  @Test
  void provision_overTheCeiling_refusesBeforeCreatingAnything() {
    start(10);
    int before = io.keymint.testing.Emulators.secrets(venice).size();
    KeyProvisioner p =
        KeyProvisioner.builder(client.apiKeys()).maxActiveKeys(10).onKey((c, k) -> {}).build();

    KeyProvisioner.ProvisioningException e =
        catchThrowableOfType(
            KeyProvisioner.ProvisioningException.class, () -> p.provision(customers(10)));

    assertThat(e.getMessage()).contains("refusing to create 10 keys").contains("1 active keys");
    assertThat(e.key()).isEmpty();
    assertThat(io.keymint.testing.Emulators.secrets(venice)).hasSize(before);
  }

  @Test
  void provision_descriptionTooLong_refusesBeforeCreatingAnything() {
    start(500);
    KeyProvisioner p = KeyProvisioner.builder(client.apiKeys()).onKey((c, k) -> {}).build();
    List<String> ids = List.of("ok", "x".repeat(60));
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> p.provision(ids))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("64");
    assertThat(io.keymint.testing.Emulators.secrets(venice)).hasSize(1);
  }
}
