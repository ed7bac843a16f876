package io.keymint.cli;

import io.keymint.wallet.AwsKms;
import io.keymint.wallet.KeystorePassword;
import io.keymint.wallet.WalletException;
import io.keymint.wallet.WalletSource;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.function.Supplier;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * Where the wallet comes from: a keystore, a mnemonic, a private key in the environment, a PKCS#11
 * token or an AWS KMS key.
 */
final class WalletOptions {
  static final String PASSWORD_ENV = "KEYMINT_KEYSTORE_PASSWORD";
  static final String PIN_ENV = "KEYMINT_PKCS11_PIN";

  @Spec(Spec.Target.MIXEE)
  CommandSpec spec;

  @Option(
      names = "--keystore",
      paramLabel = "FILE",
      description = "Web3 Secret Storage (v3) keystore file of the wallet.")
  Path keystore;

  @Option(
      names = "--password-file",
      paramLabel = "FILE",
      description = "File holding the keystore password (else env " + PASSWORD_ENV + ").")
  Path passwordFile;

  @Option(
      names = "--private-key-env",
      paramLabel = "NAME",
      defaultValue = WalletSource.DEFAULT_PRIVATE_KEY_ENV,
      description =
          "Environment variable holding a hex private key, used when no keystore or mnemonic is given (default: ${DEFAULT-VALUE}).")
  String privateKeyEnv;

  @Option(
      names = "--mnemonic-env",
      paramLabel = "NAME",
      description = "Environment variable holding a BIP-39 mnemonic (account m/44'/60'/0'/0/0).")
  String mnemonicEnv;

  @Option(
      names = "--pkcs11-module",
      paramLabel = "PATH",
      description =
          "PKCS#11 module of the token that holds the wallet key (e.g. /usr/lib/softhsm/libsofthsm2.so); the key never leaves the token.")
  Path pkcs11Module;

  @Option(
      names = "--pkcs11-token-label",
      paramLabel = "LABEL",
      description = "Label of the PKCS#11 token.")
  String pkcs11TokenLabel;

  @Option(
      names = "--pkcs11-key-label",
      paramLabel = "LABEL",
      description = "Label of the secp256k1 private key (and of the certificate beside it).")
  String pkcs11KeyLabel;

  @Option(
      names = "--pkcs11-pin-file",
      paramLabel = "FILE",
      description = "File holding the token's user PIN (else env " + PIN_ENV + ").")
  Path pkcs11PinFile;

  @Option(
      names = "--kms-key-id",
      paramLabel = "ID",
      description =
          "AWS KMS key (id, ARN or alias/NAME; ECC_SECG_P256K1, SIGN_VERIFY) that signs for the wallet; credentials from the AWS SDK's default chain.")
  String kmsKeyId;

  @Option(
      names = "--kms-region",
      paramLabel = "REGION",
      description =
          "AWS region of --kms-key-id (else the SDK's default chain: AWS_REGION, profile).")
  String kmsRegion;

  @Option(
      names = "--strict",
      description =
          "Refuse (exit 13) a keystore or password file that group or others can read, instead of warning.")
  boolean strict;

  /**
   * The wallet source, after checking the keystore and password files' permissions as ssh does:
   * readable by group or others is a warning on stderr, an error with {@code --strict}.
   */
  WalletSource source(Context ctx) {
    FilePermissions.check(keystore, "keystore", strict, ctx.err);
    FilePermissions.check(passwordFile, "password file", strict, ctx.err);
    FilePermissions.check(pkcs11PinFile, "PIN file", strict, ctx.err);
    return source(ctx.env);
  }

  /** The wallet source these options describe. Reads the environment now, unlocks later. */
  WalletSource source(Env env) {
    int kinds =
        (keystore != null ? 1 : 0)
            + (mnemonicEnv != null ? 1 : 0)
            + (pkcs11Module != null ? 1 : 0)
            + (kmsKeyId != null ? 1 : 0);
    if (kinds > 1) {
      throw new ParameterException(
          spec.commandLine(),
          "give one wallet: --keystore, --mnemonic-env, --pkcs11-module or --kms-key-id");
    }
    if (pkcs11Module != null) {
      return pkcs11(env);
    }
    if (pkcs11TokenLabel != null || pkcs11KeyLabel != null || pkcs11PinFile != null) {
      throw new ParameterException(
          spec.commandLine(),
          "--pkcs11-token-label, --pkcs11-key-label and --pkcs11-pin-file need"
              + " --pkcs11-module");
    }
    if (kmsKeyId != null) {
      return AwsKms.wallet(kmsKeyId, kmsRegion);
    }
    if (kmsRegion != null) {
      throw new ParameterException(spec.commandLine(), "--kms-region needs --kms-key-id");
    }
    if (keystore != null) {
      KeystorePassword password;
      if (passwordFile != null) {
        password = KeystorePassword.fromFile(passwordFile);
      } else if (env.get(PASSWORD_ENV) != null) {
        password = KeystorePassword.fromEnv(PASSWORD_ENV, env::get);
      } else {
        throw new ParameterException(
            spec.commandLine(),
            "--keystore needs its password: give --password-file FILE or set " + PASSWORD_ENV);
      }
      return WalletSource.keystore(keystore, password);
    }
    if (passwordFile != null) {
      throw new ParameterException(
          spec.commandLine(), "--password-file is only used with --keystore");
    }
    if (mnemonicEnv != null) {
      return WalletSource.mnemonicEnv(mnemonicEnv, env::get);
    }
    return WalletSource.privateKeyEnv(privateKeyEnv, env::get);
  }

  private WalletSource pkcs11(Env env) {
    if (pkcs11TokenLabel == null || pkcs11KeyLabel == null) {
      throw new ParameterException(
          spec.commandLine(),
          "--pkcs11-module needs --pkcs11-token-label LABEL and --pkcs11-key-label LABEL");
    }
    if (passwordFile != null) {
      throw new ParameterException(
          spec.commandLine(), "--password-file is only used with --keystore");
    }
    Supplier<char[]> pin;
    if (pkcs11PinFile != null) {
      Path file = pkcs11PinFile;
      pin = () -> readPin(file);
    } else if (env.get(PIN_ENV) != null) {
      pin = () -> env.get(PIN_ENV).toCharArray();
    } else {
      throw new ParameterException(
          spec.commandLine(),
          "--pkcs11-module needs the token's PIN: give --pkcs11-pin-file FILE or set " + PIN_ENV);
    }
    return WalletSource.pkcs11(pkcs11Module, pkcs11TokenLabel, pkcs11KeyLabel, pin);
  }

  /** The PIN file's text less one trailing newline; the byte copy is wiped. */
  static char[] readPin(Path file) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      throw new WalletException(
          "cannot read PIN file "
              + file
              + " ("
              + e.getClass().getSimpleName()
              + "): check"
              + " --pkcs11-pin-file");
    }
    try {
      int end = bytes.length;
      if (end > 0 && bytes[end - 1] == '\n') {
        end--;
        if (end > 0 && bytes[end - 1] == '\r') {
          end--;
        }
      }
      CharBuffer chars = StandardCharsets.UTF_8.decode(ByteBuffer.wrap(bytes, 0, end));
      char[] out = new char[chars.remaining()];
      chars.get(out);
      Arrays.fill(chars.array(), '\0');
      return out;
    } finally {
      Arrays.fill(bytes, (byte) 0);
    }
  }
}
