package io.keymint.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.keymint.bootstrap.BootstrapResult.Outcome;
import io.keymint.escrow.EscrowException;
import io.keymint.escrow.RecipientEscrow;
import io.keymint.escrow.RecoveryEscrow;
import io.keymint.sink.SecretSink;
import io.keymint.sink.SinkException;
import io.keymint.testing.LeakWatch;
import io.keymint.testing.OnEmulator;
import io.keymint.testing.RandomisedWallet;
import io.keymint.testing.SystemBinaries;
import io.keymint.testing.TestKeys;
import io.keymint.venice.ApiKey;
import io.keymint.wallet.WalletSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Escrow for randomised signers: refused before anything is minted when no recipient key was given;
 * sealed to the operator's X25519 key (made by openssl, as README says) when one was; opened with
 * the private half alone.
 */
class RecipientEscrowTest extends OnEmulator {
  @TempDir Path dir;

  @BeforeEach
  void start() {
    startVenice(TestKeys.VECTOR_ADDRESS);
  }

  private static WalletSource randomised() {
    return RandomisedWallet.source(TestKeys.VECTOR_PRIVATE_KEY);
  }

  /** openssl genpkey -algorithm X25519; openssl pkey -pubout: README's commands. */
  private Path[] operatorKey(String name) throws Exception {
    Path openssl = SystemBinaries.require("openssl", "openssl");
    Path priv = dir.resolve(name + ".pem");
    Path pub = dir.resolve(name + ".pub.pem");
    exec(openssl.toString(), "genpkey", "-algorithm", "X25519", "-out", priv.toString());
    exec(openssl.toString(), "pkey", "-in", priv.toString(), "-pubout", "-out", pub.toString());
    return new Path[] {priv, pub};
  }

  private static void exec(String... cmd) throws Exception {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
  }

  private static SecretSink failing() {
    return new SecretSink() {
      @Override
      public void preflight() {}

      @Override
      public void write(ApiKey key) {
        throw new SinkException("secret store: down");
      }

      @Override
      public String description() {
        return "failing store";
      }
    };
  }

  @Test
  void randomisedSigner_withoutRecipient_isRefusedBeforeAnythingIsMinted() {
    KeyBootstrap b =
        KeyBootstrap.builder()
            .spec(io.keymint.venice.KeySpec.builder().usdLimit(java.math.BigDecimal.TEN).build())
            .client(client)
            .wallet(randomised())
            .sink(SecretSink.file(dir.resolve("key")))
            .build();

    EscrowException e = assertThrows(EscrowException.class, b::ensure);
    assertThat(e.kind()).isEqualTo(EscrowException.Kind.NO_ESCROW);
    assertThat(e.getMessage())
        .contains("no way to seal a key for a randomised signer")
        .contains("KeyBootstrap.Builder.escrowRecipient")
        .contains("nothing was minted")
        .doesNotContain("\n");
    assertThat(venice.mintCount()).isZero();
    assertThat(assertThrows(EscrowException.class, b::rotate).kind())
        .isEqualTo(EscrowException.Kind.NO_ESCROW);
    assertThat(venice.mintCount()).isZero();
  }

  @Test
  void randomisedSigner_allowedWithoutEscrow_mints() throws Exception {
    Path key = dir.resolve("key");
    BootstrapResult r =
        KeyBootstrap.builder()
            .spec(io.keymint.venice.KeySpec.builder().usdLimit(java.math.BigDecimal.TEN).build())
            .client(client)
            .wallet(randomised())
            .sink(SecretSink.file(key))
            .requireEscrow(false)
            .build()
            .ensure();
    assertThat(r.outcome()).isEqualTo(Outcome.MINTED);
    assertThat(venice.mintCount()).isEqualTo(1);
    LeakWatch.secret(Files.readString(key).strip());
  }

  @Test
  void deterministicWallet_withoutRecipient_isNotRefused() {
    BootstrapResult r =
        KeyBootstrap.builder()
            .spec(io.keymint.venice.KeySpec.builder().usdLimit(java.math.BigDecimal.TEN).build())
            .client(client)
            .wallet(WalletSource.privateKey(TestKeys.VECTOR_PRIVATE_KEY.toCharArray()))
            .sink(SecretSink.file(dir.resolve("key")))
            .build()
            .ensure();
    assertThat(r.outcome()).isEqualTo(Outcome.MINTED);
  }

  @Test
  void randomisedSigner_sinksFail_sealedToTheRecipient_openedWithItsPrivateKeyAlone()
      throws Exception {
    Path[] op = operatorKey("operator");
    PublicKey recipient = RecipientEscrow.readPublicKey(op[1]);
    Path recovery = Files.createDirectory(dir.resolve("recovery"));
    KeyBootstrap b =
        KeyBootstrap.builder()
            .spec(io.keymint.venice.KeySpec.builder().usdLimit(java.math.BigDecimal.TEN).build())
            .client(client)
            .wallet(randomised())
            .sink(failing())
            .recoveryDir(recovery)
            .escrowRecipient(recipient)
            .build();

    // rotate, since ensure needs a readable sink: the same mint-then-escrow path
    EscrowException e = assertThrows(EscrowException.class, b::rotate);
    assertThat(e.kind()).isEqualTo(EscrowException.Kind.ESCROWED);
    String secret = io.keymint.testing.Emulators.secrets(venice).get(0);
    LeakWatch.secret(secret);
    LeakWatch.record(e.getMessage());
    assertThat(e.getMessage())
        .doesNotContain(secret)
        .contains("using the recipient's private key")
        .contains("sha256:");
    Path file = e.recoveryFile();
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
    String sealed = Files.readString(file);
    assertThat(sealed).contains(RecipientEscrow.FORMAT).doesNotContain(secret);
    assertThat(RecipientEscrow.isRecipientFile(file)).isTrue();

    Path target = dir.resolve("restored");
    BootstrapResult r =
        KeyBootstrap.builder()
            .spec(io.keymint.venice.KeySpec.builder().usdLimit(java.math.BigDecimal.TEN).build())
            .client(client)
            .wallet(WalletSource.privateKeyEnv("UNSET_NEVER_READ", n -> null)) // not unlocked
            .sink(SecretSink.file(target))
            .build()
            .recover(file, RecipientEscrow.readPrivateKey(op[0]));
    assertThat(r.outcome()).isEqualTo(Outcome.RECOVERED);
    assertThat(Files.readString(target)).isEqualTo(secret + "\n");
    assertThat(r.key().orElseThrow().id()).isEqualTo(e.key().id());
    assertThat(venice.mintCount()).isEqualTo(1);
  }

  @Test
  void recipientFile_refusesAnotherOperatorKey_andAnAlteredFile() throws Exception {
    Path[] op = operatorKey("operator");
    Path[] other = operatorKey("other");
    ApiKey key =
        ApiKey.builder()
            .id("k-1")
            .type(io.keymint.venice.ApiKeyType.INFERENCE)
            .secret(io.keymint.ApiKeySecret.of("vk_recipient_escrow_test_secret_0123456789"))
            .walletAddress(TestKeys.VECTOR_ADDRESS)
            .build();
    LeakWatch.secret("vk_recipient_escrow_test_secret_0123456789");
    Path file =
        RecipientEscrow.seal(
            RecipientEscrow.readPublicKey(op[1]), TestKeys.VECTOR_ADDRESS, key, dir);

    PrivateKey wrong = RecipientEscrow.readPrivateKey(other[0]);
    assertThatThrownBy(() -> RecipientEscrow.open(wrong, file))
        .isInstanceOf(EscrowException.class)
        .hasMessageContaining("was sealed to recipient key sha256:");

    Files.writeString(file, Files.readString(file).replace("\"k-1\"", "\"k-2\""));
    PrivateKey right = RecipientEscrow.readPrivateKey(op[0]);
    assertThatThrownBy(() -> RecipientEscrow.open(right, file))
        .isInstanceOf(EscrowException.class)
        .hasMessageContaining("altered");
  }

  @Test
  void notAnX25519Key_isAUsageErrorNamingTheSetting() throws Exception {
    Path bad = Files.writeString(dir.resolve("bad.pem"), "not a key");
    assertThatThrownBy(() -> RecipientEscrow.readPublicKey(bad))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("KeyBootstrap.Builder.escrowRecipient");
  }

  @Test
  void plainMint_randomisedSigner_escrowHandlerRefusesBeforeMinting() {
    io.keymint.mint.Web3KeyMinter minter =
        io.keymint.mint.Web3KeyMinter.builder()
            .client(client)
            .wallet(randomised())
            .sink(SecretSink.file(dir.resolve("key")))
            .onUnstoredKey(RecoveryEscrow.handler(null, java.util.List.of()))
            .build();

    EscrowException e =
        assertThrows(
            EscrowException.class,
            () ->
                minter.mint(
                    io.keymint.venice.KeySpec.builder()
                        .usdLimit(java.math.BigDecimal.TEN)
                        .build()));
    assertThat(e.kind()).isEqualTo(EscrowException.Kind.NO_ESCROW);
    assertThat(venice.mintCount()).isZero();
  }

  @Test
  void noFolderTakesTheFile_recipientSealedTextIsCarried_andOpensWithTheKeyAlone()
      throws Exception {
    Path[] op = operatorKey("operator");
    KeyBootstrap b =
        KeyBootstrap.builder()
            .spec(io.keymint.venice.KeySpec.builder().usdLimit(java.math.BigDecimal.TEN).build())
            .client(client)
            .wallet(randomised())
            .sink(failing())
            .recoveryDir(dir.resolve("no-such-folder"))
            .escrowRecipient(RecipientEscrow.readPublicKey(op[1]))
            .build();

    EscrowException e = assertThrows(EscrowException.class, b::rotate);
    assertThat(e.kind()).isEqualTo(EscrowException.Kind.ESCROWED);
    String secret = io.keymint.testing.Emulators.secrets(venice).get(0);
    LeakWatch.secret(secret);
    LeakWatch.record(e.getMessage());
    assertThat(e.recoveryFile()).isNull();
    assertThat(e.getMessage())
        .contains(
            "call KeyBootstrap.recoverSealed on SAVED-TEXT using the recipient's private key");
    String printed =
        "some log line\n"
            + RecoveryEscrow.BEGIN
            + "\n"
            + e.sealed()
            + "\n"
            + RecoveryEscrow.END
            + "\nanother line\n";
    assertThat(printed).doesNotContain(secret);
    assertThat(RecipientEscrow.isRecipientText(printed)).isTrue();

    Path target = dir.resolve("restored");
    BootstrapResult r =
        KeyBootstrap.builder()
            .spec(io.keymint.venice.KeySpec.builder().usdLimit(java.math.BigDecimal.TEN).build())
            .client(client)
            .wallet(WalletSource.privateKeyEnv("UNSET_NEVER_READ", n -> null))
            .sink(SecretSink.file(target))
            .build()
            .recoverSealed(printed, RecipientEscrow.readPrivateKey(op[0]));
    assertThat(Files.readString(target)).isEqualTo(secret + "\n");
    assertThat(r.outcome()).isEqualTo(Outcome.RECOVERED);
  }
}
