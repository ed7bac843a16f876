package io.keymint.cli;

import io.keymint.bootstrap.BootstrapResult;
import io.keymint.escrow.RecipientEscrow;
import io.keymint.store.KeyStore;
import io.keymint.venice.VeniceClient;
import io.keymint.wallet.WalletSource;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(
    name = "recover",
    mixinStandardHelpOptions = true,
    description = {
      "Restore a key that was minted but could not be stored: open the recovery file with the wallet that",
      "minted it (no other wallet can) and write the key to the sinks. The recovery file is kept; delete it",
      "once the agent runs with the restored key."
    })
final class RecoverCommand implements Callable<Integer> {
  private final Context ctx;

  @Spec CommandSpec spec;
  @Mixin ConnectionOptions connection;
  @Mixin WalletOptions wallet;
  @Mixin SinkOptions sinks;
  @Mixin BootstrapOptions options;
  @Mixin StoreOptions store;

  @Option(
      names = "--file",
      paramLabel = "FILE",
      description =
          "The recovery file (venice-keymint-recovery-ID.json); - reads the sealed key from stdin.")
  Path file;

  @Option(
      names = "--recipient-key",
      paramLabel = "FILE",
      description =
          "The operator's X25519 private key (PEM) for a key sealed with --escrow-recipient; the wallet is then not needed.")
  Path recipientKey;

  @Option(
      names = "--stdin",
      description =
          "Read the sealed key from stdin: the text keymint printed when no recovery file could be written (the lines around it may come too).")
  boolean stdin;

  @picocli.CommandLine.Parameters(
      arity = "0..1",
      paramLabel = "FILE",
      description = "The recovery file, as --file; - for stdin.")
  String positional;

  /** A sealed key is a few hundred bytes; stdin is read up to this. */
  static final int MAX_SEALED = 1 << 20;

  RecoverCommand(Context ctx) {
    this.ctx = ctx;
  }

  @Override
  public Integer call() {
    String from = positional;
    if (file != null) {
      if (from != null) {
        throw new ParameterException(spec.commandLine(), "give the recovery file once");
      }
      from = file.toString();
    }
    if (stdin) {
      if (from != null && !from.equals("-")) {
        throw new ParameterException(spec.commandLine(), "--stdin and a recovery file: drop one");
      }
      from = "-";
    }
    if (from == null) {
      throw new ParameterException(
          spec.commandLine(),
          "no recovery file: give --file venice-keymint-recovery-ID.json, or - to read the sealed key"
              + " from stdin");
    }
    String sealed = from.equals("-") ? readStdin() : null;
    WalletSource source = wallet.source(ctx);
    try (VeniceClient client = connection.client(ctx.env, false);
        KeyStore shared = store.open(ctx, source)) {
      var bootstrap =
          BootstrapCommands.builder(ctx, client, source, sinks, spec, options, store, shared)
              .build();
      String text = sealed != null ? sealed : null;
      if (recipientKey == null
          && (sealed != null
              ? RecipientEscrow.isRecipientText(sealed)
              : RecipientEscrow.isRecipientFile(Path.of(from)))) {
        throw new IllegalArgumentException(
            "the key is sealed to a recipient key: give --recipient-key PRIVATE-KEY.pem");
      }
      BootstrapResult r;
      if (recipientKey != null) {
        java.security.PrivateKey k = RecipientEscrow.readPrivateKey(recipientKey);
        r = text != null ? bootstrap.recoverSealed(text, k) : bootstrap.recover(Path.of(from), k);
      } else {
        r = sealed != null ? bootstrap.recoverSealed(sealed) : bootstrap.recover(Path.of(from));
      }
      BootstrapCommands.print(ctx, r, options.output.json);
      return ExitCode.OK.code;
    }
  }

  private String readStdin() {
    byte[] text;
    try {
      text = ctx.in.readNBytes(MAX_SEALED + 1);
    } catch (IOException e) {
      throw new ParameterException(spec.commandLine(), "cannot read stdin: " + e.getMessage());
    }
    if (text.length > MAX_SEALED) {
      throw new ParameterException(
          spec.commandLine(),
          "stdin holds more than 1 MiB: a sealed key is a few hundred bytes; pass only its text");
    }
    if (text.length == 0) {
      throw new ParameterException(
          spec.commandLine(), "stdin is empty: pipe in the sealed key keymint printed");
    }
    return new String(text, StandardCharsets.UTF_8);
  }
}
