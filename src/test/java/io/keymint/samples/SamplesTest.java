package io.keymint.samples;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.keymint.emulator.VeniceEmulator;
import io.keymint.testing.Emulators;
import io.keymint.testing.JavaProcess;
import io.keymint.testing.LeakWatch;
import io.keymint.testing.TestKeys;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs every program in samples/ against the emulator, so the samples cannot rot: Maven compiles
 * them as test sources (see the build-helper plugin in the pom); they live in the default package,
 * so they are reached by name.
 */
class SamplesTest {
  @TempDir Path dir;
  private VeniceEmulator venice;

  @BeforeEach
  void start() {
    venice = Emulators.start(TestKeys.LIGHT_ADDRESS, TestKeys.VECTOR_ADDRESS);
  }

  @AfterEach
  void stop() {
    Emulators.stop(venice);
  }

  static void runMain(String className, String... args) throws Exception {
    Class.forName(className).getMethod("main", String[].class).invoke(null, (Object) args);
  }

  @Test
  void embeddedAgent_mintsAndKeepsTheKeyInMemory() throws Exception {
    String captured =
        LeakWatch.captureStdout(() -> runMain("EmbeddedAgent", venice.baseUrl().toString()));
    String secret = io.keymint.testing.Emulators.secrets(venice).get(0);
    assertThat(captured)
        .startsWith("agent got key ")
        .contains("ending " + secret.substring(secret.length() - 6))
        .doesNotContain(secret);
    assertThat(venice.mintCount()).isEqualTo(1);
  }

  @Test
  void oneShotBootstrap_inAChildJvm_writesTheKeyFileFromWalletKey() throws Exception {
    Path keyFile = dir.resolve("venice-api-key");

    JavaProcess.Result r =
        JavaProcess.run(
            Path.of("").toAbsolutePath(),
            Map.of("WALLET_KEY", TestKeys.VECTOR_PRIVATE_KEY),
            "OneShotBootstrap",
            venice.baseUrl().toString(),
            keyFile.toString());

    assertThat(r.exitCode).as(r.toString()).isZero();
    assertThat(Files.readString(keyFile, UTF_8))
        .isEqualTo(io.keymint.testing.Emulators.secrets(venice).get(0) + "\n");
    assertThat(r.stdout).contains("written to " + keyFile);
  }

  @Test
  void customSigner_randomisedRemoteWallet_mintsWithAnEscrowRecipient() throws Exception {
    Path keyFile = dir.resolve("venice-api-key");

    JavaProcess.Result r =
        JavaProcess.run(
            Path.of("").toAbsolutePath(),
            Map.of("REMOTE_SIGNER_KEY", TestKeys.LIGHT_PRIVATE_KEY),
            "CustomSigner",
            venice.baseUrl().toString(),
            keyFile.toString());

    assertThat(r.exitCode).as(r.toString()).isZero();
    String secret = io.keymint.testing.Emulators.secrets(venice).get(0);
    assertThat(Files.readString(keyFile, UTF_8)).isEqualTo(secret + "\n");
    assertThat(r.stdout).startsWith("MINTED key ending " + secret.substring(secret.length() - 6));
    assertThat(venice.mintCount()).isEqualTo(1);
  }
}
