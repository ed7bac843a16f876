package io.keymint.bench;

import io.keymint.emulator.VeniceEmulator;
import io.keymint.venice.VeniceClient;
import java.util.Arrays;

/**
 * Benchmark, not a test: the latency of sequential requests to the emulator over one keep-alive
 * connection (the token GET through {@link VeniceClient}), to show what TCP_NODELAY does. Run it
 * twice: as is (the emulator turns TCP_NODELAY on), and with {@code
 * -Dsun.net.httpserver.nodelay=false} (the JDK default, Nagle on). See bench/emulator/README.md.
 *
 * <p>Args: {@code [requests=200] [warmup=50]}.
 */
public final class EmulatorLatencyBench {
  private EmulatorLatencyBench() {}

  /** Runs the requests and prints median, p90 and max in ms. */
  public static void main(String[] args) {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 200;
    int warmup = args.length > 1 ? Integer.parseInt(args[1]) : 50;
    try (VeniceEmulator venice = VeniceEmulator.builder().start();
        VeniceClient client = VeniceClient.builder().baseUrl(venice.baseUrl()).build()) {
      for (int i = 0; i < warmup; i++) {
        client.web3Token();
      }
      long[] micros = new long[n];
      for (int i = 0; i < n; i++) {
        long t = System.nanoTime();
        client.web3Token();
        micros[i] = (System.nanoTime() - t) / 1000;
      }
      Arrays.sort(micros);
      System.out.printf(
          "nodelay=%s requests=%d median=%.2f ms p90=%.2f ms max=%.2f ms over40ms=%d%n",
          System.getProperty("sun.net.httpserver.nodelay"),
          n,
          micros[n / 2] / 1000.0,
          micros[(int) (n * 0.9)] / 1000.0,
          micros[n - 1] / 1000.0,
          Arrays.stream(micros).filter(m -> m > 40_000).count());
    }
  }
}
