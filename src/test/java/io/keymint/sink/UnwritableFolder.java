package io.keymint.sink;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A folder this process really cannot create files in, found by trying, not by reading permission
 * bits: as root (uid 0, as in CI containers) mode 0500 means nothing, because root bypasses
 * permission bits.
 *
 * <ol>
 *   <li>a subfolder with mode 0500 — enough for an ordinary user;
 *   <li>else (root) the same subfolder made immutable with {@code chattr +i} — refused even to root
 *       on ext4/xfs/btrfs when the process has CAP_LINUX_IMMUTABLE;
 *   <li>else {@code /proc}, where nobody, root included, can create a regular file.
 * </ol>
 *
 * If none works the test is skipped, not passed. {@link #close()} undoes chmod/chattr so that
 * {@code @TempDir} can clean up.
 */
class UnwritableFolder implements AutoCloseable {
  final Path path;
  final String how;
  private final boolean immutable;

  private UnwritableFolder(Path path, String how, boolean immutable) {
    this.path = path;
    this.how = how;
    this.immutable = immutable;
  }

  static UnwritableFolder create(Path tempDir) throws Exception {
    Path dir = Files.createDirectory(tempDir.resolve("readonly"));
    Files.setPosixFilePermissions(dir, SinkFixtures.perms("r-x------"));
    if (!canCreateIn(dir)) {
      return new UnwritableFolder(dir, "mode 0500 as a non-root user", false) {
        @Override
        public void close() {
          try {
            Files.setPosixFilePermissions(path, SinkFixtures.perms("rwx------"));
          } catch (IOException ignored) {
            // @TempDir cleanup will report it
          }
        }
      };
    }
    Files.setPosixFilePermissions(dir, SinkFixtures.perms("rwx------"));
    if (run("chattr", "+i", dir.toString()) && !canCreateIn(dir)) {
      return new UnwritableFolder(dir, "chattr +i (immutable, refused even to root)", true);
    }
    run("chattr", "-i", dir.toString());
    Path proc = Path.of("/proc");
    if (Files.isDirectory(proc) && !canCreateIn(proc)) {
      return new UnwritableFolder(proc, "/proc (no regular files, even for root)", false);
    }
    Assumptions.abort("found no folder this process cannot write to");
    throw new AssertionError("unreachable");
  }

  private static boolean canCreateIn(Path dir) {
    try {
      Files.delete(Files.createTempFile(dir, "probe", ".tmp"));
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static boolean run(String... command) {
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  @Override
  public void close() {
    if (immutable) {
      run("chattr", "-i", path.toString());
    }
  }
}
