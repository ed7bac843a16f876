package io.keymint.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Secret;
import io.keymint.emulator.VeniceEmulator;
import io.keymint.testing.Emulators;
import io.keymint.testing.JavaProcess;
import io.keymint.testing.KubernetesApiFixture;
import io.keymint.testing.LeakWatch;
import io.keymint.testing.TestKeys;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CLI on {@code --store k8s-secret://…} in child JVMs that find the (mock) API server through
 * {@code KUBECONFIG}, as kubectl does: three replicas' {@code ensure} at once mint one key into the
 * Secret's {@code VENICE_API_KEY}; a {@code watch} process copies it to its sink.
 */
class KubernetesCliTest {
  private static final List<String> CHILD_JVM = JavaProcess.SHORT_LIVED;

  @TempDir Path dir;
  @RegisterExtension final KubernetesApiFixture k8s = new KubernetesApiFixture();
  private VeniceEmulator venice;
  private final List<Process> watchers = new ArrayList<>();

  @BeforeEach
  void start() {
    venice = Emulators.start(TestKeys.VECTOR_ADDRESS);
  }

  @AfterEach
  void stop() {
    watchers.forEach(p -> p.toHandle().destroy());
    for (Process p : watchers) {
      try {
        JavaProcess.finish(p);
      } finally {
        p.destroyForcibly();
      }
    }
    Emulators.stop(venice);
  }

  private Map<String, String> env() throws Exception {
    Path kubeconfig = k8s.kubeconfig(dir.resolve("kubeconfig"), "agents");
    return Map.of("WALLET_KEY", TestKeys.VECTOR_PRIVATE_KEY, "KUBECONFIG", kubeconfig.toString());
  }

  @Test
  void threeReplicasEnsure_oneKeyInTheSecret_andWatchCopiesIt() throws Exception {
    Map<String, String> env = env();
    String store = "k8s-secret://agents/venice-api-key";
    List<Process> replicas = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      replicas.add(
          JavaProcess.start(
              dir,
              env,
              CHILD_JVM,
              "io.keymint.cli.Main",
              "ensure",
              "--usd",
              "5",
              "--base-url",
              venice.baseUrl().toString(),
              "--store",
              store,
              "--sink",
              "file:" + dir.resolve("replica-" + i),
              "--lease-ttl",
              "10s", // cold JVMs on a loaded machine: a 2 s lease can lapse before its first
              // renewal
              "--max-wait",
              "90s"));
    }
    for (Process p : replicas) {
      JavaProcess.Result r = JavaProcess.finish(p);
      assertThat(r.exitCode).as(r.toString()).isZero();
    }
    assertThat(venice.mintCount()).isEqualTo(1);
    String secret = io.keymint.testing.Emulators.secrets(venice).get(0);
    LeakWatch.secret(secret);
    for (int i = 0; i < 3; i++) {
      assertThat(Files.readString(dir.resolve("replica-" + i)).strip()).isEqualTo(secret);
    }
    Secret s = k8s.client().secrets().inNamespace("agents").withName("venice-api-key").get();
    assertThat(
            new String(
                Base64.getDecoder().decode(s.getData().get("VENICE_API_KEY")),
                StandardCharsets.UTF_8))
        .isEqualTo(secret);
    assertThat(k8s.client().leases().inNamespace("agents").withName("venice-api-key-keymint").get())
        .isNotNull();

    Path watched = dir.resolve("watched");
    watchers.add(
        JavaProcess.start(
            dir,
            Map.of("KUBECONFIG", env.get("KUBECONFIG")), // no wallet: the Secret is not sealed
            CHILD_JVM,
            "io.keymint.cli.Main",
            "watch",
            "--store",
            store,
            "--sink",
            "file:" + watched));
    long deadline = System.nanoTime() + 60_000_000_000L;
    while (!(Files.exists(watched) && Files.readString(watched).strip().equals(secret))) {
      assertThat(System.nanoTime()).as("watch wrote the key").isLessThan(deadline);
      Thread.sleep(20);
    }
  }
}
