package io.keymint.sink;

import static io.keymint.sink.SinkFixtures.SECRET;
import static io.keymint.sink.SinkFixtures.key;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Odd sinks (issue 9): the same file twice, a metadata sidecar that cannot be written, huge env.
 */
class SinkHardeningTest {
  @TempDir Path dir;

  @Test
  void theSameFileTwice_evenThroughALinkedFolder_isRefused() throws Exception {
    Path x = dir.resolve("x");
    assertThatThrownBy(() -> SinkSet.of(List.of(SecretSink.file(x), SecretSink.envFile(x))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("are the same file");
    Path alias = Files.createSymbolicLink(dir.resolve("alias"), dir);
    assertThatThrownBy(
            () -> SinkSet.of(List.of(SecretSink.file(x), SecretSink.file(alias.resolve("x")))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("are the same file");
    assertThat(SinkSet.of(List.of(SecretSink.file(x), SecretSink.envFile(dir.resolve("y")))))
        .isNotNull();
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"file", "env-file"})
  void metadataSidecarThatIsAFolder_isFoundInThePreflight(String kind) throws Exception {
    Path x = dir.resolve("x");
    Files.createDirectory(dir.resolve("x.meta.json"));
    SecretSink s = kind.equals("file") ? SecretSink.file(x) : SecretSink.envFile(x);
    assertThatThrownBy(() -> SinkSet.of(List.of(s)).preflight())
        .isInstanceOf(SinkException.class)
        .hasMessageContaining("x.meta.json exists and is not a regular file");
  }

  @Test
  void metadataFailingAfterTheSecretWasWritten_theSecretCountsAsStored() throws Exception {
    Path x = dir.resolve("x");
    SecretSink sink = SecretSink.file(x);
    SinkSet.of(List.of(sink)).preflight();
    // the sidecar becomes unwritable between the preflight and the write
    Files.createDirectory(dir.resolve("x.meta.json"));

    SinkSet.of(List.of(sink))
        .withRetry(1, java.time.Duration.ZERO, java.time.Duration.ZERO)
        .write(key());

    assertThat(Files.readString(x, UTF_8)).isEqualTo(SECRET + "\n");
  }

  @Test
  void envFileOverOneMiB_isRefusedInThePreflight() throws Exception {
    Path env = dir.resolve(".env");
    try (RandomAccessFile raf = new RandomAccessFile(env.toFile(), "rw")) {
      raf.setLength(100L << 20); // 100 MB (sparse)
    }
    assertThatThrownBy(() -> SinkSet.of(List.of(SecretSink.envFile(env))).preflight())
        .isInstanceOf(SinkException.class)
        .hasMessageContaining("104857600 bytes")
        .hasMessageContaining("over 1 MiB");
  }
}
