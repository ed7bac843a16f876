package io.keymint.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sink lock waits between polls through the injected sleeper, never Thread.sleep. */
class SinkLockTest {
  @TempDir Path dir;

  @Test
  void acquire_lockHeldElsewhere_pollsThroughTheSleeperUntilFree() throws Exception {
    Path lockFile = SinkLock.lockFileOf(dir.resolve("venice-api-key"));
    Files.createFile(lockFile);
    List<Duration> polls = new CopyOnWriteArrayList<>();
    try (FileChannel other = FileChannel.open(lockFile, StandardOpenOption.WRITE)) {
      FileLock held = other.lock(); // another holder (same JVM: tryLock reports it busy)
      long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);

      try (SinkLock lock =
          SinkLock.acquire(
              lockFile,
              deadline,
              d -> {
                polls.add(d);
                if (polls.size() == 3) {
                  try {
                    held.release(); // the holder lets go while we "wait"
                  } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                  }
                }
              })) {
        assertThat(lock).isNotNull();
      }
    }
    assertThat(polls).containsExactly(ofMillis(50), ofMillis(50), ofMillis(50));
  }

  @Test
  void acquire_deadlinePassed_returnsNullWithoutPolling() throws Exception {
    Path lockFile = SinkLock.lockFileOf(dir.resolve("venice-api-key"));
    Files.createFile(lockFile);
    List<Duration> polls = new CopyOnWriteArrayList<>();
    try (FileChannel other = FileChannel.open(lockFile, StandardOpenOption.WRITE);
        FileLock held = other.lock()) {
      SinkLock lock = SinkLock.acquire(lockFile, System.nanoTime() - 1, polls::add);

      assertThat(lock).isNull();
      assertThat(held.isValid()).isTrue();
    }
    assertThat(polls).isEmpty();
  }

  private static Duration ofMillis(long ms) {
    return Duration.ofMillis(ms);
  }
}
