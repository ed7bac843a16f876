package io.keymint.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import io.keymint.testing.JavaProcess;
import io.keymint.testing.LeakWatch;
import io.keymint.testing.OnEmulator;
import io.keymint.testing.TestKeys;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Eight real JVMs run {@code keymint ensure} on one sink at the same moment; the OS lock beside the
 * sink lets exactly one of them mint. The emulator runs in this JVM; the wallet comes from {@code
 * WALLET_KEY} so that no child spends time in scrypt.
 */
class EnsureProcessesTest extends OnEmulator {
  private static final int PROCESSES = 8;

  @TempDir Path dir;

  @BeforeEach
  void start() {
    startVenice(TestKeys.VECTOR_ADDRESS);
  }

  @Test
  void ensure_eightProcessesOnOneSink_mintExactlyOneKey() throws Exception {
    Path keyFile = dir.resolve("venice-api-key");
    Map<String, String> env = Map.of("WALLET_KEY", TestKeys.VECTOR_PRIVATE_KEY);
    // short-lived children: C1 only and a small heap start fastest
    List<String> jvm =
        List.of("-Xmx128m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xshare:auto");
    long t0 = System.nanoTime();
    List<Process> children = new ArrayList<>();
    for (int i = 0; i < PROCESSES; i++) {
      children.add(
          JavaProcess.start(
              dir,
              env,
              jvm,
              "io.keymint.cli.Main",
              "-v",
              "ensure",
              "--usd",
              "5",
              "--base-url",
              venice.baseUrl().toString(),
              "--sink",
              "file:" + keyFile,
              "--max-wait",
              "60s"));
    }
    List<JavaProcess.Result> results = new ArrayList<>();
    for (Process p : children) {
      results.add(JavaProcess.finish(p));
    }
    long millis = (System.nanoTime() - t0) / 1_000_000;
    System.out.println("8 concurrent ensure processes finished in " + millis + " ms");

    for (JavaProcess.Result r : results) {
      assertThat(r.exitCode).as(r.toString()).isZero();
    }
    assertThat(venice.mintCount()).isEqualTo(1);
    assertThat(
            results.stream()
                .filter(r -> r.stderr.contains("\nminted ") || r.stderr.startsWith("minted ")))
        .hasSize(1);
    assertThat(
            results.stream()
                .filter(r -> r.stderr.contains("\nkept ") || r.stderr.startsWith("kept ")))
        .hasSize(PROCESSES - 1);
    String secret = Files.readString(keyFile).strip();
    LeakWatch.secret(secret);
    assertThat(io.keymint.testing.Emulators.secrets(venice)).containsExactly(secret);
  }

  @Test
  void escrowInChildJvm_recoverRestoresTheExactSecret_andNoOutputRevealsIt() throws Exception {
    Path keys = Files.createDirectory(dir.resolve("keys"));
    Path recovery = Files.createDirectory(dir.resolve("recovery"));
    Path keyFile = keys.resolve("venice-api-key");
    Map<String, String> env = Map.of("WALLET_KEY", TestKeys.VECTOR_PRIVATE_KEY);
    JavaProcess.Result escrowed;
    try {
      escrowed =
          JavaProcess.run(
              dir,
              env,
              TrappedEnsureMain.class.getName(),
              venice.baseUrl().toString(),
              keyFile.toString(),
              recovery.toString());
    } finally {
      Folders.unlock(keys);
    }
    assertThat(escrowed.exitCode).as(escrowed.toString()).isEqualTo(11);
    String secret = io.keymint.testing.Emulators.secrets(venice).get(0);
    LeakWatch.secret(secret);
    assertThat(venice.mintCount()).isEqualTo(1);
    assertThat(escrowed.stderr).contains("sealed in recovery file").contains("DEBUG");
    Path file;
    try (var s = Files.list(recovery)) {
      file =
          s.filter(p -> p.getFileName().toString().startsWith("venice-keymint-recovery-"))
              .findFirst()
              .orElseThrow();
    }
    assertThat(Files.readString(file)).doesNotContain(secret);

    JavaProcess.Result recovered =
        JavaProcess.run(
            dir,
            env,
            "io.keymint.cli.Main",
            "-v",
            "recover",
            "--base-url",
            venice.baseUrl().toString(),
            "--file",
            file.toString(),
            "--sink",
            "file:" + keyFile);

    assertThat(recovered.exitCode).as(recovered.toString()).isZero();
    assertThat(Files.readString(keyFile)).isEqualTo(secret + "\n");
    assertThat(escrowed.stdout + escrowed.stderr + recovered.stdout + recovered.stderr)
        .doesNotContain(secret);
    assertThat(venice.mintCount()).isEqualTo(1);
  }
}
