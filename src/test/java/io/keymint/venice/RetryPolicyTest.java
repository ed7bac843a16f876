package io.keymint.venice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.keymint.venice.VeniceClient.Retry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The retry rules: what is retried, and how long each wait is. */
class RetryPolicyTest {
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2036-11-30T12:00:00Z"), ZoneOffset.UTC);

  @ParameterizedTest(name = "{0} status {1} sent {2} -> {3}")
  @CsvSource({
    // idempotent calls: 429, 5xx and I/O errors
    "IDEMPOTENT, 429, true, true",
    "IDEMPOTENT, 500, true, true",
    "IDEMPOTENT, 503, true, true",
    "IDEMPOTENT, 0, true, true",
    "IDEMPOTENT, 0, false, true",
    "IDEMPOTENT, 400, true, false",
    "IDEMPOTENT, 401, true, false",
    "IDEMPOTENT, 404, true, false",
    // a call that creates: only when nothing can have been created
    "CREATE, 429, true, true",
    "CREATE, 0, false, true",
    "CREATE, 0, true, false",
    "CREATE, 500, true, false",
    "CREATE, 400, true, false",
    // the mint POST: the minter decides
    "NEVER, 429, true, false",
    "NEVER, 503, true, false",
    "NEVER, 0, false, false",
  })
  void shouldRetry_rules(Retry kind, int status, boolean sent, boolean retried) {
    assertThat(RetryPolicy.shouldRetry(kind, status, sent)).isEqualTo(retried);
  }

  @Test
  void sleepTime_fullJitter_drawsUpToTheDoubledStepCappedAtTheCap() {
    RetryPolicy top = RetryPolicy.venice().withRandom(() -> 0.999999);
    RetryPolicy bottom = RetryPolicy.venice().withRandom(() -> 0.0);

    assertThat(top.sleepTime(0)).isEqualTo(Duration.ofMillis(499));
    assertThat(top.sleepTime(3)).isEqualTo(Duration.ofMillis(3999));
    assertThat(top.sleepTime(6)).isEqualTo(Duration.ofMillis(29999));
    assertThat(top.sleepTime(1000)).isEqualTo(Duration.ofMillis(29999));
    assertThat(bottom.sleepTime(5)).isEqualTo(Duration.ZERO);
  }

  @Test
  void sleepTime_halfJitter_keepsAtLeastHalfOfEachStep() {
    RetryPolicy p = RetryPolicy.halfJitter(Duration.ofMillis(200), Duration.ofSeconds(5));

    assertThat(p.withRandom(() -> 0.0).sleepTime(0)).isEqualTo(Duration.ofMillis(100));
    assertThat(p.withRandom(() -> 0.0).sleepTime(2)).isEqualTo(Duration.ofMillis(400));
    assertThat(p.withRandom(() -> 0.999999).sleepTime(2)).isEqualTo(Duration.ofMillis(799));
    assertThat(p.withRandom(() -> 0.0).sleepTime(50)).isEqualTo(Duration.ofMillis(2500));
  }

  @Test
  void sleepTime_serverWordWins_negativeIsZero() {
    RetryPolicy p = RetryPolicy.venice().withRandom(() -> 0.5);

    assertThat(p.sleepTime(0, Duration.ofSeconds(3))).isEqualTo(Duration.ofSeconds(3));
    assertThat(p.sleepTime(0, Duration.ofSeconds(-3))).isEqualTo(Duration.ZERO);
    assertThat(p.sleepTime(0, (Duration) null)).isEqualTo(Duration.ofMillis(250));
    assertThat(p.sleepTime(0, Map.of("retry-after", "7"), CLOCK)).isEqualTo(Duration.ofSeconds(7));
    assertThat(p.sleepTime(0, Map.of("retry-after", "999999"), CLOCK))
        .isEqualTo(Duration.ofMinutes(2));
    assertThat(p.sleepTime(1, Map.of(), CLOCK)).isEqualTo(Duration.ofMillis(500));
  }

  @Test
  void negativeDelays_refused() {
    assertThatThrownBy(() -> RetryPolicy.of(Duration.ofMillis(-1), Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("retry delays cannot be negative");
  }

  @Test
  void clientBuilder_backoff_becomesTheClientsPolicy() {
    try (VeniceClient c =
        VeniceClient.builder().backoff(Duration.ofSeconds(2), Duration.ofSeconds(9)).build()) {
      assertThat(c.retryPolicy().base()).isEqualTo(Duration.ofSeconds(2));
      assertThat(c.retryPolicy().cap()).isEqualTo(Duration.ofSeconds(9));
      try (VeniceClient derived = c.newBuilder().build()) {
        assertThat(derived.retryPolicy()).isSameAs(c.retryPolicy());
      }
    }
  }
}
