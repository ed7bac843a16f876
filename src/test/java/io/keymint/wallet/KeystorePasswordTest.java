package io.keymint.wallet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class KeystorePasswordTest {
  @TempDir Path dir;

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "no newline | s3cret | s3cret",
        "one LF | 's3cret\n' | s3cret",
        "one CRLF | 's3cret\r\n' | s3cret",
        "two LF, only one stripped | 's3cret\n\n' | 's3cret\n'",
        "trailing spaces kept | 's3cret  ' | 's3cret  '",
      })
  void fromFile_stripsOneTrailingNewlineOnly(String name, String content, String expected)
      throws Exception {
    Path file = Files.writeString(dir.resolve("pw"), content, StandardCharsets.UTF_8);

    char[] read = KeystorePassword.fromFile(file).read();

    assertThat(new String(read)).isEqualTo(expected);
  }

  @Test
  void fromFile_readsAnewAtEachUnlock() throws Exception {
    Path file = Files.writeString(dir.resolve("pw"), "one\n");
    KeystorePassword password = KeystorePassword.fromFile(file);
    assertThat(password.read()).containsExactly('o', 'n', 'e');

    Files.writeString(file, "two");

    assertThat(password.read()).containsExactly('t', 'w', 'o');
  }

  @Test
  void fromFile_missing_saysSoNamingTheFile() {
    Path file = dir.resolve("missing");
    KeystorePassword password = KeystorePassword.fromFile(file);

    assertThatThrownBy(password::read)
        .isInstanceOf(WalletException.class)
        .hasMessage("password file " + file + " does not exist: check KeystorePassword.fromFile");
  }

  @Test
  void fromFile_notUtf8_saysSo() throws Exception {
    Path file = Files.write(dir.resolve("pw"), new byte[] {'a', (byte) 0xff, 'b'});
    assertThatThrownBy(KeystorePassword.fromFile(file)::read)
        .isInstanceOf(WalletException.class)
        .hasMessage("password file " + file + " is not valid UTF-8 text");
  }

  @Test
  void fromEnv_unset_namesTheVariable() {
    KeystorePassword password =
        KeystorePassword.fromEnv("KEYMINT_KEYSTORE_PASSWORD", Map.<String, String>of()::get);

    assertThatThrownBy(password::read)
        .isInstanceOf(WalletException.class)
        .hasMessageStartingWith("environment variable KEYMINT_KEYSTORE_PASSWORD is not set");
  }

  @Test
  void fromEnv_set_readsTheValue() {
    KeystorePassword password = KeystorePassword.fromEnv("PW", Map.of("PW", "s3cret")::get);
    assertThat(new String(password.read())).isEqualTo("s3cret");
    assertThat(password.toString()).isEqualTo("KeystorePassword[environment variable PW]");
  }

  @Test
  void of_copiesTheArray_soTheCallerMayWipeIt() {
    char[] mine = "s3cret".toCharArray();
    KeystorePassword password = KeystorePassword.of(mine);
    Arrays.fill(mine, '\0');

    char[] first = password.read();
    Arrays.fill(first, '\0'); // what an unlock does with its copy

    assertThat(new String(password.read())).isEqualTo("s3cret");
    assertThat(password.toString()).doesNotContain("s3cret");
  }

  @Test
  void nfkcUtf8_composedAndDecomposed_giveTheSameBytes() {
    assertThat(KeystorePassword.nfkcUtf8("cafe\u0301".toCharArray()))
        .isEqualTo("caf\u00e9".getBytes(StandardCharsets.UTF_8));
    assertThat(KeystorePassword.nfkcUtf8("\ufb01".toCharArray()))
        .isEqualTo("fi".getBytes(StandardCharsets.UTF_8));
    assertThat(KeystorePassword.nfkcUtf8("plain ascii".toCharArray()))
        .isEqualTo("plain ascii".getBytes(StandardCharsets.US_ASCII));
  }
}
