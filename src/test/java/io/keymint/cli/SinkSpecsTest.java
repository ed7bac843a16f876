package io.keymint.cli;

import static io.keymint.sink.SinkFixtures.SECRET;
import static io.keymint.sink.SinkFixtures.key;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.keymint.sink.SecretSink;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The {@code --sink} syntax, {@link SinkSpecs#parse(String)}. */
class SinkSpecsTest {
  @TempDir Path dir;

  @Test
  void parse_file_absoluteAndRelative() {
    Path abs = dir.resolve("venice.key");
    assertThat(SinkSpecs.parse("file:" + abs).description()).isEqualTo("file:" + abs);
    assertThat(SinkSpecs.parse("file:rel/venice.key").description())
        .isEqualTo("file:" + Path.of("").toAbsolutePath().resolve("rel/venice.key"));
  }

  @Test
  void parse_envFile_defaultVariable() throws Exception {
    Path env = dir.resolve(".env");
    SecretSink sink = SinkSpecs.parse("env-file:" + env);

    sink.write(key());

    assertThat(sink.description()).isEqualTo("env-file:" + env);
    assertThat(Files.readString(env)).isEqualTo("VENICE_API_KEY=" + SECRET + "\n");
  }

  @Test
  void parse_envFileWithVariable_usesIt() throws Exception {
    Path env = dir.resolve(".env");
    SecretSink sink = SinkSpecs.parse("env-file:" + env + "#AGENT_KEY");

    sink.write(key());

    assertThat(sink.description()).isEqualTo("env-file:" + env);
    assertThat(Files.readString(env)).isEqualTo("AGENT_KEY=" + SECRET + "\n");
  }

  @Test
  void parse_envFilePathWithHash_explicitVariableDisambiguates() throws Exception {
    Path folder = Files.createDirectory(dir.resolve("a#b"));
    SecretSink sink = SinkSpecs.parse("env-file:" + folder.resolve(".env") + "#VENICE_API_KEY");

    assertThat(sink.description()).isEqualTo("env-file:" + folder.resolve(".env"));
  }

  @Test
  void parse_stdout() {
    assertThat(SinkSpecs.parse("stdout")).isSameAs(SecretSink.stdout());
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
    assertThatThrownBy(() -> SinkSpecs.parse(spec))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'" + spec + "'")
        .hasMessageEndingWith("use file:PATH, env-file:PATH, env-file:PATH#VARIABLE or stdout")
        .hasMessageNotContaining("\n");
  }
}
