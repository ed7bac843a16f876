package io.keymint.store;

import static io.keymint.store.StoreTests.in;
import static io.keymint.store.StoreTests.key;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Secret;
import io.keymint.ApiKeySecret;
import io.keymint.bootstrap.BootstrapResult;
import io.keymint.bootstrap.KeyBootstrap;
import io.keymint.emulator.VeniceEmulator;
import io.keymint.sink.SecretSink;
import io.keymint.testing.Emulators;
import io.keymint.testing.KubernetesApiFixture;
import io.keymint.testing.LeakWatch;
import io.keymint.testing.TestKeys;
import io.keymint.venice.ApiKey;
import io.keymint.venice.AuthenticationException;
import io.keymint.venice.VeniceClient;
import io.keymint.wallet.WalletSource;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link KubernetesKeyStore} against fabric8's mock API server in CRUD mode (it keeps objects,
 * resourceVersions and watches like an API server; no real API server can run where this is built):
 * the Secret's layout, 409 on a stale resourceVersion, the Lease, fencing, and ensure / rotate /
 * watch with several replicas.
 */
class KubernetesKeyStoreTest extends KeyStoreContract {
  private static final String NS = "agents";

  @TempDir Path dir;
  @RegisterExtension final KubernetesApiFixture k8s = new KubernetesApiFixture();
  private VeniceEmulator venice;

  @AfterEach
  void stop() {
    Emulators.stop(venice);
  }

  private KubernetesKeyStore store(String holder) {
    return KubernetesKeyStore.builder()
        .namespace(NS)
        .name("venice-api-key")
        .holder(holder)
        .client(k8s.newClient())
        .build();
  }

  @Override
  KeyStore store(String name, String holder) {
    return store(holder); // a fresh API server per test: one Secret name serves
  }

  @Override
  void stopRenewing(KeyStore.Lease lease) {
    ((KubernetesKeyStore.K8sLease) lease).stopRenewing();
  }

  @Override
  String staleVersionWords() {
    return "409";
  }

  @Test
  void write_putsTheKeyInDataVeniceApiKey_andTheMetadataInAnnotations() throws Exception {
    ApiKey k = key("k8s-1");
    try (KubernetesKeyStore s = store("a")) {
      assertThat(s.read()).isEmpty();
      String v;
      try (KeyStore.Lease lease = s.lease(Duration.ofSeconds(5), in(Duration.ofSeconds(5)))) {
        v = s.write(k, null, lease);
      }
      Secret raw = k8s.client().secrets().inNamespace(NS).withName("venice-api-key").get();
      assertThat(
              new String(
                  Base64.getDecoder().decode(raw.getData().get("VENICE_API_KEY")),
                  StandardCharsets.UTF_8))
          .isEqualTo(k.secret().reveal());
      assertThat(raw.getMetadata().getAnnotations().get("keymint.io/metadata"))
          .contains("k8s-1")
          .doesNotContain(k.secret().reveal());
      StoreRecord r = s.read().orElseThrow();
      assertThat(r.version()).isEqualTo(v);
      assertThat(r.key().secret().reveal()).isEqualTo(k.secret().reveal());
      assertThat(r.key().metadata().map(ApiKey::id)).contains("k8s-1");
    }
  }

  @Test
  void aSecretCreatedEmptyBeforehand_isFilledByVersion() throws Exception {
    try (KubernetesKeyStore s = store("a")) {
      k8s.client()
          .secrets()
          .inNamespace(NS)
          .resource(
              new io.fabric8.kubernetes.api.model.SecretBuilder()
                  .withNewMetadata()
                  .withName("venice-api-key")
                  .withNamespace(NS)
                  .endMetadata()
                  .build())
          .create();
      assertThat(s.read()).isEmpty();
      ApiKey k = key("k-prefilled");
      try (KeyStore.Lease lease = s.lease(Duration.ofSeconds(5), in(Duration.ofSeconds(5)))) {
        s.write(k, null, lease);
        assertThatThrownBy(() -> s.write(key("k-again"), null, lease))
            .isInstanceOfSatisfying(
                StoreException.class,
                e -> assertThat(e.kind()).isEqualTo(StoreException.Kind.CONFLICT));
      }
      assertThat(s.read().orElseThrow().key().secret().reveal()).isEqualTo(k.secret().reveal());
    }
  }

  @Test
  void aSecretMadeByHand_isReadWithoutItsNewline_andStaleMetadataIsDropped() throws Exception {
    ApiKey k = key("k-annotated");
    String byHand = "VENICE-INFERENCE-KEY-made-by-hand-" + UUID.randomUUID();
    LeakWatch.secret(byHand);
    try (KubernetesKeyStore s = store("a")) {
      try (KeyStore.Lease lease = s.lease(Duration.ofSeconds(5), in(Duration.ofSeconds(5)))) {
        s.write(k, null, lease);
      }
      Secret raw = k8s.client().secrets().inNamespace(NS).withName("venice-api-key").get();
      raw.getData()
          .put(
              "VENICE_API_KEY",
              Base64.getEncoder().encodeToString((byHand + "\n").getBytes(StandardCharsets.UTF_8)));
      k8s.client().secrets().inNamespace(NS).resource(raw).update();

      StoreRecord r = s.read().orElseThrow();
      assertThat(r.key().secret().reveal()).isEqualTo(byHand);
      assertThat(r.key().metadata()).isEmpty();
    }
  }

  @Test
  void ensure_eightReplicasAtOnce_mintOneKey_everyLocalSinkHoldsIt() throws Exception {
    venice = Emulators.start(TestKeys.VECTOR_ADDRESS);
    int replicas = 8;
    ExecutorService pool = Executors.newFixedThreadPool(replicas);
    List<Future<BootstrapResult>> runs = new ArrayList<>();
    try {
      for (int i = 0; i < replicas; i++) {
        int n = i;
        runs.add(
            pool.submit(
                () -> {
                  try (VeniceClient client =
                          VeniceClient.builder().baseUrl(venice.baseUrl()).build();
                      KubernetesKeyStore s = store("replica-" + n)) {
                    return KeyBootstrap.builder()
                        .spec(
                            io.keymint.venice.KeySpec.builder()
                                .usdLimit(java.math.BigDecimal.TEN)
                                .build())
                        .client(client)
                        .wallet(WalletSource.privateKey(TestKeys.VECTOR_PRIVATE_KEY.toCharArray()))
                        .store(s)
                        .leaseTtl(Duration.ofSeconds(2))
                        .sink(SecretSink.file(dir.resolve("replica-" + n)))
                        .build()
                        .ensure();
                  }
                }));
      }
      for (Future<BootstrapResult> f : runs) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(venice.mintCount()).isEqualTo(1);
    String secret = io.keymint.testing.Emulators.secrets(venice).get(0);
    for (int i = 0; i < replicas; i++) {
      assertThat(Files.readString(dir.resolve("replica-" + i)).strip()).isEqualTo(secret);
    }
  }

  @Test
  @SuppressWarnings("try") // the watches run for the block
  void rotate_withThreeWatchers_allHoldTheNewKeyBeforeTheOldIsRevoked() throws Exception {
    venice = Emulators.start(TestKeys.VECTOR_ADDRESS);
    ConcurrentHashMap<Integer, String> agents = new ConcurrentHashMap<>();
    try (VeniceClient plain = VeniceClient.builder().baseUrl(venice.baseUrl()).build();
        KubernetesKeyStore s = store("rotator")) {
      KeyBootstrap.builder()
          .spec(io.keymint.venice.KeySpec.builder().usdLimit(java.math.BigDecimal.TEN).build())
          .client(plain)
          .wallet(WalletSource.privateKey(TestKeys.VECTOR_PRIVATE_KEY.toCharArray()))
          .store(s)
          .build()
          .ensure();
      String oldSecret = s.read().orElseThrow().key().secret().reveal();
      ApiKeySecret admin = StoreTests.adminKey(venice);

      try (KubernetesKeyStore s0 = store("w0");
          KubernetesKeyStore s1 = store("w1");
          KubernetesKeyStore s2 = store("w2");
          KeyWatch w0 = KeyWatch.start(s0, k -> agents.put(0, k.secret().reveal()));
          KeyWatch w1 = KeyWatch.start(s1, k -> agents.put(1, k.secret().reveal()));
          KeyWatch w2 = KeyWatch.start(s2, k -> agents.put(2, k.secret().reveal()))) {
        assertThat(agents.values()).containsOnly(oldSecret).hasSize(3);
        Duration grace = Duration.ofSeconds(30);
        List<String> atRevocation = new ArrayList<>();
        try (VeniceClient client =
            StoreTests.rotationClient(
                venice,
                grace,
                fresh -> agents.size() == 3 && agents.values().stream().allMatch(fresh::equals),
                agents::values,
                atRevocation)) {
          BootstrapResult r =
              KeyBootstrap.builder()
                  .spec(
                      io.keymint.venice.KeySpec.builder()
                          .usdLimit(java.math.BigDecimal.TEN)
                          .build())
                  .client(client)
                  .wallet(WalletSource.privateKey(TestKeys.VECTOR_PRIVATE_KEY.toCharArray()))
                  .store(s)
                  .grace(grace)
                  .adminKey(admin)
                  .build()
                  .rotate();
          String newSecret = r.secret().reveal();
          assertThat(newSecret).isNotEqualTo(oldSecret);
          assertThat(r.previousKeyRevoked()).isTrue();
          assertThat(atRevocation).containsExactly(newSecret, newSecret, newSecret);
        }
      }
      try (VeniceClient old = plain.newBuilder().apiKey(ApiKeySecret.of(oldSecret)).build()) {
        assertThatThrownBy(() -> old.apiKeys().rateLimits())
            .isInstanceOf(AuthenticationException.class);
      }
    }
  }
}
