package io.keymint.sink;

import static io.keymint.sink.SinkFixtures.ID;
import static io.keymint.sink.SinkFixtures.SECRET;
import static io.keymint.sink.SinkFixtures.key;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.keymint.venice.ApiKey;
import java.io.ByteArrayOutputStream;
import java.io.ObjectOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SinkSetTest {
  @TempDir Path dir;

  private final List<Duration> slept = new ArrayList<>();
  private final io.keymint.venice.Sleeper recorder = slept::add;

  /** A test sink that fails {@code failures} times, then stores the key. */
  static final class Flaky implements SecretSink {
    final AtomicInteger calls = new AtomicInteger();
    final int failures;
    final String message;
    volatile ApiKey stored;

    Flaky(int failures, String message) {
      this.failures = failures;
      this.message = message;
    }

    @Override
    public void preflight() {}

    @Override
    public void write(ApiKey key) {
      if (calls.incrementAndGet() <= failures) {
        throw new SinkException(message);
      }
      stored = key;
    }

    @Override
    public String description() {
      return "flaky";
    }
  }

  @Test
  void write_sinkFailsTwiceThenSucceeds_writtenAfterBackoff() {
    Flaky flaky = new Flaky(2, "flaky: store busy");

    SinkSet.of(List.of(flaky)).withSleeper(recorder).write(key());

    assertThat(flaky.calls).hasValue(3);
    assertThat(flaky.stored.id()).isEqualTo(ID);
    assertThat(slept).hasSize(2);
    assertBetween(slept.get(0), 100, 200);
    assertBetween(slept.get(1), 200, 400);
  }

  /** A jittered wait: at least half of its backoff step, at most the step. */
  private static void assertBetween(Duration d, long loMillis, long hiMillis) {
    assertThat(d.toMillis()).isBetween(loMillis, hiMillis);
  }

  @Test
  void write_retryWaits_areJitteredNotLockStep() {
    // processes sharing a sink that failed together must not retry in lock-step: over 40 sets
    // the first waits differ (each drawn in [100, 200) ms)
    java.util.Set<Duration> firstWaits = new java.util.HashSet<>();
    for (int i = 0; i < 40; i++) {
      slept.clear();
      SinkSet.of(List.of(new Flaky(1, "flaky: busy"))).withSleeper(recorder).write(key());
      assertThat(slept).hasSize(1);
      assertBetween(slept.get(0), 100, 200);
      firstWaits.add(slept.get(0));
    }
    assertThat(firstWaits).hasSizeGreaterThan(5);
  }

  @Test
  void write_oneSinkAlwaysFails_othersStillWrittenAndExceptionCarriesKey() throws Exception {
    Path file = dir.resolve("venice.key");
    Flaky broken = new Flaky(Integer.MAX_VALUE, "flaky: store is down");
    ApiKey key = key();

    SinkWriteException e =
        catchThrowableOfType(
            SinkWriteException.class,
            () ->
                SinkSet.of(List.of(broken, SecretSink.file(file)))
                    .withSleeper(recorder)
                    .write(key));

    assertThat(Files.readString(file)).isEqualTo(SECRET + "\n");
    assertThat(broken.calls).hasValue(5);
    assertThat(slept).hasSize(4);
    assertBetween(slept.get(0), 100, 200);
    assertBetween(slept.get(1), 200, 400);
    assertBetween(slept.get(2), 400, 800);
    assertBetween(slept.get(3), 800, 1600);
    assertThat(e.key()).isSameAs(key);
    assertThat(e.failedSinks()).containsExactly("flaky");
    assertThat(e.storedSinks()).containsExactly("file:" + file);
    assertThat(e)
        .hasMessage(
            "key "
                + ID
                + " (ends defXYZ"
                + ") was minted but is NOT stored in flaky: store is down (after 5 attempts);"
                + " it is stored in file:"
                + file
                + ": save it from SinkWriteException.key() or revoke key "
                + ID);
    assertNoSecret(e);
  }

  @Test
  void write_failingSinkFirst_laterSinksWrittenInFirstRound() {
    Flaky broken = new Flaky(Integer.MAX_VALUE, "flaky: down");
    List<String> order = new ArrayList<>();
    SecretSink second = SecretSink.callback(k -> order.add("second@" + slept.size()));

    assertThatThrownBy(
            () ->
                SinkSet.of(List.of(broken, second))
                    .withRetry(3, Duration.ZERO, Duration.ZERO)
                    .withSleeper(recorder)
                    .write(key()))
        .isInstanceOf(SinkWriteException.class);
    // written once, before any backoff: a failing sink never delays the others
    assertThat(order).containsExactly("second@0");
  }

  @Test
  void write_failureMessageContainsSecret_messageWithheld() {
    SecretSink careless =
        new SecretSink() {
          @Override
          public void preflight() {}

          @Override
          public void write(ApiKey key) {
            throw new IllegalStateException("could not store " + key.secret().reveal());
          }

          @Override
          public String description() {
            return "careless";
          }
        };

    SinkWriteException e =
        catchThrowableOfType(
            SinkWriteException.class,
            () ->
                SinkSet.of(List.of(careless))
                    .withRetry(1, Duration.ZERO, Duration.ZERO)
                    .write(key()));

    assertThat(e)
        .hasMessageContaining("careless: java.lang.IllegalStateException (message withheld");
    assertNoSecret(e);
  }

  @Test
  void write_callbackThrows_wrappedRetriedAndReported() {
    AtomicInteger calls = new AtomicInteger();
    SecretSink cb =
        SecretSink.callback(
            k -> {
              calls.incrementAndGet();
              throw new UnsupportedOperationException("nope");
            });

    SinkWriteException e =
        catchThrowableOfType(
            SinkWriteException.class,
            () -> SinkSet.of(List.of(cb)).withSleeper(recorder).write(key()));

    assertThat(calls).hasValue(5);
    assertThat(e)
        .hasMessageContaining(
            "callback: the consumer threw java.lang.UnsupportedOperationException");
    assertNoSecret(e);
  }

  @Test
  void write_interruptedDuringBackoff_stopsAndKeepsFlag() {
    Flaky broken = new Flaky(Integer.MAX_VALUE, "flaky: down");
    SinkSet set =
        SinkSet.of(List.of(broken))
            .withSleeper(
                d -> {
                  throw new InterruptedException();
                });

    try {
      SinkWriteException e = catchThrowableOfType(SinkWriteException.class, () -> set.write(key()));
      assertThat(e).hasMessageContaining("(interrupted after 1 attempt)");
      assertThat(Thread.currentThread().isInterrupted()).isTrue();
      assertThat(broken.calls).hasValue(1);
    } finally {
      Thread.interrupted();
    }
  }

  @Test
  void delayBefore_doublesAndCapsAtMax() {
    SinkSet set = SinkSet.of(List.of(SecretSink.stdout()));

    assertBetween(set.delayBefore(1), 100, 200);
    assertBetween(set.delayBefore(5), 1600, 3200);
    assertBetween(set.delayBefore(6), 2500, 5000);
    assertBetween(set.delayBefore(500), 2500, 5000);
  }

  @Test
  void withRetry_policy_setsTheWaits() {
    SinkSet set =
        SinkSet.of(List.of(SecretSink.stdout()))
            .withRetry(3, io.keymint.venice.RetryPolicy.of(Duration.ZERO, Duration.ZERO));

    assertThat(set.delayBefore(1)).isEqualTo(Duration.ZERO);
    assertThatThrownBy(
            () -> set.withRetry(0, io.keymint.venice.RetryPolicy.of(Duration.ZERO, Duration.ZERO)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxAttempts must be at least 1, was 0");
  }

  @Test
  void preflight_severalSinksFail_oneExceptionListsEach() {
    Path missing = dir.resolve("missing/venice.key");
    Path alsoMissing = dir.resolve("gone/.env");
    SinkSet set =
        SinkSet.of(
            List.of(
                SecretSink.file(missing),
                SecretSink.file(dir.resolve("ok.key")),
                SecretSink.envFile(alsoMissing)));

    SinkException e = catchThrowableOfType(SinkException.class, set::preflight);

    assertThat(e)
        .hasMessage(
            "2 of 3 sinks not ready: file:"
                + missing
                + ": folder "
                + missing.getParent()
                + " does not exist: create it or choose another SecretSink; env-file:"
                + alsoMissing
                + ": folder "
                + alsoMissing.getParent()
                + " does not exist: create it or choose another SecretSink");
    assertThat(e.getSuppressed()).hasSize(2);
    assertThat(Files.exists(dir.resolve("ok.key"))).isFalse();
  }

  @Test
  void preflight_allReady_passes() {
    SinkSet.of(List.of(SecretSink.file(dir.resolve("a")), SecretSink.envFile(dir.resolve(".env"))))
        .preflight();
    try (var s = Files.list(dir)) {
      assertThat(s).isEmpty();
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void of_emptyList_rejected() {
    assertThatThrownBy(() -> SinkSet.of(List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least one sink");
  }

  @Test
  void withRetry_badValues_rejected() {
    SinkSet set = SinkSet.of(List.of(SecretSink.stdout()));
    assertThatThrownBy(() -> set.withRetry(0, Duration.ZERO, Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> set.withRetry(1, Duration.ofMillis(-1), Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void toString_listsDescriptions() {
    assertThat(SinkSet.of(List.of(SecretSink.stdout(), SecretSink.callback(k -> {}))))
        .hasToString("SinkSet[stdout, callback]");
  }

  @Test
  void sinkWriteException_serialized_dropsKey() throws Exception {
    SinkWriteException e =
        catchThrowableOfType(
            SinkWriteException.class,
            () ->
                SinkSet.of(List.of(new Flaky(Integer.MAX_VALUE, "flaky: down")))
                    .withRetry(1, Duration.ZERO, Duration.ZERO)
                    .write(key()));
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(e);
    }

    assertThat(bytes.toString(java.nio.charset.StandardCharsets.ISO_8859_1)).doesNotContain(SECRET);
  }

  /** Message, toString and the whole printed stack trace (causes, suppressed) are secret-free. */
  static void assertNoSecret(Throwable e) {
    StringWriter trace = new StringWriter();
    e.printStackTrace(new PrintWriter(trace));
    assertThat(e.getMessage()).doesNotContain(SECRET);
    assertThat(e.toString()).doesNotContain(SECRET);
    assertThat(trace.toString()).doesNotContain(SECRET);
  }
}
