package io.keymint.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.options.GetOption;
import io.keymint.ApiKeySecret;
import io.keymint.bootstrap.BootstrapResult;
import io.keymint.bootstrap.KeyBootstrap;
import io.keymint.emulator.VeniceEmulator;
import io.keymint.testing.Emulators;
import io.keymint.testing.EtcdCluster;
import io.keymint.testing.EtcdFixture;
import io.keymint.testing.JavaProcess;
import io.keymint.testing.LeakWatch;
import io.keymint.testing.TestKeys;
import io.keymint.venice.AuthenticationException;
import io.keymint.venice.VeniceClient;
import io.keymint.wallet.WalletSource;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A fleet on real etcd: {@code keymint ensure}, {@code watch} and {@code rotate} in child JVMs (and
 * rotate in this one), the Venice emulator in this JVM counting the mints.
 */
class EtcdFleetTest {
  private static final int REPLICAS = 8;
  private static final List<String> CHILD_JVM = JavaProcess.SHORT_LIVED;

  @TempDir Path dir;
  @RegisterExtension final EtcdFixture etcd = EtcdFixture.perTest();
  private VeniceEmulator venice;
  private final List<Process> children = new ArrayList<>();
  private final List<Process> watchers = new ArrayList<>();

  @AfterEach
  void stop() {
    // SIGTERM through the handle (Process.destroy would close the streams before they are read):
    // watch stops cleanly, and what it printed goes to the leak sweep
    watchers.forEach(p -> p.toHandle().destroy());
    List<JavaProcess.Result> stopped = new ArrayList<>();
    for (Process p : watchers) {
      try {
        stopped.add(JavaProcess.finish(p));
      } finally {
        p.destroyForcibly();
      }
    }
    for (Process p : children) {
      p.destroyForcibly();
    }
    for (Process p : children) {
      try {
        p.waitFor(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    Emulators.stop(venice);
    for (JavaProcess.Result r : stopped) {
      assertThat(r.stderr).as(r.toString()).contains("watching etcd://");
    }
  }

  private Process ensure(String store, Path sink, Map<String, String> env, String... extra) {
    // cold JVMs on a loaded machine: a 2 s lease could lapse before the holder's first renewal
    return ensureWithTtl("5s", store, sink, env, extra);
  }

  private Process ensureWithTtl(
      String ttl, String store, Path sink, Map<String, String> env, String... extra) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "-v",
                "ensure",
                "--usd",
                "5",
                "--base-url",
                venice.baseUrl().toString(),
                "--store",
                store,
                "--sink",
                "file:" + sink,
                "--lease-ttl",
                ttl,
                "--max-wait",
                "90s",
                "--recovery-dir",
                dir.toString()));
    args.addAll(List.of(extra));
    Process p =
        JavaProcess.start(dir, env, CHILD_JVM, "io.keymint.cli.Main", args.toArray(new String[0]));
    children.add(p);
    return p;
  }

  private static Map<String, String> walletEnv() {
    return Map.of("WALLET_KEY", TestKeys.VECTOR_PRIVATE_KEY);
  }

  /** Whether anyone holds the lock under {@code key/lock} now. */
  private boolean locked(Client c, String key) {
    try {
      return c.getKVClient()
              .get(
                  ByteSequence.from(key + "/lock/", StandardCharsets.UTF_8),
                  GetOption.builder().isPrefix(true).withCountOnly(true).build())
              .get(2, TimeUnit.SECONDS)
              .getCount()
          > 0;
    } catch (Exception e) {
      return false;
    }
  }

  private static void await(Duration max, BooleanSupplier condition, String what)
      throws InterruptedException {
    long deadline = System.nanoTime() + max.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for " + what);
      }
      Thread.sleep(20);
    }
  }

  private static String content(Path file) {
    try {
      return Files.exists(file) ? Files.readString(file).strip() : "";
    } catch (IOException e) {
      return "";
    }
  }

  private List<JavaProcess.Result> runEight(String store, Runnable duringRun) throws Exception {
    List<Process> ps = new ArrayList<>();
    for (int i = 0; i < REPLICAS; i++) {
      ps.add(ensure(store, dir.resolve("replica-" + i), walletEnv()));
    }
    duringRun.run();
    List<JavaProcess.Result> results = new ArrayList<>();
    for (Process p : ps) {
      results.add(JavaProcess.finish(p));
    }
    return results;
  }

  private void assertOneKeyEverywhere(List<JavaProcess.Result> results, String etcdKey)
      throws Exception {
    for (JavaProcess.Result r : results) {
      assertThat(r.exitCode).as(r.toString()).isZero();
    }
    assertThat(venice.mintCount()).isEqualTo(1);
    String secret = io.keymint.testing.Emulators.secrets(venice).get(0);
    LeakWatch.secret(secret);
    for (int i = 0; i < REPLICAS; i++) {
      assertThat(content(dir.resolve("replica-" + i))).as("replica " + i).isEqualTo(secret);
    }
    assertThat(
            results.stream()
                .filter(r -> r.stderr.contains("\nminted ") || r.stderr.startsWith("minted ")))
        .hasSize(1);
    String value = etcd.raw(etcdKey);
    assertThat(value).contains("venice-keymint-store-record").doesNotContain(secret);
    for (JavaProcess.Result r : results) {
      assertThat(r.stdout + r.stderr).doesNotContain(secret);
    }
  }

  @Test
  void eightEnsureProcesses_oneEtcdStore_mintExactlyOneKey_sealedInEtcd() throws Exception {
    etcd.start(1);
    venice = Emulators.start(TestKeys.VECTOR_ADDRESS);
    String store = "etcd://" + etcd.endpoints() + "/fleet/agent";

    List<JavaProcess.Result> results = runEight(store, () -> {});

    assertOneKeyEverywhere(results, "/fleet/agent");
  }

  @Test
  void threeMemberCluster_leaderKilledDuringTheRun_stillOneKey_everyReplicaSucceeds()
      throws Exception {
    etcd.start(3);
    venice = Emulators.start(TestKeys.VECTOR_ADDRESS);
    String store = "etcd://" + etcd.endpoints() + "/fleet/ha";
    EtcdCluster.Member[] killed = new EtcdCluster.Member[1];

    List<JavaProcess.Result> results =
        runEight(
            store,
            () -> {
              try (Client c = etcd.client()) {
                // a replica holds the lease: it is minting or about to
                await(Duration.ofSeconds(60), () -> locked(c, "/fleet/ha"), "a lease holder");
              } catch (InterruptedException e) {
                throw new AssertionError(e);
              }
              killed[0] = etcd.leader();
              etcd.kill(killed[0]);
            });

    assertThat(killed[0].alive()).isFalse();
    assertOneKeyEverywhere(results, "/fleet/ha");
  }

  @Test
  void leaseHolderKilledBeforeItMints_anotherMintsOnceTheTtlPasses() throws Exception {
    etcd.start(1);
    venice = Emulators.start(TestKeys.STANDARD_ADDRESS);
    String store = "etcd://" + etcd.endpoints() + "/fleet/crash";
    // the first replica unlocks a standard keystore (scrypt, ≈ 1-2 s) while holding the lease
    Process holder =
        JavaProcess.start(
            dir,
            Map.of(),
            List.of("-Xmx512m"),
            "io.keymint.cli.Main",
            "ensure",
            "--usd",
            "5",
            "--base-url",
            venice.baseUrl().toString(),
            "--store",
            store,
            "--sink",
            "file:" + dir.resolve("holder"),
            "--lease-ttl",
            "2s",
            "--keystore",
            Path.of(TestKeys.STANDARD_KEYSTORE).toAbsolutePath().toString(),
            "--password-file",
            Path.of(TestKeys.STANDARD_PASSWORD_FILE).toAbsolutePath().toString());
    children.add(holder);
    try (Client c = etcd.client()) {
      await(Duration.ofSeconds(60), () -> locked(c, "/fleet/crash"), "the first replica's lease");
      holder.destroyForcibly(); // SIGKILL: no unlock, no lease revocation
      holder.waitFor(10, TimeUnit.SECONDS);
      assertThat(venice.mintCount()).as("killed before it minted").isZero();
      assertThat(locked(c, "/fleet/crash")).as("its lease outlives it until the TTL").isTrue();
    }

    JavaProcess.Result second =
        JavaProcess.finish(
            ensureWithTtl(
                "2s",
                store,
                dir.resolve("second"),
                Map.of("WALLET_KEY", TestKeys.STANDARD_PRIVATE_KEY),
                "--json"));

    assertThat(second.exitCode).as(second.toString()).isZero();
    assertThat(second.stdout).contains("\"outcome\":\"MINTED\"");
    assertThat(venice.mintCount()).isEqualTo(1);
    String secret = io.keymint.testing.Emulators.secrets(venice).get(0);
    LeakWatch.secret(secret);
    assertThat(content(dir.resolve("second"))).isEqualTo(secret);
  }

  @Test
  void rotate_withThreeWatchProcesses_allHoldTheNewKeyBeforeTheOldIsRevoked() throws Exception {
    etcd.start(1);
    venice = Emulators.start(TestKeys.VECTOR_ADDRESS);
    String store = "etcd://" + etcd.endpoints() + "/fleet/rotate";
    JavaProcess.Result first = JavaProcess.finish(ensure(store, dir.resolve("first"), walletEnv()));
    assertThat(first.exitCode).as(first.toString()).isZero();
    String oldSecret = content(dir.resolve("first"));
    LeakWatch.secret(oldSecret);

    // an ADMIN key of the wallet's own account, to revoke its keys with
    ApiKeySecret admin = StoreTests.adminKey(venice);

    List<Path> watched = List.of(dir.resolve("w0"), dir.resolve("w1"), dir.resolve("w2"));
    for (Path sink : watched) {
      watchers.add(
          JavaProcess.start(
              dir,
              walletEnv(),
              CHILD_JVM,
              "io.keymint.cli.Main",
              "watch",
              "--store",
              store,
              "--sink",
              "file:" + sink));
    }
    await(
        Duration.ofSeconds(60),
        () -> watched.stream().allMatch(p -> content(p).equals(oldSecret)),
        "the watchers to write the current key");

    Duration grace = Duration.ofSeconds(30);
    List<String> atRevocation = new ArrayList<>();
    try (VeniceClient client =
            StoreTests.rotationClient(
                venice,
                grace,
                // the grace period ends early once every watcher holds the new key
                fresh -> watched.stream().allMatch(p -> content(p).equals(fresh)),
                () -> watched.stream().map(EtcdFleetTest::content).toList(),
                atRevocation);
        EtcdKeyStore shared =
            EtcdKeyStore.builder()
                .endpoint(etcd.endpoints())
                .key("/fleet/rotate")
                .wallet(WalletSource.privateKey(TestKeys.VECTOR_PRIVATE_KEY.toCharArray()))
                .build()) {
      BootstrapResult r =
          KeyBootstrap.builder()
              .spec(io.keymint.venice.KeySpec.builder().usdLimit(java.math.BigDecimal.TEN).build())
              .client(client)
              .wallet(WalletSource.privateKey(TestKeys.VECTOR_PRIVATE_KEY.toCharArray()))
              .store(shared)
              .leaseTtl(Duration.ofSeconds(2))
              .grace(grace)
              .adminKey(admin)
              .build()
              .rotate();

      String newSecret = r.secret().reveal();
      LeakWatch.secret(newSecret);
      assertThat(newSecret).isNotEqualTo(oldSecret);
      assertThat(r.previousKeyRevoked()).isTrue();
      assertThat(atRevocation).containsExactly(newSecret, newSecret, newSecret);
      assertThat(shared.read().orElseThrow().key().secret().reveal()).isEqualTo(newSecret);
      try (VeniceClient old =
          VeniceClient.builder()
              .baseUrl(venice.baseUrl())
              .apiKey(ApiKeySecret.of(oldSecret))
              .build()) {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> old.apiKeys().rateLimits())
            .isInstanceOf(AuthenticationException.class);
      }
    }
    assertThat(venice.mintCount()).isEqualTo(3); // first, admin, rotated
  }
}
