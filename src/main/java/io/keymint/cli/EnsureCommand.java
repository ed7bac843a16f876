package io.keymint.cli;

import io.keymint.bootstrap.BootstrapResult;
import io.keymint.store.KeyStore;
import io.keymint.venice.VeniceClient;
import io.keymint.wallet.WalletSource;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
    name = "ensure",
    mixinStandardHelpOptions = true,
    description = {
      "Make sure the sink holds a key Venice accepts: keep the stored key while it is valid, mint only when",
      "there is none, it expires within --margin, or Venice refuses it. Safe to run at every start and from",
      "several processes at once (a lock beside the first file sink: at most one key is minted). With",
      "--store, a fleet shares one key: the store's lease lets one replica mint, the others reuse it."
    })
final class EnsureCommand implements Callable<Integer> {
  private final Context ctx;

  @Spec CommandSpec spec;
  @Mixin ConnectionOptions connection;
  @Mixin WalletOptions wallet;
  @Mixin KeyOptions key;
  @Mixin SinkOptions sinks;
  @Mixin BootstrapOptions options;
  @Mixin StoreOptions store;

  @Option(
      names = "--margin",
      paramLabel = "DURATION",
      defaultValue = "10m",
      converter = BootstrapOptions.DurationConverter.class,
      description =
          "Replace a stored key that expires within this margin (default ${DEFAULT-VALUE}).")
  Duration margin;

  @Option(
      names = "--replace-refused",
      description =
          "Mint a new key when Venice refuses the stored one for now (402/403, e.g. a spent cap). Off by default: the new key would lift the cap.")
  boolean replaceRefused;

  @Option(
      names = "--replace-on-drift",
      description =
          "Replace the stored key, as rotate does, when its caps, period or expiry differ from this run's options. Off by default: the difference is reported and the key kept.")
  boolean replaceOnDrift;

  EnsureCommand(Context ctx) {
    this.ctx = ctx;
  }

  @Override
  public Integer call() {
    var keySpec = key.spec();
    WalletSource source = wallet.source(ctx);
    try (VeniceClient client = connection.client(ctx.env, null);
        KeyStore shared = store.open(ctx, source)) {
      BootstrapResult r =
          BootstrapCommands.builder(ctx, client, source, sinks, spec, options, store, shared)
              .spec(keySpec)
              .margin(margin)
              .replaceRefusedKeys(replaceRefused)
              .replaceOnDrift(replaceOnDrift)
              .verify(!key.noVerify)
              .adminKey(BootstrapCommands.adminKey(ctx))
              .build()
              .ensure();
      BootstrapCommands.print(ctx, r, options.json);
      return ExitCode.OK.code;
    }
  }
}
