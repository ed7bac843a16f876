package io.keymint.cli;

import io.keymint.wallet.KeystorePassword;
import io.keymint.wallet.LooseFiles;
import io.keymint.wallet.WalletSource;
import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** Where the wallet comes from: a keystore, a mnemonic, or a private key in the environment. */
final class WalletOptions {
  static final String PASSWORD_ENV = "KEYMINT_KEYSTORE_PASSWORD";

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
      names = "--strict",
      description =
          "Refuse (exit 13) a keystore or password file that group or others can read, instead of warning.")
  boolean strict;

  /**
   * The wallet source, after checking the keystore and password files' permissions as ssh does:
   * readable by group or others is a warning on stderr, an error with {@code --strict}.
   */
  WalletSource source(Context ctx) {
    LooseFiles loose =
        strict ? LooseFiles.REFUSE : (file, m) -> ctx.err.println("keymint: warning: " + m);
    return source(ctx.env, loose);
  }

  /** Whether a wallet was named: a keystore, a mnemonic variable, or a set private-key variable. */
  boolean given(Env env) {
    String key = env.get(privateKeyEnv);
    return keystore != null || mnemonicEnv != null || (key != null && !key.isBlank());
  }

  /** The wallet source these options describe. Reads the environment now, unlocks later. */
  WalletSource source(Env env, LooseFiles loose) {
    if (keystore != null && mnemonicEnv != null) {
      throw new ParameterException(
          spec.commandLine(), "give either --keystore or --mnemonic-env, not both");
    }
    if (keystore != null) {
      KeystorePassword password;
      if (passwordFile != null) {
        password = KeystorePassword.fromFile(passwordFile, loose);
      } else if (env.get(PASSWORD_ENV) != null) {
        password = KeystorePassword.fromEnv(PASSWORD_ENV, env::get);
      } else {
        throw new ParameterException(
            spec.commandLine(),
            "--keystore needs its password: give --password-file FILE or set " + PASSWORD_ENV);
      }
      return WalletSource.keystore(keystore, password, loose);
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
}
