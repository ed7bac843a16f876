package io.keymint.bench;

import io.keymint.wallet.KeystorePassword;
import io.keymint.wallet.Wallet;
import io.keymint.wallet.WalletSource;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Keystore unlock (read, scrypt, MAC, AES, key pair, address check) through the public API, warm.
 * The target for {@code light} is ≤ 20 ms. Run from the repository root.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 3)
public class UnlockBenchmark {
  /** light: n=2^12; ethers-default: n=2^17 (ethers' Wallet.encrypt); standard: n=2^18 (geth). */
  @Param({"light", "ethers-default", "standard"})
  public String keystore;

  private WalletSource source;
  private Path passwordFile;

  @Setup(Level.Trial)
  public void setUp() throws IOException {
    Path file;
    String password;
    switch (keystore) {
      case "light":
        file = Path.of("keystore-examples/light/keystore.json");
        password = Files.readString(Path.of("keystore-examples/light/password.txt")).strip();
        break;
      case "ethers-default":
        file = Path.of("src/test/resources/vectors/keystores/ethers-default-n131072.json");
        password = "keymint test password";
        break;
      case "standard":
        file = Path.of("keystore-examples/standard/keystore.json");
        password = Files.readString(Path.of("keystore-examples/standard/password.txt")).strip();
        break;
      default:
        throw new IllegalArgumentException(keystore);
    }
    if (!Files.exists(file)) {
      throw new IllegalStateException(
          file + " not found: run the benchmarks from the repository root");
    }
    passwordFile = Files.createTempFile("keymint-bench", ".txt");
    Files.writeString(passwordFile, password, StandardCharsets.UTF_8);
    source = WalletSource.keystore(file, KeystorePassword.fromFile(passwordFile));
  }

  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    Files.deleteIfExists(passwordFile);
  }

  @Benchmark
  public String unlock() {
    try (Wallet w = source.unlock()) {
      return w.address();
    }
  }
}
