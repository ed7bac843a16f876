package io.keymint.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.keymint.ApiKeySecret;
import io.keymint.emulator.VeniceEmulator;
import io.keymint.escrow.RecoveryEscrow;
import io.keymint.internal.Json;
import io.keymint.testing.Emulators;
import io.keymint.testing.LeakWatch;
import io.keymint.testing.TestKeys;
import io.keymint.venice.ApiKeyType;
import io.keymint.venice.IssuedKey;
import io.keymint.wallet.Wallet;
import io.keymint.wallet.WalletSource;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ensure, rotate and recover through the CLI in this JVM: exit codes and what they print. */
class BootstrapCommandsTest {
  @TempDir Path dir;
  private VeniceEmulator venice;
  private final Map<String, String> env = new HashMap<>();
  private String out;
  private String err;
  private Path keyFile;

  @BeforeEach
  void start() {
    venice = Emulators.start(TestKeys.VECTOR_ADDRESS, TestKeys.LIGHT_ADDRESS);
    env.put("VENICE_BASE_URL", venice.baseUrl().toString());
    env.put("WALLET_KEY", TestKeys.VECTOR_PRIVATE_KEY);
    keyFile = dir.resolve("venice-api-key");
  }

  @AfterEach
  void stop() {
    Emulators.stop(venice);
  }

  private int run(String... args) {
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    ByteArrayOutputStream e = new ByteArrayOutputStream();
    int code =
        Main.run(args, env, new PrintStream(o, true, UTF_8), new PrintStream(e, true, UTF_8));
    out = o.toString(UTF_8);
    err = e.toString(UTF_8);
    LeakWatch.record(out);
    LeakWatch.record(err);
    return code;
  }

  private static String[] args(String... a) {
    return a;
  }

  private String stored() throws Exception {
    String s = Files.readString(keyFile).strip();
    LeakWatch.secret(s);
    return s;
  }

  @Test
  void ensure_twice_mintsOnceThenKeeps() throws Exception {
    assertThat(run("ensure", "--usd", "5", "--sink", "file:" + keyFile)).as(err).isZero();
    assertThat(err).startsWith("minted INFERENCE key ").contains("no key is stored");
    String secret = stored();

    assertThat(run("ensure", "--usd", "5", "--sink", "file:" + keyFile, "--json")).as(err).isZero();
    JsonNode j = Json.parse(out.getBytes(UTF_8));
    assertThat(j.get("outcome").asText()).isEqualTo("REUSED");
    assertThat(j.get("lastSix").asText()).isEqualTo(secret.substring(secret.length() - 6));
    assertThat(venice.mintCount()).isEqualTo(1);
    assertThat(out + err).doesNotContain(secret);
  }

  @Test
  void ensure_withoutAReadableSink_isAUsageError() {
    assertThat(run("ensure", "--usd", "5", "--sink", "stdout")).isEqualTo(2);
    assertThat(err).contains("add a file: or env-file: sink");
    assertThat(venice.mintCount()).isZero();
  }

  @Test
  void ensure_missingSinkFolder_exits7WithoutMinting() {
    assertThat(run("ensure", "--usd", "5", "--sink", "file:" + dir.resolve("no-such-folder/key")))
        .isEqualTo(7);
    assertThat(err).contains("does not exist: create it or choose another --sink");
    assertThat(venice.mintCount()).isZero();
  }

  @Test
  void ensure_lockHeldPastMaxWait_exits10WithoutMinting() throws Exception {
    Path lockFile = dir.resolve("venice-api-key.lock");
    try (FileChannel ch =
            FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock held = ch.lock()) {
      assertThat(held.isValid()).isTrue();
      long t0 = System.nanoTime();
      assertThat(run("ensure", "--usd", "5", "--sink", "file:" + keyFile, "--max-wait", "700ms"))
          .as(err)
          .isEqualTo(10);
      assertThat((System.nanoTime() - t0) / 1_000_000).isBetween(600L, 5_000L);
    }
    assertThat(err).contains("another keymint still holds").contains("--max-wait");
    assertThat(venice.mintCount()).isZero();
  }

  @Test
  void rotate_withAdminKeyInEnv_revokesTheOldKey() throws Exception {
    Path adminFile = dir.resolve("admin-key");
    assertThat(run("mint", "--usd", "5", "--type", "ADMIN", "--sink", "file:" + adminFile))
        .as(err)
        .isZero();
    String admin = Files.readString(adminFile).strip();
    LeakWatch.secret(admin);
    assertThat(run("ensure", "--usd", "5", "--sink", "file:" + keyFile, "--json")).isZero();
    String oldId = Json.parse(out.getBytes(UTF_8)).get("id").asText();

    env.put("VENICE_ADMIN_KEY", admin);
    assertThat(run("rotate", "--usd", "5", "--sink", "file:" + keyFile, "--json")).as(err).isZero();

    JsonNode j = Json.parse(out.getBytes(UTF_8));
    assertThat(j.get("outcome").asText()).isEqualTo("ROTATED");
    assertThat(j.get("previousKeyId").asText()).isEqualTo(oldId);
    assertThat(j.get("previousKeyRevoked").asBoolean()).isTrue();
    assertThat(venice.activeKeyCount()).isEqualTo(2); // the admin key and the new key
    stored();
  }

  @Test
  void rotate_withoutAdminKey_printsTheOldIdToRevoke() throws Exception {
    assertThat(run("ensure", "--usd", "5", "--sink", "file:" + keyFile, "--json")).isZero();
    String oldId = Json.parse(out.getBytes(UTF_8)).get("id").asText();

    assertThat(run("rotate", "--usd", "5", "--sink", "file:" + keyFile)).as(err).isZero();

    assertThat(err)
        .startsWith("rotated to INFERENCE key")
        .contains("revoke the previous key " + oldId);
    stored();
  }

  @Test
  void recover_restoresWithTheMintingWallet_andRefusesAnother() throws Exception {
    String secret = "vk_cli-recover-secret-0123456789";
    LeakWatch.secret(secret);
    IssuedKey key =
        IssuedKey.builder()
            .id("0d5c2a9e-1111-4000-8000-00000000abcd")
            .type(ApiKeyType.INFERENCE)
            .secret(ApiKeySecret.of(secret))
            .build();
    Path file;
    try (Wallet w = WalletSource.privateKey(TestKeys.VECTOR_PRIVATE_KEY.toCharArray()).unlock()) {
      file = RecoveryEscrow.seal(w, key, dir);
    }

    env.put("WALLET_KEY", TestKeys.LIGHT_PRIVATE_KEY);
    assertThat(run("recover", "--file", file.toString(), "--sink", "file:" + keyFile))
        .isEqualTo(14);
    assertThat(err).contains("sealed by wallet");
    assertThat(Files.exists(keyFile)).isFalse();

    env.put("WALLET_KEY", TestKeys.VECTOR_PRIVATE_KEY);
    assertThat(run("recover", "--file", file.toString(), "--sink", "file:" + keyFile))
        .as(err)
        .isZero();
    assertThat(Files.readString(keyFile)).isEqualTo(secret + "\n");
    assertThat(err).startsWith("restored INFERENCE key 0d5c2a9e-1111-4000-8000-00000000abcd");
    assertThat(out + err).doesNotContain(secret);
  }

  @Test
  void keystoreReadableByOthers_warns_andStrictRefuses() throws Exception {
    Path keystore = Files.copy(Path.of(TestKeys.LIGHT_KEYSTORE), dir.resolve("keystore.json"));
    Path password = Files.copy(Path.of(TestKeys.LIGHT_PASSWORD_FILE), dir.resolve("password.txt"));
    Files.setPosixFilePermissions(keystore, PosixFilePermissions.fromString("rw-r--r--"));
    Files.setPosixFilePermissions(password, PosixFilePermissions.fromString("rw-------"));
    List<String> a =
        new ArrayList<>(
            List.of(
                "ensure",
                "--usd",
                "5",
                "--keystore",
                keystore.toString(),
                "--password-file",
                password.toString(),
                "--sink",
                "file:" + keyFile));

    assertThat(run(a.toArray(new String[0]))).as(err).isZero();
    assertThat(err)
        .contains("keymint: warning: keystore " + keystore + " is accessible by group or others")
        .contains("chmod 600");
    stored();

    a.add("--strict");
    assertThat(run(a.toArray(new String[0]))).isEqualTo(13);
    assertThat(err).contains("is accessible by group or others");

    Files.setPosixFilePermissions(keystore, PosixFilePermissions.fromString("rw-------"));
    assertThat(run(a.toArray(new String[0]))).as(err).isZero();
    assertThat(err).doesNotContain("warning");
  }

  @Test
  void help_listsTheLifecycleExitCodes() {
    assertThat(run(args("--help"))).isZero();
    assertThat(out)
        .contains(" 10  --max-wait passed")
        .contains(" 11  minted, no sink stored it")
        .contains(" 14  recovery file cannot be opened");
    assertThat(run("ensure", "--help")).isZero();
    assertThat(out).contains("--margin").contains("--max-wait").contains("--recovery-dir");
  }

  @Test
  void badDuration_isAUsageError() {
    assertThat(run("ensure", "--usd", "5", "--sink", "file:" + keyFile, "--margin", "soon"))
        .isEqualTo(2);
    assertThat(err).contains("'soon' is not a duration");
  }
}
