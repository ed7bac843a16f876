package io.keymint.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * Runs after every other test class in this JVM and checks that no secret or private key used
 * anywhere in the run was printed, logged, or written by a child process to its output.
 */
@Order(Integer.MAX_VALUE)
class LeakSweepTest {
  @Test
  void wholeRun_printedNoSecretAndNoPrivateKey() {
    // tests that capture System.out themselves (the stdout sink) are swept too, less what they
    // asked to be printed
    String seen = LeakWatch.everythingSeen() + LeakWatch.capturedLessAskedFor();
    // the sweep must have something to sweep, or it proves nothing
    assertThat(seen).as("captured output of the run").isNotEmpty();
    assertThat(LeakWatch.allSecrets()).as("secrets registered by the run").isNotEmpty();
    for (String secret : LeakWatch.allSecrets()) {
      int at = seen.indexOf(secret);
      assertThat(at)
          .as(
              "a secret ending %s was printed: ...%s...",
              secret.substring(secret.length() - 4),
              at < 0 ? "" : seen.substring(Math.max(0, at - 80), at).replace(secret, "<SECRET>"))
          .isEqualTo(-1);
    }
  }

  @Test
  void noTestSwapsSystemOutOrErrBehindTheSweep() throws IOException {
    // a test that sets System.out itself and restores it afterwards prints past the tee: what it
    // printed is never swept. LeakWatch.captureStdout/withStdout are the only ways to swap.
    List<String> calls = List.of("System.set" + "Out(", "System.set" + "Err(");
    try (Stream<Path> files = Files.walk(Path.of("src/test/java"))) {
      List<Path> sources = files.filter(p -> p.toString().endsWith(".java")).toList();
      assertThat(sources).as("test sources found").hasSizeGreaterThan(50);
      List<String> swapping =
          sources.stream()
              .filter(p -> !p.endsWith(Path.of("io/keymint/testing/LeakWatch.java")))
              .filter(p -> calls.stream().anyMatch(read(p)::contains))
              .map(Path::toString)
              .toList();
      assertThat(swapping).as("use LeakWatch.captureStdout or LeakWatch.withStdout").isEmpty();
    }
  }

  private static String read(Path p) {
    try {
      return Files.readString(p);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
