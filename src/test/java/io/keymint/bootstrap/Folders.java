package io.keymint.bootstrap;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;

/**
 * Makes a folder refuse new files even to root: mode 0500 (enough for other users) plus {@code
 * chattr +i} (root; needs CAP_LINUX_IMMUTABLE, which this machine has). See
 * io.keymint.sink.UnwritableFolder for the reasoning.
 */
final class Folders {
  private Folders() {}

  static void lock(Path dir) {
    try {
      Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("r-x------"));
    } catch (IOException e) {
      throw new AssertionError(e);
    }
    run("chattr", "+i", dir.toString());
  }

  static void unlock(Path dir) {
    run("chattr", "-i", dir.toString());
    try {
      Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  static boolean writable(Path dir) {
    try {
      Files.delete(Files.createTempFile(dir, "probe", ".tmp"));
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static void run(String... cmd) {
    try {
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      p.waitFor(10, TimeUnit.SECONDS);
    } catch (IOException e) {
      // no chattr: mode 0500 alone must do (non-root)
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
