package io.keymint.sink;

import static io.keymint.sink.SinkFixtures.SECRET;
import static io.keymint.sink.SinkFixtures.key;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.keymint.testing.LeakWatch;
import io.keymint.venice.ApiKey;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** stdout and callback sinks. */
class SimpleSinksTest {
  @TempDir Path dir;

  @Test
  void stdout_write_printsSecretAndNewline() {
    LeakWatch.secret(SECRET);
    String captured = LeakWatch.captureStdout(() -> SecretSink.stdout().write(key()));

    assertThat(captured).isEqualTo(SECRET + "\n");
    assertThat(SecretSink.stdout().description()).isEqualTo("stdout");
    assertThat(SecretSink.stdout()).hasToString("stdout");
  }

  @Test
  void stdout_brokenStream_failsLoudlyWithoutSecret() {
    PrintStream broken =
        new PrintStream(
            new OutputStream() {
              @Override
              public void write(int b) throws java.io.IOException {
                throw new java.io.IOException("Broken pipe");
              }
            },
            false,
            UTF_8);
    LeakWatch.withStdout(
        broken,
        () ->
            assertThatThrownBy(() -> SecretSink.stdout().write(key()))
                .isInstanceOf(SinkException.class)
                .hasMessageStartingWith("stdout: writing failed")
                .hasMessageNotContaining(SECRET));
  }

  @Test
  void callback_write_receivesTheKey() {
    List<ApiKey> received = new ArrayList<>();
    ApiKey key = key();
    SecretSink sink = SecretSink.callback(received::add);

    sink.preflight();
    sink.write(key);

    assertThat(received).containsExactly(key);
    assertThat(sink.description()).isEqualTo("callback");
    assertThat(sink.toString()).doesNotContain(SECRET);
  }

  @Test
  void everySink_afterWrite_descriptionAndToStringHaveNoSecret() {
    ApiKey key = key();
    List<SecretSink> sinks =
        List.of(
            SecretSink.file(dir.resolve("k")),
            SecretSink.envFile(dir.resolve(".env")),
            SecretSink.envFile(dir.resolve(".env2"), "OTHER"),
            SecretSink.callback(k -> {}),
            SecretSink.stdout());
    LeakWatch.secret(SECRET);
    String captured =
        LeakWatch.captureStdout(
            () -> {
              SinkSet set = SinkSet.of(sinks);
              set.preflight();
              set.write(key);
              for (SecretSink sink : sinks) {
                assertThat(sink.description()).doesNotContain(SECRET);
                assertThat(sink.toString()).doesNotContain(SECRET);
              }
              assertThat(set.toString()).doesNotContain(SECRET);
              assertThat(key.toString()).doesNotContain(SECRET);
            });
    assertThat(captured).isEqualTo(SECRET + "\n");
  }
}
