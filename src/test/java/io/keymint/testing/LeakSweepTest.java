package io.keymint.testing;

import static org.assertj.core.api.Assertions.assertThat;

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
}
