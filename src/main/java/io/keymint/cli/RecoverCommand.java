package io.keymint.cli;

import io.keymint.bootstrap.BootstrapResult;
import io.keymint.store.KeyStore;
import io.keymint.venice.VeniceClient;
import io.keymint.wallet.WalletSource;
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
  @Mixin StoreOptions store;

  @Option(
      names = "--file",
      paramLabel = "FILE",
      required = true,
      description = "The recovery file (venice-keymint-recovery-ID.json).")
  Path file;

  RecoverCommand(Context ctx) {
    this.ctx = ctx;
  }

  @Override
  public Integer call() {
    WalletSource source = wallet.source(ctx);
    try (VeniceClient client = connection.client(ctx.env, null);
        KeyStore shared = store.open(ctx, source)) {
      BootstrapResult r =
          BootstrapCommands.builder(ctx, client, source, sinks, spec, options, store, shared)
              .build()
              .recover(file);
      BootstrapCommands.print(ctx, r, options.json);
      return ExitCode.OK.code;
    }
  }
}
