package io.keymint.venice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.keymint.ApiKeySecret;
import io.keymint.emulator.VeniceEmulator;
import io.keymint.testing.Emulators;
import io.keymint.testing.LeakWatch;
import io.keymint.testing.TestClock;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Per-customer rotation and revocation ({@link KeyProvisioner#rotate}, {@link
 * KeyProvisioner#revoke}), the capped-by-default rule on {@code POST /api_keys}, and the headers
 * the client exposes — against the emulator.
 */
class CustomerLifecycleTest {
  private VeniceEmulator venice;
  private VeniceClient client;
  private final Map<String, ApiKey> vault = new ConcurrentHashMap<>();

  @BeforeEach
  void start() {
    venice = Emulators.start();
    String admin = venice.createKey(ApiKeyType.ADMIN, "ops");
    LeakWatch.secret(admin);
    client =
        VeniceClient.builder()
            .baseUrl(venice.baseUrl())
            .apiKey(ApiKeySecret.of(admin))
            .sleeper(new TestClock(Instant.EPOCH).sleeper())
            .build();
  }

  @AfterEach
  void stop() {
    client.close();
    Emulators.stop(venice);
  }

  private KeyProvisioner provisioner() {
    return KeyProvisioner.builder(client.apiKeys())
        .onKey(
            (customer, key) -> {
              LeakWatch.secret(key.secret().reveal());
              vault.put(customer, key);
            })
        .build();
  }

  private List<String> idsOf(String description) {
    return client.apiKeys().list().stream()
        .filter(k -> k.description().orElse("").equals(description))
        .map(ApiKey::id)
        .toList();
  }

  @Test
  void rotate_createsHandsOverChecksThenRevokesTheOldKey() {
    KeyProvisioner p = provisioner();
    p.provision(List.of("42", "43"));
    String old = vault.get("42").id();

    KeyProvisioner.Rotation r = p.rotate("42");

    assertThat(r.keyId()).isNotEqualTo(old).isEqualTo(vault.get("42").id());
    assertThat(r.revoked()).containsExactly(old);
    assertThat(idsOf("cust:42")).containsExactly(r.keyId());
    assertThat(idsOf("cust:43")).hasSize(1); // another customer is untouched
    assertThat(vault.get("42").consumptionLimit().usd()).contains(new BigDecimal("5"));
  }

  @Test
  void rotate_aCustomerWithoutAKey_justCreatesOne() {
    KeyProvisioner.Rotation r = provisioner().rotate("7");

    assertThat(r.revoked()).isEmpty();
    assertThat(idsOf("cust:7")).containsExactly(r.keyId());
  }

  @Test
  void rotate_newKeyNotAdmitted_revokesNothing() {
    KeyProvisioner p = provisioner();
    p.provision(List.of("42"));
    String old = vault.get("42").id();
    venice.accessPermitted(false);

    KeyProvisioner.ProvisioningException e =
        catchThrowableOfType(KeyProvisioner.ProvisioningException.class, () -> p.rotate("42"));

    assertThat(e).hasMessageContaining("does not admit").hasMessageContaining("NOT revoked");
    assertThat(e.newKeyNotAdmitted()).isTrue();
    assertThat(idsOf("cust:42")).contains(old).hasSize(2);
    assertThat(vault.get("42").id()).isNotEqualTo(old); // the new key was handed over anyway
  }

  @Test
  void revoke_revokesEveryKeyOfTheCustomer_andIsIdempotent() {
    KeyProvisioner p = provisioner();
    p.provision(List.of("42", "43"));
    p.rotate("42"); // two keys ever, one active
    client
        .apiKeys()
        .create(KeySpec.builder().description("cust:42").usdLimit(BigDecimal.ONE).build());

    List<String> revoked = p.revoke("42");

    assertThat(revoked).hasSize(2);
    assertThat(idsOf("cust:42")).isEmpty();
    assertThat(idsOf("cust:43")).hasSize(1);
    assertThat(p.revoke("42")).isEmpty();
  }

  @Test
  void create_withoutACap_isRefusedBeforeSending() {
    int before = venice.activeKeyCount();

    Throwable e =
        org.assertj.core.api.Assertions.catchThrowable(
            () -> client.apiKeys().create(KeySpec.builder().description("free").build()));

    assertThat(e).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("noLimit()");
    assertThat(venice.activeKeyCount()).isEqualTo(before);
  }

  @Test
  void rateLimits_exposesVeniceHeaders() {
    RateLimits r = client.apiKeys().rateLimits();

    assertThat(r.headers().balances()).containsKeys("USD", "DIEM");
    assertThat(r.headers().rateLimit("X-RateLimit-Remaining")).contains("50");
    assertThat(r.headers().rateLimits()).containsKey("x-ratelimit-resets");
    assertThat(r.headers().toString()).doesNotContain("VENICE_");
  }

  @Test
  void describe_spellsThePeriodOut() {
    ConsumptionLimit five = ConsumptionLimit.usd(new BigDecimal("5.00"));
    assertThat(five.describe(LimitPeriod.EPOCH)).isEqualTo("$5 per day (EPOCH)");
    assertThat(five.describe(null)).isEqualTo("$5 per day (EPOCH)");
    assertThat(five.describe(LimitPeriod.MONTH)).isEqualTo("$5 per month");
    assertThat(five.describe(LimitPeriod.LIFETIME)).isEqualTo("$5 in total (LIFETIME)");
    assertThat(ConsumptionLimit.of(new BigDecimal("5"), new BigDecimal("0.5")).describe(null))
        .isEqualTo("$5 and 0.5 DIEM per day (EPOCH)");
    assertThat(ConsumptionLimit.NONE.describe(LimitPeriod.MONTH)).isEqualTo("no cap");
  }
}
