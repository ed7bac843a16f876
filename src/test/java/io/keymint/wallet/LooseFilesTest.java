package io.keymint.wallet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The keystore permission check is a library option: warn (or a caller's handler) or refuse. */
class LooseFilesTest {
  @TempDir Path dir;

  private Path file(String name, String mode) throws Exception {
    Path f = Files.writeString(dir.resolve(name), "{}", StandardCharsets.UTF_8);
    Files.setPosixFilePermissions(f, PosixFilePermissions.fromString(mode));
    return f;
  }

  @Test
  void keystore_groupReadable_refuse_throwsNamingTheFileAndTheChmod() throws Exception {
    Path ks = file("ks.json", "rw-r-----");
    KeystorePassword pw = KeystorePassword.of("x".toCharArray());

    assertThatThrownBy(() -> WalletSource.keystore(ks, pw, LooseFiles.REFUSE))
        .isInstanceOf(InsecureFileException.class)
        .isInstanceOf(WalletException.class)
        .hasMessage(
            "keystore "
                + ks
                + " is accessible by group or others (mode rw-r-----): run chmod 600 "
                + ks);
  }

  @Test
  void passwordFile_worldReadable_handlerSeesIt_andTheSourceIsStillMade() throws Exception {
    Path pwFile = file("pw", "rw-r--r--");
    List<String> seen = new ArrayList<>();

    KeystorePassword pw = KeystorePassword.fromFile(pwFile, (f, m) -> seen.add(f + " | " + m));

    assertThat(pw).isNotNull();
    assertThat(seen)
        .containsExactly(
            pwFile
                + " | password file "
                + pwFile
                + " is accessible by group or others (mode rw-r--r--): run chmod 600 "
                + pwFile);
  }

  @Test
  void privateFiles_passEvenWithRefuse() throws Exception {
    Path ks = file("ks.json", "rw-------");
    Path pwFile = file("pw", "---------"); // root reads mode 000; nothing is open to others

    KeystorePassword pw = KeystorePassword.fromFile(pwFile, LooseFiles.REFUSE);
    WalletSource source = WalletSource.keystore(ks, pw, LooseFiles.REFUSE);

    assertThat(source.description()).isEqualTo("keystore " + ks);
  }

  @Test
  void warn_logsAndGoesOn() throws Exception {
    Path ks = file("ks.json", "rw-rw-rw-");
    WalletSource source =
        WalletSource.keystore(ks, KeystorePassword.of("x".toCharArray()), LooseFiles.WARN);
    assertThat(source.description()).isEqualTo("keystore " + ks);
  }
}
