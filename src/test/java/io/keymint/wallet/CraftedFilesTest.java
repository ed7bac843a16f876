package io.keymint.wallet;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.keymint.signature.PersonalSign;
import io.keymint.testing.TestKeys;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Crafted wallet files and values (issue 9): one line, at once — never a hang on a FIFO, never an
 * OutOfMemoryError on /dev/zero or a huge file, never a full-width digit taken for hex. The timeout
 * only guards against a hang (the bug being tested); it measures nothing.
 */
@Timeout(value = 20, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class CraftedFilesTest {
  @TempDir Path dir;

  private Path fifo() throws Exception {
    Path f = dir.resolve("fifo");
    Process p = new ProcessBuilder("mkfifo", f.toString()).start();
    assertThat(p.waitFor()).isZero();
    return f; // no writer: opening it for reading blocks until one comes
  }

  private Path huge() throws Exception {
    Path f = dir.resolve("huge");
    try (RandomAccessFile raf = new RandomAccessFile(f.toFile(), "rw")) {
      raf.setLength(300L << 20); // sparse: 300 MB to a reader, nothing on disk
    }
    return f;
  }

  private static void unlockKeystore(Path keystore, KeystorePassword password) {
    try (Wallet w = WalletSource.keystore(keystore, password).unlock()) {
      w.address();
    }
  }

  @Test
  void keystore_thatIsNotARegularSmallFile_isRefusedInOneLine() throws Exception {
    KeystorePassword pw = KeystorePassword.of("x".toCharArray());
    assertThatThrownBy(() -> unlockKeystore(Path.of("/dev/zero"), pw))
        .isInstanceOf(WalletException.class)
        .hasMessageContaining("/dev/zero is not a regular file");
    Path fifo = fifo();
    assertThatThrownBy(() -> unlockKeystore(fifo, pw))
        .isInstanceOf(WalletException.class)
        .hasMessageContaining("is not a regular file");
    Path huge = huge();
    assertThatThrownBy(() -> unlockKeystore(huge, pw))
        .isInstanceOf(WalletException.class)
        .hasMessageContaining("is 314572800 bytes");
    assertThatThrownBy(() -> unlockKeystore(dir, pw))
        .isInstanceOf(WalletException.class)
        .hasMessageContaining("is a folder");
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"/dev/zero", "a fifo", "a huge file"})
  void passwordFile_thatIsNotARegularSmallFile_isRefusedInOneLine(String kind) throws Exception {
    Path keystore = Path.of(TestKeys.LIGHT_KEYSTORE);
    Path bad =
        switch (kind) {
          case "a fifo" -> fifo();
          case "a huge file" -> huge();
          default -> Path.of(kind);
        };
    assertThatThrownBy(() -> unlockKeystore(keystore, KeystorePassword.fromFile(bad)))
        .as(bad.toString())
        .isInstanceOf(WalletException.class)
        .hasMessageStartingWith("password file " + bad)
        .satisfiesAnyOf(
            e -> assertThat(e).hasMessageContaining("not a regular file"),
            e -> assertThat(e).hasMessageContaining("bytes, more than"));
  }

  @Test
  void passwordFile_withAUtf8ByteOrderMark_unlocks() throws Exception {
    String password = Files.readString(Path.of(TestKeys.LIGHT_PASSWORD_FILE), UTF_8).strip();
    Path pw = dir.resolve("pw-bom");
    Files.writeString(pw, "\uFEFF" + password + "\r\n", UTF_8);

    try (Wallet w =
        WalletSource.keystore(Path.of(TestKeys.LIGHT_KEYSTORE), KeystorePassword.fromFile(pw))
            .unlock()) {
      assertThat(w.address()).isEqualTo(TestKeys.LIGHT_ADDRESS);
    }
  }

  @Test
  void keystoreSource_knowsItsAddressWithoutThePassword() {
    WalletSource light =
        WalletSource.keystore(
            Path.of(TestKeys.LIGHT_KEYSTORE), KeystorePassword.of("wrong".toCharArray()));
    assertThat(light.knownAddress().orElseThrow()).isEqualToIgnoringCase(TestKeys.LIGHT_ADDRESS);
    assertThat(
            WalletSource.keystore(Path.of("/dev/zero"), KeystorePassword.of("x".toCharArray()))
                .knownAddress())
        .isEmpty();
    assertThat(WalletSource.privateKey(TestKeys.VECTOR_PRIVATE_KEY.toCharArray()).knownAddress())
        .isEmpty();
  }

  @Test
  void fullWidthDigits_areNotHex() {
    // U+FF10..U+FF19 are digits to Character.digit; a private key is ASCII hex only
    String key = TestKeys.VECTOR_PRIVATE_KEY.substring(2);
    int i = 0;
    while (!Character.isDigit(key.charAt(i))) {
      i++;
    }
    String fullWidth =
        key.substring(0, i) + (char) ('\uFF10' + (key.charAt(i) - '0')) + key.substring(i + 1);
    assertThatThrownBy(
            () -> {
              try (Wallet w = WalletSource.privateKey(fullWidth.toCharArray()).unlock()) {
                w.address();
              }
            })
        .isInstanceOf(WalletException.class);

    String sig = "0x" + "1".repeat(128) + "1b";
    String fullWidthSig = "0x" + "\uFF11" + "1".repeat(127) + "1b";
    assertThatThrownBy(() -> PersonalSign.recoverAddress("m", fullWidthSig))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("hex");
    assertThat(sig).hasSameSizeAs(fullWidthSig);
    assertThat(PersonalSign.isAddress("0x" + "\uFF10".repeat(40))).isFalse();
    assertThat(PersonalSign.isAddress(TestKeys.VECTOR_ADDRESS)).isTrue();
  }
}
