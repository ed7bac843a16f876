package io.keymint.sink;

import static io.keymint.sink.SinkFixtures.SECRET;
import static io.keymint.sink.SinkFixtures.key;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.keymint.testing.LeakWatch;
import io.keymint.venice.IssuedKey;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** stdout and callback sinks, and {@link SecretSink#parse(String)}. */
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
    PrintStream original = System.out;
    System.setOut(
        new PrintStream(
            new OutputStream() {
              @Override
              public void write(int b) throws java.io.IOException {
                throw new java.io.IOException("Broken pipe");
              }
            },
            false,
            UTF_8));
    try {
      assertThatThrownBy(() -> SecretSink.stdout().write(key()))
          .isInstanceOf(SinkException.class)
          .hasMessageStartingWith("stdout: writing failed")
          .hasMessageNotContaining(SECRET);
    } finally {
      System.setOut(original);
    }
  }

  @Test
  void callback_write_receivesTheKey() {
    List<IssuedKey> received = new ArrayList<>();
    IssuedKey key = key();
    SecretSink sink = SecretSink.callback(received::add);

    sink.preflight();
    sink.write(key);

    assertThat(received).containsExactly(key);
    assertThat(sink.description()).isEqualTo("callback");
    assertThat(sink.toString()).doesNotContain(SECRET);
  }

  @Test
  void parse_file_absoluteAndRelative() {
    Path abs = dir.resolve("venice.key");
    assertThat(SecretSink.parse("file:" + abs).description()).isEqualTo("file:" + abs);
    assertThat(SecretSink.parse("file:rel/venice.key").description())
        .isEqualTo("file:" + Path.of("").toAbsolutePath().resolve("rel/venice.key"));
  }

  @Test
  void parse_envFile_defaultVariable() throws Exception {
    Path env = dir.resolve(".env");
    SecretSink sink = SecretSink.parse("env-file:" + env);

    sink.write(key());

    assertThat(sink.description()).isEqualTo("env-file:" + env);
    assertThat(Files.readString(env)).isEqualTo("VENICE_API_KEY=" + SECRET + "\n");
  }

  @Test
  void parse_envFileWithVariable_usesIt() throws Exception {
    Path env = dir.resolve(".env");
    SecretSink sink = SecretSink.parse("env-file:" + env + "#AGENT_KEY");

    sink.write(key());

    assertThat(sink.description()).isEqualTo("env-file:" + env);
    assertThat(Files.readString(env)).isEqualTo("AGENT_KEY=" + SECRET + "\n");
  }

  @Test
  void parse_envFilePathWithHash_explicitVariableDisambiguates() throws Exception {
    Path folder = Files.createDirectory(dir.resolve("a#b"));
    SecretSink sink = SecretSink.parse("env-file:" + folder.resolve(".env") + "#VENICE_API_KEY");

    assertThat(sink.description()).isEqualTo("env-file:" + folder.resolve(".env"));
  }

  @Test
  void parse_stdout() {
    assertThat(SecretSink.parse("stdout")).isSameAs(SecretSink.stdout());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "file:",
        "env-file:",
        "stdout:",
        "STDOUT",
        "vault:secret/x",
        "/tmp/key",
        "env-file:/tmp/.env#1BAD",
        "env-file:#VAR"
      })
  void parse_badSpec_oneLineMessageListingForms(String spec) {
    assertThatThrownBy(() -> SecretSink.parse(spec))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'" + spec + "'")
        .hasMessageEndingWith("use file:PATH, env-file:PATH, env-file:PATH#VARIABLE or stdout")
        .hasMessageNotContaining("\n");
  }

  @Test
  void everySink_afterWrite_descriptionAndToStringHaveNoSecret() {
    IssuedKey key = key();
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
