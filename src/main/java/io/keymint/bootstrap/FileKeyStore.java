package io.keymint.bootstrap;

import io.keymint.sink.ReadableSink;
import io.keymint.sink.StoredKey;
import io.keymint.store.KeyStore;
import io.keymint.store.StoreException;
import io.keymint.store.StoreRecord;
import io.keymint.venice.ApiKey;
import io.keymint.venice.Sleeper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The default, single-host {@link KeyStore}: the record is a readable sink ({@code file:} or {@code
 * env-file:}, with its metadata sidecar), the lease an OS lock on a lock file ({@link SinkLock}).
 * The OS frees the lock when its holder dies, so the TTL is not needed; fencing holds because a
 * holder keeps the lock until it exits. The version is the stored key's id (or its last six
 * characters when the metadata is missing).
 */
final class FileKeyStore implements KeyStore {
  private final ReadableSink sink;
  private final Path lockFile;
  private final Sleeper sleeper;

  /** {@code sleeper} waits between polls of the lock (the client's, so tests wait for nothing). */
  FileKeyStore(ReadableSink sink, Path lockFile, Sleeper sleeper) {
    this.sink = Objects.requireNonNull(sink, "sink");
    this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
    this.lockFile = lockFile != null ? lockFile : SinkLock.lockFileOf(sink.path());
  }

  ReadableSink sink() {
    return sink;
  }

  Path lockFile() {
    return lockFile;
  }

  @Override
  public String description() {
    return sink.description();
  }

  @Override
  public Optional<StoreRecord> read() {
    return sink.read().map(k -> new StoreRecord(k, version(k)));
  }

  private static String version(StoredKey k) {
    return k.metadata().map(ApiKey::id).orElse("ends:" + k.secret().lastSix());
  }

  @Override
  public Lease lease(Duration ttl, long deadlineNanos) throws InterruptedException {
    if (!Files.isDirectory(lockFile.toAbsolutePath().getParent())) {
      sink.preflight(); // says "folder ... does not exist: create it or choose another SecretSink"
    }
    SinkLock lock = SinkLock.acquire(lockFile, deadlineNanos, sleeper);
    if (lock == null) {
      return null;
    }
    return new Lease() {
      @Override
      public String holder() {
        return "this process (" + lockFile + ")";
      }

      @Override
      public void close() {
        lock.close();
      }
    };
  }

  @Override
  public String write(ApiKey key, String expectedVersion, Lease lease) {
    String now = read().map(StoreRecord::version).orElse(null);
    if (!Objects.equals(now, expectedVersion)) {
      throw new StoreException(
          StoreException.Kind.CONFLICT,
          "could not write key "
              + key.id()
              + " to "
              + sink.description()
              + ": it changed since it was read (another process wrote it without "
              + lockFile
              + ")",
          null);
    }
    sink.write(key);
    return key.id();
  }

  @Override
  public void close() {}

  @Override
  public String toString() {
    return "FileKeyStore{" + sink.description() + ", lock " + lockFile + "}";
  }
}
