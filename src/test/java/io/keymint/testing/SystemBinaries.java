package io.keymint.testing;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.abort;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Finds the real servers some tests run (etcd, SoftHSM2, pkcs11-tool), which come from Debian's
 * packages that {@code .ci/run} installs when missing. Outside CI a missing package aborts the test
 * with the command that installs it (so {@code mvn -B verify} still works on a bare machine); under
 * {@code CI=true} it fails the test, so that CI can never pass by skipping them.
 */
public final class SystemBinaries {
  private SystemBinaries() {}

  /** The first of {@code candidates} that is an executable file or a command on the PATH. */
  public static Path require(String debianPackage, String... candidates) {
    return find(candidates)
        .orElseGet(() -> missing(debianPackage, String.join(" or ", candidates)));
  }

  /** Like {@link #require} for a file that need not be executable (a PKCS#11 module). */
  public static Path requireFile(String debianPackage, Path file) {
    if (Files.isRegularFile(file)) {
      return file;
    }
    return missing(debianPackage, file.toString());
  }

  static Optional<Path> find(String... candidates) {
    for (String candidate : candidates) {
      if (candidate.contains("/")) {
        Path p = Path.of(candidate);
        if (Files.isExecutable(p)) {
          return Optional.of(p);
        }
        continue;
      }
      String path = System.getenv().getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin");
      for (String dir : path.split(":")) {
        Path p = Path.of(dir.isEmpty() ? "." : dir, candidate);
        if (Files.isExecutable(p)) {
          return Optional.of(p);
        }
      }
    }
    return Optional.empty();
  }

  private static <T> T missing(String debianPackage, String what) {
    String message =
        what
            + " not found: install it with `apt-get install -y "
            + debianPackage
            + "` (.ci/run does)";
    if ("true".equalsIgnoreCase(System.getenv("CI"))) {
      fail(message);
    }
    abort(message);
    throw new AssertionError(message); // unreachable: abort throws
  }
}
