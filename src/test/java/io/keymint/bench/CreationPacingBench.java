package io.keymint.bench;

import io.keymint.ApiKeySecret;
import io.keymint.emulator.VeniceEmulator;
import io.keymint.venice.ApiKey;
import io.keymint.venice.ApiKeyType;
import io.keymint.venice.KeySpec;
import io.keymint.venice.RateLimitedException;
import io.keymint.venice.VeniceClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Benchmark, not a test: how close the client's creation limiter runs to Venice's cap, and whether
 * it ever meets a 429. Creates keys back to back against an emulator whose window is the client's,
 * then counts creations per consecutive window. Target: median ≥ 95% of the cap, zero 429s.
 *
 * <p>Args: {@code [perWindow=20] [windowMillis=3000] [windows=8]}. Venice's real window is 20 per
 * 60 000 ms; the default scales time by 1/20 so a run takes under half a minute. See
 * bench/admin/README.md for the command.
 */
public final class CreationPacingBench {
  private CreationPacingBench() {}

  /** Runs the benchmark and prints one line per window and a summary. */
  public static void main(String[] args) {
    int perWindow = args.length > 0 ? Integer.parseInt(args[0]) : 20;
    Duration window = Duration.ofMillis(args.length > 1 ? Long.parseLong(args[1]) : 3000);
    int windows = args.length > 2 ? Integer.parseInt(args[2]) : 8;
    int total = perWindow * windows;
    try (VeniceEmulator venice =
            VeniceEmulator.builder()
                .keyCreationLimit(perWindow, window)
                .maxActiveKeys(total + 10)
                .start();
        VeniceClient client =
            VeniceClient.builder()
                .baseUrl(venice.baseUrl())
                .apiKey(ApiKeySecret.of(venice.createKey(ApiKeyType.ADMIN, "bench")))
                .keyCreationRate(perWindow, window)
                .maxRetries(0) // a 429 must show, not be retried away
                .build()) {
      long start = System.nanoTime();
      long[] done = new long[total];
      int rateLimited = 0;
      int created = 0;
      while (System.nanoTime() - start < window.toNanos() * windows) {
        try {
          ApiKey k =
              client.apiKeys().create(KeySpec.builder().noLimit().description("bench").build());
          k.secret().destroy(); // nothing keeps or prints the secrets
          if (created < total) {
            done[created] = System.nanoTime() - start;
          }
          created++;
        } catch (RateLimitedException e) {
          rateLimited++;
        }
      }
      int[] perBucket = new int[windows];
      for (int i = 0; i < Math.min(created, total); i++) {
        int bucket = (int) (done[i] / window.toNanos());
        if (bucket < windows) {
          perBucket[bucket]++;
        }
      }
      for (int i = 0; i < windows; i++) {
        System.out.printf(
            "window %d: %d creations (%.1f%% of %d)%n",
            i + 1, perBucket[i], 100.0 * perBucket[i] / perWindow, perWindow);
      }
      int[] sorted = perBucket.clone();
      Arrays.sort(sorted);
      double median =
          windows % 2 == 1
              ? sorted[windows / 2]
              : (sorted[windows / 2 - 1] + sorted[windows / 2]) / 2.0;
      List<String> logged = new ArrayList<>();
      client.apiKeys().rateLimitLog().forEach(e -> logged.add(e.rateLimitType()));
      System.out.printf(
          "cap %d per %d ms: median %.1f per window (%.1f%% of cap), min %d, max %d; 429s seen %d, rate-limit log entries %d%n",
          perWindow,
          window.toMillis(),
          median,
          100.0 * median / perWindow,
          sorted[0],
          sorted[windows - 1],
          rateLimited,
          logged.size());
    }
  }
}
