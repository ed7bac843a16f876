package io.keymint.cli;

import io.keymint.bootstrap.BootstrapResult;
import io.keymint.bootstrap.RecipientEscrow;
import io.keymint.venice.VeniceClient;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
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

  @Option(
      names = "--file",
      paramLabel = "FILE",
      required = true,
      description = "The recovery file (venice-keymint-recovery-ID.json).")
  Path file;

  @Option(
      names = "--recipient-key",
      paramLabel = "FILE",
      description =
          "The operator's X25519 private key (PEM) for a file sealed with --escrow-recipient; the wallet is then not needed.")
  Path recipientKey;

  RecoverCommand(Context ctx) {
    this.ctx = ctx;
  }

  @Override
  public Integer call() {
    try (VeniceClient client = connection.client(ctx.env, null)) {
      if (recipientKey == null && RecipientEscrow.isRecipientFile(file)) {
        throw new IllegalArgumentException(
            file + " is sealed to a recipient key: give --recipient-key PRIVATE-KEY.pem");
      }
      BootstrapResult r =
          recipientKey == null
              ? BootstrapCommands.builder(ctx, client, wallet, sinks, spec, options)
                  .build()
                  .recover(file)
              : BootstrapCommands.builder(ctx, client, wallet, sinks, spec, options)
                  .build()
                  .recover(file, RecipientEscrow.readPrivateKey(recipientKey));
      BootstrapCommands.print(ctx, r, options.json);
      return ExitCode.OK.code;
    }
  }
}
