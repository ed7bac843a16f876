package io.keymint.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.keymint.emulator.VeniceEmulator;
import io.keymint.internal.Json;
import io.keymint.testing.Emulators;
import io.keymint.testing.JavaProcess;
import io.keymint.testing.TestKeys;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code keymint} as a real process: real environment, real exit codes, real streams. */
class CliProcessTest {
  @TempDir Path dir;
  private VeniceEmulator venice;

  @BeforeEach
  void start() {
    venice = Emulators.start(TestKeys.VECTOR_ADDRESS, TestKeys.LIGHT_ADDRESS);
  }

  @AfterEach
  void stop() {
    Emulators.stop(venice);
  }

  private JavaProcess.Result keymint(Map<String, String> env, String... args) {
    return Cli.inChildJvm(env, args);
  }

  @Test
  void mint_walletKeyFromTheEnvironment_exits0WithJsonAndTheFile() throws Exception {
    Path key = dir.resolve("venice-api-key");

    JavaProcess.Result r =
        keymint(
            Map.of(
                "WALLET_KEY",
                TestKeys.VECTOR_PRIVATE_KEY,
                "VENICE_BASE_URL",
                venice.baseUrl().toString()),
            "mint",
            "--sink",
            "file:" + key,
            "--json",
            "--usd",
            "5",
            "--limit-period",
            "month");

    assertThat(r.exitCode).as(r.toString()).isZero();
    String secret = io.keymint.testing.Emulators.secrets(venice).get(0);
    assertThat(Files.readString(key, UTF_8)).isEqualTo(secret + "\n");
    JsonNode summary = Json.parse(r.stdout.getBytes(UTF_8));
    assertThat(summary.get("walletAddress").asText()).isEqualTo(TestKeys.VECTOR_ADDRESS);
    assertThat(summary.get("limitPeriod").asText()).isEqualTo("MONTH");
    assertThat(r.stdout + r.stderr)
        .doesNotContain(secret)
        .doesNotContain(TestKeys.VECTOR_PRIVATE_KEY.substring(2));
  }

  @Test
  void mint_wrongPassword_exits3WithOneLineAndNoStackTrace() throws Exception {
    Path pw = dir.resolve("pw");
    Files.writeString(pw, "definitely wrong\n");

    JavaProcess.Result r =
        keymint(
            Map.of("VENICE_BASE_URL", venice.baseUrl().toString()),
            "mint",
            "--usd",
            "5",
            "--keystore",
            TestKeys.LIGHT_KEYSTORE,
            "--password-file",
            pw.toString(),
            "--sink",
            "file:" + dir.resolve("k"));

    assertThat(r.exitCode).as(r.toString()).isEqualTo(3);
    // group-readable files earn warnings (as ssh does); the error itself is one line
    assertThat(r.stderr.strip().lines().filter(l -> !l.startsWith("keymint: warning:"))).hasSize(1);
    assertThat(r.stderr)
        .startsWith("keymint: ")
        .doesNotContain("\tat ")
        .doesNotContain("definitely wrong");
    assertThat(venice.mintCount()).isZero();
  }
}
