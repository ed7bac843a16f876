package io.keymint.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.keymint.testing.JavaProcess;
import io.keymint.testing.OnEmulator;
import io.keymint.testing.TestKeys;
import java.io.RandomAccessFile;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A 100 MB env file under a 128 MiB heap: refused before the mint, never an OOM after it. */
class EnvFileMemoryProcessTest extends OnEmulator {
  @TempDir Path dir;

  @BeforeEach
  void start() {
    startVenice(TestKeys.VECTOR_ADDRESS);
  }

  @Test
  void hugeEnvFile_atXmx128m_exit7AndNothingMinted() throws Exception {
    Path env = dir.resolve(".env");
    try (RandomAccessFile raf = new RandomAccessFile(env.toFile(), "rw")) {
      raf.setLength(100L << 20);
    }

    JavaProcess.Result r =
        JavaProcess.finish(
            JavaProcess.start(
                dir,
                Map.of(
                    "WALLET_KEY",
                    TestKeys.VECTOR_PRIVATE_KEY,
                    "VENICE_BASE_URL",
                    venice.baseUrl().toString()),
                List.of("-Xmx128m"),
                Main.class.getName(),
                "mint",
                "--usd",
                "5",
                "--sink",
                "env-file:" + env));

    assertThat(r.exitCode).as(r.toString()).isEqualTo(7);
    assertThat(r.stderr).contains("over 1 MiB").doesNotContain("OutOfMemoryError");
    assertThat(venice.mintCount()).isZero();
  }
}
