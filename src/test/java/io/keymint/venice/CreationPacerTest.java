package io.keymint.venice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.keymint.testing.TestClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The sliding window on a fake clock: the sleeper advances time instead of waiting. */
class CreationPacerTest {
  /** A clock that only moves when the pacer sleeps or a test advances it. */
  @Test
  void acquire_underTheLimit_doesNotWait() throws Exception {
    TestClock t = new TestClock(Instant.parse("2026-01-01T00:00:00Z"));
    CreationPacer p = new CreationPacer(20, Duration.ofMinutes(1), t, t.sleeper());
    for (int i = 0; i < 20; i++) {
      p.acquire();
      p.release();
    }
    assertThat(t.sleeps()).isEmpty();
  }

  @Test
  void acquire_overTheLimit_waitsUntilTheOldestLeavesTheWindow() throws Exception {
    TestClock t = new TestClock(Instant.parse("2026-01-01T00:00:00Z"));
    CreationPacer p = new CreationPacer(2, Duration.ofSeconds(10), t, t.sleeper());
    p.acquire();
    t.advance(Duration.ofSeconds(1)); // answered one second later: its slot counts from then
    p.release();
    p.acquire();
    p.release();

    p.acquire();

    assertThat(t.sleeps()).containsExactly(Duration.ofSeconds(10));
    assertThat(t.instant()).isEqualTo(Instant.parse("2026-01-01T00:00:11Z"));
  }

  @Test
  void acquire_steadyState_neverMoreThanLimitInAnyWindow() throws Exception {
    TestClock t = new TestClock(Instant.parse("2026-01-01T00:00:00Z"));
    CreationPacer p = new CreationPacer(20, Duration.ofSeconds(60), t, t.sleeper());
    List<Instant> sent = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      p.acquire();
      sent.add(t.instant());
      t.advance(Duration.ofMillis(37)); // round trip
      p.release();
    }
    for (int i = 20; i < sent.size(); i++) {
      // the 21st creation after any creation is at least a window after its answer
      assertThat(Duration.between(sent.get(i - 20), sent.get(i)))
          .isGreaterThanOrEqualTo(Duration.ofSeconds(60));
    }
    // and the cap is used: 100 creations in a bit over 4 windows
    assertThat(Duration.between(sent.get(0), sent.get(99))).isLessThan(Duration.ofSeconds(250));
  }

  @Test
  void inFlightCreations_holdTheirSlots() throws Exception {
    TestClock t = new TestClock(Instant.parse("2026-01-01T00:00:00Z"));
    CreationPacer p = new CreationPacer(1, Duration.ofSeconds(1), t, t.sleeper());
    p.acquire(); // still in flight
    Thread releaser =
        new Thread(
            () -> {
              try {
                Thread.sleep(50);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              p.release();
            });
    releaser.start();
    p.acquire();
    releaser.join();
    assertThat(t.sleeps()).isNotEmpty();
  }

  @Test
  void badRates_areRefused() {
    TestClock t = new TestClock(Instant.parse("2026-01-01T00:00:00Z"));
    assertThatThrownBy(() -> new CreationPacer(0, Duration.ofSeconds(1), t, t.sleeper()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> VeniceClient.builder().keyCreationRate(5, Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
