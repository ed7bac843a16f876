package io.keymint.sink;

import static io.keymint.sink.SinkFixtures.SECRET;
import static io.keymint.sink.SinkFixtures.key;
import static io.keymint.sink.SinkFixtures.mode;
import static io.keymint.sink.SinkFixtures.perms;
import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EnvFileSinkTest {
  @TempDir Path dir;

  @Test
  void envFile_absent_createdWithOneLineMode0600() throws Exception {
    Path env = dir.resolve(".env");

    SecretSink.envFile(env).write(key());

    assertThat(Files.readString(env)).isEqualTo("VENICE_API_KEY=" + SECRET + "\n");
    assertThat(mode(env)).isEqualTo("rw-------");
  }

  @Test
  void envFile_withoutVariable_appendsAndKeepsEveryOtherByte() throws Exception {
    Path env = dir.resolve(".env");
    String before =
        "# settings\n\nOTHER=1\n  # indented comment\nVENICE_API_KEY_OLD=x\nURL=\"https://a#b\"\n";
    Files.writeString(env, before);

    SecretSink.envFile(env).write(key());

    assertThat(Files.readString(env)).isEqualTo(before + "VENICE_API_KEY=" + SECRET + "\n");
  }

  @Test
  void envFile_lastLineWithoutNewline_appendsOnItsOwnLine() throws Exception {
    Path env = dir.resolve(".env");
    Files.writeString(env, "OTHER=1");

    SecretSink.envFile(env).write(key());

    assertThat(Files.readString(env)).isEqualTo("OTHER=1\nVENICE_API_KEY=" + SECRET + "\n");
  }

  @Test
  void envFile_existingVariable_replacedInPlace() throws Exception {
    Path env = dir.resolve(".env");
    Files.writeString(env, "A=1\nVENICE_API_KEY=old-secret # old\nB=2\n");

    SecretSink.envFile(env).write(key());

    assertThat(Files.readString(env)).isEqualTo("A=1\nVENICE_API_KEY=" + SECRET + "\nB=2\n");
  }

  @Test
  void envFile_exportForm_replacedKeepingExportAndSpacing() throws Exception {
    Path env = dir.resolve(".env");
    Files.writeString(env, "export VENICE_API_KEY=old\n\texport  VENICE_API_KEY = \"old\"\nB=2\n");

    SecretSink.envFile(env).write(key());

    assertThat(Files.readString(env))
        .isEqualTo(
            "export VENICE_API_KEY="
                + SECRET
                + "\n\texport  VENICE_API_KEY ="
                + SECRET
                + "\nB=2\n");
  }

  @Test
  void envFile_crlfFile_keepsLineEndings() throws Exception {
    Path env = dir.resolve(".env");
    Files.writeString(env, "A=1\r\nVENICE_API_KEY=old\r\n");

    SecretSink.envFile(env).write(key());
    assertThat(Files.readString(env)).isEqualTo("A=1\r\nVENICE_API_KEY=" + SECRET + "\r\n");

    SecretSink.envFile(env, "SECOND").write(key());
    assertThat(Files.readString(env))
        .isEqualTo("A=1\r\nVENICE_API_KEY=" + SECRET + "\r\nSECOND=" + SECRET + "\r\n");
  }

  @Test
  void envFile_nonUtf8Bytes_keptByteForByte() throws Exception {
    Path env = dir.resolve(".env");
    byte[] latin1 = "NAME=Jos\u00e9\n".getBytes(ISO_8859_1); // 0xE9 alone is invalid UTF-8
    Files.write(env, latin1);

    SecretSink.envFile(env).write(key());

    byte[] expected = concat(latin1, ("VENICE_API_KEY=" + SECRET + "\n").getBytes(UTF_8));
    assertThat(Files.readAllBytes(env)).isEqualTo(expected);
  }

  @Test
  void envFile_customVariable_setsOnlyThatOne() throws Exception {
    Path env = dir.resolve(".env");
    Files.writeString(env, "VENICE_API_KEY=keep-me\n");

    SecretSink.envFile(env, "AGENT_VENICE_KEY").write(key());

    assertThat(Files.readString(env))
        .isEqualTo("VENICE_API_KEY=keep-me\nAGENT_VENICE_KEY=" + SECRET + "\n");
  }

  @Test
  void envFile_existingFileMode0644_endsMode0600AndNoTempFilesLeft() throws Exception {
    Path env = dir.resolve(".env");
    Files.writeString(env, "A=1\n");
    Files.setPosixFilePermissions(env, perms("rw-r--r--"));

    SecretSink.envFile(env).write(key());

    assertThat(mode(env)).isEqualTo("rw-------");
    try (Stream<Path> s = Files.list(dir)) {
      assertThat(s.map(p -> p.getFileName().toString()))
          .containsExactlyInAnyOrder(".env", ".env.meta.json");
    }
  }

  @Test
  void envFile_secretWithSpecialCharacters_doubleQuotedAndEscaped() throws Exception {
    Path env = dir.resolve(".env");

    SecretSink.envFile(env).write(key("a b\"c$d`e\\f"));

    assertThat(Files.readString(env)).isEqualTo("VENICE_API_KEY=\"a b\\\"c\\$d\\`e\\\\f\"\n");
  }

  @Test
  void envFile_secretWithNewline_refusedWithoutEchoingIt() {
    Path env = dir.resolve(".env");

    assertThatThrownBy(() -> SecretSink.envFile(env).write(key("line1\nline2")))
        .isInstanceOf(SinkException.class)
        .hasMessageContaining("control character")
        .hasMessageNotContaining("line1");
    assertThat(Files.exists(env)).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "1ABC", "A-B", "A B", "A=B", "VENICE_API_KEY\n"})
  void envFile_badVariableName_rejected(String name) {
    assertThatThrownBy(() -> SecretSink.envFile(dir.resolve(".env"), name))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("not an environment variable name");
  }

  @Test
  void envFile_description_isAbsolutePath() {
    assertThat(SecretSink.envFile(dir.resolve(".env")).description())
        .isEqualTo("env-file:" + dir.resolve(".env").toAbsolutePath());
  }

  @Test
  void envFile_preflightMissingFolder_failsSayingCreateIt() {
    Path env = dir.resolve("missing/.env");

    assertThatThrownBy(() -> SecretSink.envFile(env).preflight())
        .isInstanceOf(SinkException.class)
        .hasMessage(
            "env-file:"
                + env
                + ": folder "
                + env.getParent()
                + " does not exist: create it or choose another SecretSink");
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = new byte[a.length + b.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
