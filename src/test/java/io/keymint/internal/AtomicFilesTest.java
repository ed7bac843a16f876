package io.keymint.internal;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.keymint.testing.LeakWatch;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The atomic owner-only replace the sinks and the recovery files share, on its own: failures are
 * one-line {@link IOException}s (the callers wrap them), links are never replaced, nothing is left
 * behind.
 */
class AtomicFilesTest {
  @TempDir Path dir;

  @Test
  void replace_writesOwnerOnly_overAnExistingLaxFile() throws IOException {
    Path target = dir.resolve("recovery.json");
    Files.writeString(target, "old");
    Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rw-rw-rw-"));

    AtomicFiles.replace(target, "new".getBytes(UTF_8), "recovery file");

    assertThat(Files.readString(target)).isEqualTo("new");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(target)))
        .isEqualTo("rw-------");
    assertThat(listing()).containsExactly("recovery.json");
  }

  @Test
  void replace_refusesASymlinkTarget_andLeavesTheLinkAndItsTargetAlone() throws IOException {
    Path real = Files.writeString(dir.resolve("real"), "untouched");
    Path link = Files.createSymbolicLink(dir.resolve("link"), real);
    String secret = "VENICE-atomic-files-test-secret-7Qx2";
    LeakWatch.secret(secret);

    Throwable e =
        catchThrowable(() -> AtomicFiles.replace(link, secret.getBytes(UTF_8), "recovery file"));
    LeakWatch.record(String.valueOf(e));
    assertThat(e)
        .isInstanceOf(IOException.class)
        .hasMessageStartingWith("recovery file: ")
        .hasMessageContaining("is a symbolic link")
        .hasMessageNotContaining(secret);
    assertThat(Files.isSymbolicLink(link)).isTrue();
    assertThat(Files.readString(real)).isEqualTo("untouched");
    assertThat(listing()).containsExactlyInAnyOrder("real", "link");
  }

  @Test
  void replace_inAMissingFolder_failsNamingTheFolder_andCreatesNothing() {
    Path missing = dir.resolve("no-such-folder");

    assertThatThrownBy(
            () -> AtomicFiles.replace(missing.resolve("f"), new byte[] {1}, "recovery file"))
        .isInstanceOf(IOException.class)
        .hasMessageContaining(missing.toString());
    assertThat(Files.exists(missing)).isFalse();
  }

  @Test
  void replace_overAFolder_isRefused_andNothingIsLeftBehind() throws IOException {
    Files.createDirectory(dir.resolve("taken"));

    assertThatThrownBy(() -> AtomicFiles.replace(dir.resolve("taken"), new byte[] {1}, "file"))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("not a regular file");
    assertThat(listing()).containsExactly("taken");
  }

  private java.util.List<String> listing() throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(p -> p.getFileName().toString()).toList();
    }
  }
}
