package io.keymint.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.keymint.ApiKeySecret;
import io.keymint.testing.JavaProcess;
import io.keymint.testing.LeakWatch;
import io.keymint.venice.RateLimits;
import io.keymint.venice.VeniceClient;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code keymint emulator} with its issue-11 switches, in a child JVM (the command serves until
 * killed): {@code --deny-access}, {@code --usd-balance}/{@code --diem-balance}; {@code
 * --spend-cap-reached} leaves the uncapped seeded ADMIN key alone.
 */
class EmulatorSwitchesProcessTest {
  @TempDir Path dir;

  @Test
  void emulatorCommand_switchesReachTheRateLimitsAnswer() throws Exception {
    Path adminFile = dir.resolve("admin.key");
    Process p =
        JavaProcess.start(
            dir,
            Map.of(),
            List.of("-Xmx128m", "-XX:TieredStopAtLevel=1"),
            Main.class.getName(),
            "emulator",
            "--deny-access",
            "--usd-balance",
            "0",
            "--diem-balance",
            "0",
            "--spend-cap-reached",
            "--admin-key-file",
            adminFile.toString());
    CompletableFuture<String> stderr =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return new String(p.getErrorStream().readAllBytes(), UTF_8);
              } catch (java.io.IOException e) {
                return "";
              }
            });
    try {
      BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), UTF_8));
      CompletableFuture<String> firstLine =
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  return out.readLine();
                } catch (java.io.IOException e) {
                  return null;
                }
              });
      String baseUrl = firstLine.get(60, TimeUnit.SECONDS);
      assertThat(baseUrl).startsWith("http://127.0.0.1:");
      String admin = Files.readString(adminFile, UTF_8).strip();
      LeakWatch.secret(admin);

      RateLimits r;
      try (VeniceClient client =
          VeniceClient.builder().baseUrl(baseUrl).apiKey(ApiKeySecret.of(admin)).build()) {
        r = client.apiKeys().rateLimits(); // an uncapped key: the spent-cap switch spares it
      }

      assertThat(r.accessPermitted()).isFalse();
      assertThat(r.cannotSpend()).isTrue();
      assertThat(r.headers().balances().get("USD")).isZero();
    } finally {
      p.destroy();
      p.waitFor(30, TimeUnit.SECONDS);
      LeakWatch.record(stderr.get(30, TimeUnit.SECONDS));
    }
  }
}
