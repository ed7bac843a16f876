package io.keymint.bootstrap;

import io.keymint.sink.SinkException;
import io.keymint.venice.Sleeper;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * An exclusive lock on {@code PATH.lock} beside a sink, held while a bootstrap checks, mints and
 * writes, so that two processes running {@code ensure} on one sink mint at most one key.
 *
 * <p>Protocol: open (create, mode 0600) the lock file, take an OS lock on it ({@code
 * FileChannel.tryLock}, i.e. {@code fcntl}/{@code LockFileEx}), polled every 50 ms (through the
 * injected {@link Sleeper}) until the deadline. The file is never deleted: deleting a lock file
 * lets a third process lock a new inode while a second still waits on the old one. OS locks die
 * with the process, so a crashed holder never leaves a stale lock. Within one JVM OS locks are per
 * process, so threads first queue on an in-process lock per path.
 *
 * <p>Caveat: OS locks on network filesystems (NFS, SMB) depend on the server; the in-memory and
 * local volumes this is meant for lock reliably.
 */
final class SinkLock implements AutoCloseable {
  private static final ConcurrentHashMap<Path, ReentrantLock> IN_PROCESS =
      new ConcurrentHashMap<>();
  private static final long POLL_MILLIS = 50;

  private final ReentrantLock local;
  private final FileChannel channel;
  private final FileLock lock;

  private SinkLock(ReentrantLock local, FileChannel channel, FileLock lock) {
    this.local = local;
    this.channel = channel;
    this.lock = lock;
  }

  /** The lock file of the sink stored at {@code sinkPath}. */
  static Path lockFileOf(Path sinkPath) {
    return sinkPath.resolveSibling(sinkPath.getFileName() + ".lock");
  }

  /**
   * Takes the lock, waiting until {@code deadlineNanos} ({@link System#nanoTime()} scale); between
   * polls of the OS lock it waits with {@code sleeper} (the client's, so tests wait for nothing).
   *
   * @return the held lock, or null if the deadline passed first
   * @throws SinkException if the lock file cannot be created or locked
   */
  static SinkLock acquire(Path lockFile, long deadlineNanos, Sleeper sleeper)
      throws InterruptedException {
    ReentrantLock local =
        IN_PROCESS.computeIfAbsent(lockFile.toAbsolutePath().normalize(), p -> new ReentrantLock());
    if (!local.tryLock(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS)) {
      return null;
    }
    FileChannel channel = null;
    try {
      channel = open(lockFile);
      while (true) {
        FileLock held;
        try {
          held = channel.tryLock();
        } catch (OverlappingFileLockException e) {
          held = null; // cannot happen behind the in-process lock; treated as busy
        }
        if (held != null) {
          return new SinkLock(local, channel, held);
        }
        long left = deadlineNanos - System.nanoTime();
        if (left <= 0) {
          channel.close();
          local.unlock();
          return null;
        }
        sleeper.sleep(
            Duration.ofMillis(
                Math.min(POLL_MILLIS, Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)))));
      }
    } catch (IOException e) {
      closeQuietly(channel);
      local.unlock();
      throw new SinkException(
          "could not lock "
              + lockFile
              + " ("
              + e.getClass().getSimpleName()
              + (e.getMessage() == null ? "" : ": " + e.getMessage())
              + "): check the sink folder's permissions",
          e);
    } catch (InterruptedException | RuntimeException e) {
      closeQuietly(channel);
      local.unlock();
      throw e;
    }
  }

  private static FileChannel open(Path lockFile) throws IOException {
    if (!Files.exists(lockFile)) {
      try {
        if (Files.getFileStore(lockFile.getParent())
            .supportsFileAttributeView(PosixFileAttributeView.class)) {
          Files.createFile(
              lockFile,
              PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } else {
          Files.createFile(lockFile);
        }
      } catch (FileAlreadyExistsException raced) {
        // another process created it first: fine, it is the same lock
      }
    }
    return FileChannel.open(lockFile, StandardOpenOption.WRITE);
  }

  private static void closeQuietly(FileChannel c) {
    if (c != null) {
      try {
        c.close();
      } catch (IOException ignored) {
        // closing releases the OS lock; nothing else to do
      }
    }
  }

  @Override
  public void close() {
    try {
      lock.release();
    } catch (IOException ignored) {
      // closing the channel below releases it as well
    } finally {
      closeQuietly(channel);
      local.unlock();
    }
  }
}
