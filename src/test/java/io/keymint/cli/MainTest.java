package io.keymint.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.keymint.internal.Json;
import io.keymint.testing.LeakWatch;
import io.keymint.testing.TestKeys;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The CLI in this JVM: argument parsing, exit codes, what it prints. */
class MainTest extends InProcessCli {
  @TempDir Path dir;

  @BeforeEach
  void start() {
    startVenice(TestKeys.LIGHT_ADDRESS, TestKeys.VECTOR_ADDRESS, TestKeys.MNEMONIC_ADDRESS);
  }

  private String[] mintLight(String... more) {
    return mintLightArgs(more);
  }

  private static String[] mintLightArgs(String... more) {
    List<String> a =
        new ArrayList<>(
            List.of(
                "mint",
                "--keystore",
                TestKeys.LIGHT_KEYSTORE,
                "--password-file",
                TestKeys.LIGHT_PASSWORD_FILE));
    a.addAll(List.of(more));
    if (!a.contains("--usd") && !a.contains("--diem") && !a.contains("--no-limit")) {
      a.addAll(List.of("--usd", "5")); // keys are capped by default
    }
    return a.toArray(new String[0]);
  }

  private void assertOneLineError() {
    assertThat(err).startsWith("keymint: ");
    assertThat(err).doesNotContain("\tat ").doesNotContain("Exception:");
  }

  @Test
  void mint_lightKeystore_writesTheFileAndPrintsASummaryWithoutTheSecret() throws Exception {
    Path key = dir.resolve("venice-api-key");

    int code = run(mintLight("--sink", "file:" + key, "--description", "cli test"));

    assertThat(code).as(err).isZero();
    String secret = Files.readString(key, UTF_8).strip();
    assertThat(io.keymint.testing.Emulators.secrets(venice)).containsExactly(secret);
    assertThat(err)
        .contains("minted INFERENCE key")
        .contains("(ends " + secret.substring(secret.length() - 6) + ")")
        .contains("written to file:" + key.toAbsolutePath())
        .doesNotContain(secret);
    assertThat(out).isEmpty();
  }

  @Test
  void mint_json_printsASummaryWithNoSecretOnStdout() throws Exception {
    Path key = dir.resolve("k");

    assertThat(run(mintLight("--sink", "file:" + key, "--json", "--type", "admin")))
        .as(err)
        .isZero();

    JsonNode summary = Json.parse(out.getBytes(UTF_8));
    String secret = Files.readString(key, UTF_8).strip();
    assertThat(summary.get("apiKeyType").asText()).isEqualTo("ADMIN");
    assertThat(summary.get("walletAddress").asText()).isEqualTo(TestKeys.LIGHT_ADDRESS);
    assertThat(summary.get("lastSix").asText()).isEqualTo(secret.substring(secret.length() - 6));
    assertThat(summary.get("sinks").get(0).asText()).isEqualTo("file:" + key.toAbsolutePath());
    assertThat(out).doesNotContain(secret);
  }

  @Test
  void mint_privateKeyFromEnv_usesWalletKeyByDefault() throws Exception {
    env.put("WALLET_KEY", TestKeys.VECTOR_PRIVATE_KEY);
    Path dotenv = dir.resolve(".env");

    assertThat(run("mint", "--usd", "5", "--sink", "env-file:" + dotenv)).as(err).isZero();

    assertThat(err).contains(TestKeys.VECTOR_ADDRESS);
    assertThat(Files.readString(dotenv, UTF_8)).startsWith("VENICE_API_KEY=VENICE_");
  }

  @Test
  void mint_mnemonicEnv_derivesTheFirstAccount() {
    env.put("AGENT_SEED", TestKeys.MNEMONIC);

    assertThat(
            run(
                "mint",
                "--usd",
                "5",
                "--mnemonic-env",
                "AGENT_SEED",
                "--sink",
                "file:" + dir.resolve("k")))
        .as(err)
        .isZero();

    assertThat(err).contains(TestKeys.MNEMONIC_ADDRESS);
  }

  @Test
  void mint_passwordFromEnv_unlocksTheKeystore() throws Exception {
    env.put(
        "KEYMINT_KEYSTORE_PASSWORD",
        Files.readString(Path.of(TestKeys.LIGHT_PASSWORD_FILE)).strip());

    int code =
        run(
            "mint",
            "--usd",
            "5",
            "--keystore",
            TestKeys.LIGHT_KEYSTORE,
            "--sink",
            "file:" + dir.resolve("k"));

    assertThat(code).as(err).isZero();
  }

  @Test
  void mint_withoutSink_isAUsageError() {
    assertThat(run(mintLight())).isEqualTo(2);
    assertOneLineError();
    assertThat(err).contains("no --sink given").contains("keymint mint --help");
    assertThat(venice.mintCount()).isZero();
  }

  /** One row per bad value; {@code SINK} stands for a file sink in this test's folder. */
  static Stream<Arguments> badMintOptions() {
    return Stream.of(
        Arguments.of("--type ROOT", light("--sink", "SINK", "--type", "ROOT")),
        Arguments.of("--usd lots", light("--sink", "SINK", "--usd", "lots")),
        Arguments.of("--usd -1", light("--sink", "SINK", "--usd", "-1")),
        Arguments.of(
            "65-char description", light("--sink", "SINK", "--description", "x".repeat(65))),
        Arguments.of(
            "--expires-at 2026-13-45", light("--sink", "SINK", "--expires-at", "2026-13-45")),
        Arguments.of("--expires-at tomorrow", light("--sink", "SINK", "--expires-at", "tomorrow")),
        Arguments.of("--sink s3://", light("--sink", "s3://bucket/key")),
        Arguments.of("--sink stdout with --json", light("--sink", "stdout", "--json")),
        Arguments.of(
            "--keystore with --mnemonic-env", light("--sink", "SINK", "--mnemonic-env", "SEED")),
        Arguments.of(
            "plain http base URL",
            light("--sink", "SINK", "--base-url", "http://api.example.com/api/v1")),
        Arguments.of(
            "--password-file without --keystore",
            List.of("mint", "--usd", "5", "--password-file", "pw", "--sink", "SINK")),
        Arguments.of(
            "--keystore without a password",
            List.of("mint", "--usd", "5", "--keystore", TestKeys.LIGHT_KEYSTORE, "--sink", "SINK")),
        Arguments.of("unknown option", List.of("mint", "--usd", "5", "--bogus")));
  }

  private static List<String> light(String... more) {
    return List.of(mintLightArgs(more));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badMintOptions")
  void mint_badOptionValue_isAUsageErrorBeforeAnythingHappens(String what, List<String> args) {
    String sink = "file:" + dir.resolve("k");
    String[] a = args.stream().map(x -> x.equals("SINK") ? sink : x).toArray(String[]::new);

    assertThat(run(a)).as(String.join(" ", a) + "\n" + err).isEqualTo(2);
    assertOneLineError();
    assertThat(venice.mintCount()).isZero();
  }

  @Test
  void mint_walletProblems_exit3WithOneLine() throws Exception {
    Path wrong = dir.resolve("wrong-pw");
    Files.writeString(wrong, "hunter2-wrong\n");
    String sink = "file:" + dir.resolve("k");

    assertThat(
            run(
                "mint",
                "--usd",
                "5",
                "--keystore",
                TestKeys.LIGHT_KEYSTORE,
                "--password-file",
                wrong.toString(),
                "--sink",
                sink))
        .isEqualTo(3);
    assertOneLineError();
    assertThat(err).doesNotContain("hunter2-wrong");

    assertThat(
            run(
                "mint",
                "--usd",
                "5",
                "--keystore",
                dir.resolve("missing.json").toString(),
                "--password-file",
                wrong.toString(),
                "--sink",
                sink))
        .isEqualTo(3);
    assertOneLineError();

    assertThat(run("mint", "--usd", "5", "--sink", sink)).isEqualTo(3);
    assertThat(err).contains("WALLET_KEY");
    assertOneLineError();

    env.put("WALLET_KEY", "0x1234");
    assertThat(run("mint", "--usd", "5", "--sink", sink)).isEqualTo(3);
    assertThat(err).contains("WALLET_KEY").doesNotContain("0x1234");
    assertThat(venice.mintCount()).isZero();
  }

  @Test
  void mint_walletWithoutStake_exit4WithVenicesMessage() {
    venice.removeStaker(TestKeys.LIGHT_ADDRESS);

    assertThat(run(mintLight("--sink", "file:" + dir.resolve("k")))).isEqualTo(4);

    assertOneLineError();
    assertThat(err).contains("has no staked VVV on Base").contains("stake VVV");
  }

  @Test
  void mint_veniceUnreachable_exit6() throws Exception {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0)) {
      closedPort = s.getLocalPort();
    }
    env.put("VENICE_BASE_URL", "http://127.0.0.1:" + closedPort + "/api/v1");

    // connection refused is retried with real backoff (4 retries, jittered, ≤ 0.5+1+2+4 s)
    assertThat(run(mintLight("--sink", "file:" + dir.resolve("k")))).isEqualTo(6);

    assertOneLineError();
    assertThat(err).contains("--base-url");
  }

  @Test
  void mint_unwritableSink_exit7AndNothingMinted() {
    assertThat(run(mintLight("--sink", "file:/proc/venice-api-key"))).isEqualTo(7);

    assertOneLineError();
    assertThat(venice.mintCount()).isZero();
  }

  @Test
  void mint_stdoutSink_printsTheSecretOnlyBecauseItWasAskedFor() {
    int[] code = new int[1];
    String captured = LeakWatch.captureStdout(() -> code[0] = run(mintLight("--sink", "stdout")));
    assertThat(code[0]).as(err).isZero();
    assertThat(captured).isEqualTo(io.keymint.testing.Emulators.secrets(venice).get(0) + "\n");
    assertThat(err).doesNotContain(io.keymint.testing.Emulators.secrets(venice).get(0));
  }

  @Test
  void demo_mintsAgainstItsOwnEmulator() throws Exception {
    Path key = dir.resolve("demo/venice-api-key");

    int code = run("demo", "--out", key.toString());

    assertThat(code).as(err).isZero();
    assertThat(Files.readString(key, UTF_8)).startsWith("VENICE_INFERENCE_KEY_");
    LeakWatch.secret(Files.readString(key, UTF_8).strip());
    assertThat(err).contains("unlocked").contains("minted INFERENCE key").contains("done in");
  }

  static Stream<String> subcommands() {
    return Main.commandLine(new Context(new Env(k -> null), System.out, System.err))
        .getSubcommands()
        .keySet()
        .stream();
  }

  @Test
  void subcommands_areAllThere() {
    assertThat(subcommands()).contains("mint", "ensure", "keys", "emulator", "demo");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("subcommands")
  void everySubcommand_hasHelp(String command) {
    assertThat(run(command, "--help")).as(command).isZero();
    assertThat(out).as(command).contains("Usage: keymint " + command);
  }

  @Test
  void commandLine_forASubcommand_buildsOnlyThatOne() {
    Context ctx = new Context(new Env(k -> null), System.out, System.err);
    assertThat(
            Main.commandLine(ctx, new String[] {"mint", "--usd", "5", "--help"})
                .getSubcommands()
                .keySet())
        .containsExactly("mint");
    assertThat(Main.commandLine(ctx, new String[] {"-v", "mint"}).getSubcommands())
        .hasSameSizeAs(Main.commandLine(ctx).getSubcommands());
    assertThat(Main.commandLine(ctx, new String[] {"mnit"}).getSubcommands())
        .hasSameSizeAs(Main.commandLine(ctx).getSubcommands());
  }

  @Test
  void unknownCommand_isAUsageError() {
    assertThat(run("mnit")).isEqualTo(2);
  }

  @Test
  void help_listsTheExitCodes() {
    assertThat(run("--help")).isZero();
    assertThat(out).contains("Exit codes").contains("8  a key was minted but not stored");
  }
}
