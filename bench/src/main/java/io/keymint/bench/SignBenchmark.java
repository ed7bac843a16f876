package io.keymint.bench;

import io.keymint.wallet.Wallet;
import io.keymint.wallet.WalletSource;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/** EIP-191 signing of a Venice token, one thread: the target is ≥ 5,000 signatures/s. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(1)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class SignBenchmark {
  // keystore-examples/standard's key: a public throw-away wallet
  private final Wallet key =
      WalletSource.privateKey(
              "a52a01f304e6851bda05ad78881ad41f20acaa829109a155b680c315df71dcb6".toCharArray())
          .unlock();

  /** What Venice's emulator hands out: a JWT of about 200 characters. */
  private final String token = Tokens.TOKEN;

  @Benchmark
  public String sign() {
    return key.signPersonalMessage(token);
  }
}
