package io.keymint.cli;

import io.keymint.bootstrap.BootstrapResult;
import io.keymint.store.KeyStore;
import io.keymint.venice.VeniceClient;
import io.keymint.wallet.WalletSource;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
    name = "rotate",
    mixinStandardHelpOptions = true,
    description = {
      "Mint a new key, write it to every sink, check that Venice accepts it, then revoke the key the first",
      "file sink held before with the ADMIN key in env VENICE_ADMIN_KEY; without one, print the old key's",
      "id to revoke. The old key is never revoked before the new one is stored. With --store, the new key",
      "is written by compare-and-set and the old one revoked only after --grace, so watching replicas switch."
    })
final class RotateCommand implements Callable<Integer> {
  static final String ADMIN_KEY_ENV = "VENICE_ADMIN_KEY";
  private final Context ctx;

  @Spec CommandSpec spec;
  @Mixin ConnectionOptions connection;
  @Mixin WalletOptions wallet;
  @Mixin KeyOptions key;
  @Mixin SinkOptions sinks;
  @Mixin BootstrapOptions options;
  @Mixin StoreOptions store;

  @Option(
      names = "--grace",
      paramLabel = "DURATION",
      defaultValue = "2m",
      converter = BootstrapOptions.DurationConverter.class,
      description =
          "With --store: wait this long after storing the new key before revoking the old one, so replicas watching the store switch (default ${DEFAULT-VALUE}).")
  java.time.Duration grace;

  RotateCommand(Context ctx) {
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
              .adminKey(BootstrapCommands.adminKey(ctx))
              .grace(grace)
              .build()
              .rotate();
      BootstrapCommands.print(ctx, r, options.json);
      return ExitCode.OK.code;
    }
  }
}
