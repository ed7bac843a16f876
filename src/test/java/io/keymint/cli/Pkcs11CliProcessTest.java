package io.keymint.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.keymint.ApiKeySecret;
import io.keymint.emulator.VeniceEmulator;
import io.keymint.escrow.RecipientEscrow;
import io.keymint.internal.Json;
import io.keymint.testing.Emulators;
import io.keymint.testing.JavaProcess;
import io.keymint.testing.LeakWatch;
import io.keymint.testing.SoftHsm;
import io.keymint.venice.ApiKeyType;
import io.keymint.venice.IssuedKey;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code keymint} with its wallet key in a real SoftHSM2 token, as child JVMs with their own
 * SOFTHSM2_CONF: the key is generated in the token, the emulator recovers the token's address from
 * the mint's signature, and ensure refuses (exit 24) before minting without an escrow recipient.
 */
class Pkcs11CliProcessTest {
  static final String TOKEN = "agent-hsm";
  @TempDir static Path hsmDir;
  private static SoftHsm hsm;
  private static String address;
  private static Path pinFile;

  @TempDir Path dir;
  private VeniceEmulator venice;

  @BeforeAll
  static void token() throws Exception {
    hsm = SoftHsm.create(hsmDir);
    hsm.initToken(TOKEN);
    hsm.generateKey(TOKEN, "agent", "01").writeCertificate(TOKEN, "agent", "01", "agent");
    address = SoftHsm.address(hsm.publicKey(TOKEN, "agent"));
    pinFile = Files.writeString(hsmDir.resolve("pin"), SoftHsm.PIN + "\n");
    Files.setPosixFilePermissions(
        pinFile, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
  }

  @BeforeEach
  void start() {
    venice = Emulators.start(address);
  }

  @AfterEach
  void stop() {
    Emulators.stop(venice);
  }

  private JavaProcess.Result keymint(
      boolean exportWrapper, Map<String, String> extraEnv, String... args) {
    Map<String, String> env = new HashMap<>(hsm.env());
    env.put("VENICE_BASE_URL", venice.baseUrl().toString());
    env.putAll(extraEnv);
    List<String> jvm = new ArrayList<>(List.of("-Xmx256m"));
    if (exportWrapper) {
      jvm.addAll(
          List.of("--add-exports", "jdk.crypto.cryptoki/sun.security.pkcs11.wrapper=ALL-UNNAMED"));
    }
    return JavaProcess.finish(
        JavaProcess.start(Path.of("").toAbsolutePath(), env, jvm, Main.class.getName(), args));
  }

  private List<String> wallet() {
    return List.of(
        "--pkcs11-module",
        hsm.module().toString(),
        "--pkcs11-token-label",
        TOKEN,
        "--pkcs11-key-label",
        "agent",
        "--pkcs11-pin-file",
        pinFile.toString());
  }

  private String[] args(String command, List<String> more) {
    List<String> a = new ArrayList<>();
    a.add(command);
    a.addAll(wallet());
    a.addAll(more);
    if (command.equals("mint") || command.equals("ensure")) {
      a.addAll(List.of("--usd", "5")); // keys are capped by default
    }
    return a.toArray(new String[0]);
  }

  @Test
  void mint_keyInTheToken_emulatorRecoversTheTokenAddress() throws Exception {
    Path key = dir.resolve("venice-api-key");

    JavaProcess.Result refused =
        keymint(true, Map.of(), args("mint", List.of("--sink", "file:" + key)));
    assertThat(refused.exitCode).as(refused.toString()).isEqualTo(24);
    assertThat(venice.mintCount()).isZero();

    Path pub = operatorKey()[1];
    JavaProcess.Result r =
        keymint(
            true,
            Map.of(),
            args(
                "mint",
                List.of("--sink", "file:" + key, "--json", "--escrow-recipient", pub.toString())));

    assertThat(r.exitCode).as(r.toString()).isZero();
    String secret = io.keymint.testing.Emulators.secrets(venice).get(0);
    LeakWatch.secret(secret);
    assertThat(Files.readString(key, UTF_8)).isEqualTo(secret + "\n");
    JsonNode summary = Json.parse(r.stdout.getBytes(UTF_8));
    assertThat(summary.get("walletAddress").asText()).isEqualToIgnoringCase(address);
    assertThat(r.stdout + r.stderr).doesNotContain(secret).doesNotContain(SoftHsm.PIN + "\n");
  }

  @Test
  void ensure_withoutEscrowRecipient_exits24BeforeMinting_withOneItMints() throws Exception {
    Path key = dir.resolve("venice-api-key");

    JavaProcess.Result refused =
        keymint(true, Map.of(), args("ensure", List.of("--sink", "file:" + key)));

    assertThat(refused.exitCode).as(refused.toString()).isEqualTo(24);
    assertThat(refused.stderr.strip())
        .startsWith("keymint: no way to seal a key for a randomised signer")
        .contains("--escrow-recipient")
        .doesNotContain("\n")
        .doesNotContain("Exception");
    assertThat(venice.mintCount()).isZero();
    assertThat(Files.exists(key)).isFalse();

    Path pub = operatorKey()[1];
    JavaProcess.Result ok =
        keymint(
            true,
            Map.of(),
            args("ensure", List.of("--sink", "file:" + key, "--escrow-recipient", pub.toString())));
    assertThat(ok.exitCode).as(ok.toString()).isZero();
    assertThat(venice.mintCount()).isEqualTo(1);
    LeakWatch.secret(io.keymint.testing.Emulators.secrets(venice).get(0));
  }

  @Test
  void recover_withTheRecipientKey_needsNoWallet() throws Exception {
    Path[] op = operatorKey();
    String secret = "vk_cli_recipient_recover_secret_0123456789";
    LeakWatch.secret(secret);
    IssuedKey key =
        IssuedKey.builder()
            .id("key-7")
            .type(ApiKeyType.INFERENCE)
            .secret(ApiKeySecret.of(secret))
            .walletAddress(address)
            .build();
    Path sealed = RecipientEscrow.seal(RecipientEscrow.readPublicKey(op[1]), address, key, dir);
    Path target = dir.resolve("restored");

    JavaProcess.Result noKey =
        keymint(true, Map.of(), "recover", "--file", sealed.toString(), "--sink", "file:" + target);
    assertThat(noKey.exitCode).as(noKey.toString()).isEqualTo(2);
    assertThat(noKey.stderr).contains("--recipient-key");

    JavaProcess.Result r =
        keymint(
            true,
            Map.of(),
            "recover",
            "--file",
            sealed.toString(),
            "--recipient-key",
            op[0].toString(),
            "--sink",
            "file:" + target);
    assertThat(r.exitCode).as(r.toString()).isZero();
    assertThat(Files.readString(target, UTF_8)).isEqualTo(secret + "\n");
  }

  @Test
  void wrongPinFromTheEnvironment_exits3() {
    List<String> a =
        new ArrayList<>(
            List.of(
                "mint",
                "--usd",
                "5",
                "--pkcs11-module",
                hsm.module().toString(),
                "--pkcs11-token-label",
                TOKEN,
                "--pkcs11-key-label",
                "agent",
                "--sink",
                "file:" + dir.resolve("k")));
    JavaProcess.Result r =
        keymint(true, Map.of("KEYMINT_PKCS11_PIN", "000000"), a.toArray(new String[0]));

    assertThat(r.exitCode).as(r.toString()).isEqualTo(3);
    assertThat(r.stderr)
        .contains("refused the PIN")
        .doesNotContain("000000")
        .doesNotContain("\tat ");
    assertThat(venice.mintCount()).isZero();
  }

  @Test
  void withoutTheWrapperExport_exits3NamingTheJvmFlag() {
    JavaProcess.Result r =
        keymint(false, Map.of(), args("mint", List.of("--sink", "file:" + dir.resolve("k"))));

    assertThat(r.exitCode).as(r.toString()).isEqualTo(3);
    assertThat(r.stderr)
        .contains("--add-exports jdk.crypto.cryptoki/sun.security.pkcs11.wrapper=ALL-UNNAMED")
        .doesNotContain("\tat ");
  }

  @Test
  void pkcs11AndKeystoreTogether_isAUsageError() {
    JavaProcess.Result r =
        keymint(true, Map.of(), args("mint", List.of("--keystore", "x.json", "--sink", "stdout")));
    assertThat(r.exitCode).as(r.toString()).isEqualTo(2);
    assertThat(r.stderr).contains("give one wallet");
  }

  private Path[] operatorKey() throws Exception {
    Path priv = dir.resolve("operator.pem");
    Path pub = dir.resolve("operator.pub.pem");
    exec("openssl", "genpkey", "-algorithm", "X25519", "-out", priv.toString());
    exec("openssl", "pkey", "-in", priv.toString(), "-pubout", "-out", pub.toString());
    return new Path[] {priv, pub};
  }

  private static void exec(String... cmd) throws Exception {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), UTF_8);
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
  }
}
