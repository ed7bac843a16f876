package io.keymint.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.keymint.testing.LeakWatch;
import io.keymint.testing.TestKeys;
import io.keymint.venice.ApiKeyType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Hostile command lines and files (issue 9): one line, a distinct exit code, nothing minted. */
class HardeningCliTest extends InProcessCli {
  @TempDir Path dir;

  @BeforeEach
  void start() {
    startVenice(TestKeys.LIGHT_ADDRESS, TestKeys.VECTOR_ADDRESS);
    String admin = venice.createKey(ApiKeyType.ADMIN, "ops");
    LeakWatch.secret(admin);
    env.put("VENICE_ADMIN_KEY", admin);
  }

  private String[] withVectorWallet(String command, String... more) {
    env.put("WALLET_KEY", TestKeys.VECTOR_PRIVATE_KEY);
    List<String> a = new ArrayList<>(List.of(command));
    a.addAll(List.of(more));
    if (!a.contains("--usd") && !a.contains("--diem")) {
      a.addAll(List.of("--usd", "5")); // keys are capped by default
    }
    return a.toArray(new String[0]);
  }

  private void assertOneLine(int code, int expected) {
    assertThat(code).as(err).isEqualTo(expected);
    assertThat(err).startsWith("keymint: ").doesNotContain("\tat ").doesNotContain("Exception");
    assertThat(err.strip().lines().filter(l -> l.startsWith("keymint: ")).count()).isEqualTo(1);
  }

  @Test
  void mode000KeystoreAndPasswordFile_asRoot_mint() throws Exception {
    Path keystore = Files.copy(Path.of(TestKeys.LIGHT_KEYSTORE), dir.resolve("ks.json"));
    Path pw = Files.copy(Path.of(TestKeys.LIGHT_PASSWORD_FILE), dir.resolve("pw"));
    Files.setPosixFilePermissions(keystore, PosixFilePermissions.fromString("---------"));
    Files.setPosixFilePermissions(pw, PosixFilePermissions.fromString("---------"));

    int code =
        run(
            "mint",
            "--usd",
            "5",
            "--keystore",
            keystore.toString(),
            "--password-file",
            pw.toString(),
            "--strict",
            "--sink",
            "file:" + dir.resolve("k"));

    assertThat(code).as(err).isZero(); // root reads mode 000; nothing is open to group or others
    assertThat(err).doesNotContain("Collection is empty").doesNotContain("warning");
  }

  @Test
  void theSameFileAsTwoSinks_isAUsageError() {
    Path x = dir.resolve("x");
    assertOneLine(
        run(withVectorWallet("mint", "--sink", "file:" + x, "--sink", "env-file:" + x)), 2);
    assertThat(err).contains("are the same file");
    assertOneLine(
        run(
            withVectorWallet(
                "ensure",
                "--sink",
                "file:" + x,
                "--sink",
                "file:" + dir.resolve(".").resolve("x"))),
        2);
    assertThat(venice.mintCount()).isZero();
  }

  @Test
  void keysGet_emptyId_isAUsageError_notTheListRoute() {
    assertOneLine(run("keys", "get", ""), 2);
    assertThat(err).contains("ID is empty");
    assertThat(out).isEmpty();
    assertOneLine(run("keys", "revoke", " "), 2);
    assertOneLine(run("keys", "update", "", "--usd", "1"), 2);
  }

  @Test
  void expiresAtInThePast_isAUsageError_namingTheOption() {
    String sink = "file:" + dir.resolve("k");
    assertOneLine(run(withVectorWallet("mint", "--sink", sink, "--expires-at", "2020-01-01")), 2);
    assertThat(err).contains("--expires-at").contains("in the past");
    assertOneLine(
        run(withVectorWallet("ensure", "--sink", sink, "--expires-at", "2020-01-01T00:00:00Z")), 2);
    assertOneLine(run("keys", "update", "x", "--expires-at", "2020-01-01"), 2);
    assertThat(venice.mintCount()).isZero();
  }

  @ParameterizedTest(name = "{0} {1} {2}")
  @CsvSource({
    "ensure, --max-wait, 99999999999999d",
    "ensure, --max-wait, 9223372036854775807ms",
    "ensure, --margin, 99999999999999d",
    "ensure, --margin, PT99999999999999H",
    "rotate, --max-wait, 4000d",
    "mint, --usd, 1e999999999",
    "mint, --diem, 1e-999999999",
    "emulator, --port, 99999999999"
  })
  void hugeDurations_areUsageErrors_notOverflows(String command, String option, String value) {
    String sink = "file:" + dir.resolve("k");
    String[] args =
        command.equals("emulator")
            ? new String[] {command, option, value}
            : withVectorWallet(command, "--sink", sink, option, value);
    assertOneLine(run(args), 2);
    assertThat(err).as(String.join(" ", args)).doesNotContain("internal error");
    assertThat(err.length()).as("one short line").isLessThan(400);
    assertThat(venice.mintCount()).isZero();
  }
}
