package io.keymint.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.keymint.emulator.VeniceEmulator;
import io.keymint.testing.Emulators;
import io.keymint.testing.JavaProcess;
import io.keymint.testing.TestKeys;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The standard keystore (scrypt n=2^18, r=8: a 256 MiB working set) minted by {@code keymint} in
 * child JVMs sized the way operators size them: scrypt's memory plan must fit each one and still
 * derive the same key, or refuse in one line naming the flag to change.
 */
class ScryptMemoryProcessTest {
  @TempDir Path dir;
  private VeniceEmulator venice;

  @BeforeEach
  void start() {
    venice = Emulators.start(TestKeys.STANDARD_ADDRESS);
  }

  @AfterEach
  void stop() {
    Emulators.stop(venice);
  }

  private JavaProcess.Result mint(Path key, String... jvmArgs) {
    List<String> args = new ArrayList<>(List.of(jvmArgs));
    args.add("-XX:TieredStopAtLevel=1"); // C1 only: these children are about memory, not speed
    Process p =
        JavaProcess.start(
            Path.of("").toAbsolutePath(),
            Map.of("VENICE_BASE_URL", venice.baseUrl().toString()),
            args,
            Main.class.getName(),
            "mint",
            "--usd",
            "5",
            "--keystore",
            TestKeys.STANDARD_KEYSTORE,
            "--password-file",
            TestKeys.STANDARD_PASSWORD_FILE,
            "--sink",
            "file:" + key);
    return JavaProcess.finish(p);
  }

  /**
   * {@code -XX:MaxRAM=1g}: what the JVM picks in a 1 GiB container (heap and direct memory 256
   * MiB); {@code -Xmx96m}: V cut to 80 MiB (a dense prefix, then every 4th row); {@code
   * -XX:MaxDirectMemorySize=16m}: direct buffers refused part-way, the rest of V on the heap.
   */
  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"-XX:MaxRAM=1g", "-Xmx96m", "-Xmx512m -XX:MaxDirectMemorySize=16m"})
  void mint_standardKeystore_fitsTheJvmItIsGiven(String jvmArgs) throws Exception {
    Path key = dir.resolve("key");

    JavaProcess.Result r = mint(key, jvmArgs.split(" "));

    assertThat(r.exitCode).as(r.toString()).isZero();
    assertThat(venice.issuedSecrets()).hasSize(1);
    assertThat(Files.readString(key, UTF_8)).isEqualTo(venice.issuedSecrets().get(0) + "\n");
  }

  @Test
  void mint_heapTooSmallEvenForAnEighthOfV_refusesNamingTheXmx() {
    JavaProcess.Result r = mint(dir.resolve("key"), "-Xmx40m");

    assertThat(r.exitCode).as(r.toString()).isEqualTo(ExitCode.WALLET.code);
    assertThat(r.stderr)
        .contains(
            "needs 256 MiB for scrypt (n=262144, r=8, p=1) but only 40 MiB of memory is free for"
                + " it: run java with -Xmx512m")
        .doesNotContain("\tat ");
    assertThat(venice.issuedSecrets()).isEmpty();
  }

  @Test
  void mint_capNotASize_refusesNamingTheProperty() {
    JavaProcess.Result r = mint(dir.resolve("key"), "-Dkeymint.scrypt.maxMemory=lots");

    assertThat(r.exitCode).as(r.toString()).isEqualTo(ExitCode.WALLET.code);
    assertThat(r.stderr)
        .contains("system property keymint.scrypt.maxMemory is \"lots\"")
        .doesNotContain("\tat ");
    assertThat(venice.issuedSecrets()).isEmpty();
  }
}
