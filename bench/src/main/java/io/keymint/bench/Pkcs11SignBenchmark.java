package io.keymint.bench;

import io.keymint.wallet.Wallet;
import io.keymint.wallet.WalletSource;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * EIP-191 signing of a Venice token through a PKCS#11 token (SoftHSM2 via SunPKCS11), one thread:
 * the token's {@code CKM_ECDSA}, DER to r/s, low s, v by recovery against the token's public key.
 * Needs the token {@code bench/pkcs11/setup-token.sh} makes: {@code export SOFTHSM2_CONF=$(bash
 * bench/pkcs11/setup-token.sh)} before starting JMH.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(1)
@Fork(
    value = 1,
    jvmArgsAppend = "--add-exports=jdk.crypto.cryptoki/sun.security.pkcs11.wrapper=ALL-UNNAMED")
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class Pkcs11SignBenchmark {
  private Wallet wallet;
  private final String token = Tokens.TOKEN;

  @Setup
  public void unlock() {
    if (System.getenv("SOFTHSM2_CONF") == null) {
      throw new IllegalStateException(
          "export SOFTHSM2_CONF=$(bash bench/pkcs11/setup-token.sh) first");
    }
    wallet =
        WalletSource.pkcs11(
                Path.of(
                    System.getenv()
                        .getOrDefault("PKCS11_MODULE", "/usr/lib/softhsm/libsofthsm2.so")),
                "keymint-bench",
                "agent",
                "1234"::toCharArray)
            .unlock();
  }

  @TearDown
  public void close() {
    wallet.close();
  }

  @Benchmark
  public String sign() {
    return wallet.signPersonalMessage(token);
  }
}
