package io.keymint.cli;

import io.keymint.bootstrap.BootstrapResult;
import io.keymint.bootstrap.KeyBootstrap;
import io.keymint.store.KeyStore;
import io.keymint.venice.VeniceClient;
import io.keymint.wallet.WalletSource;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * What ensure and rotate share: the options of a run that may mint (connection, wallet, key, sinks,
 * bootstrap, store), the bootstrap they build and the summary; each adds its own options and step.
 */
abstract class LifecycleCommand implements Callable<Integer> {
  final Context ctx;

  @Spec CommandSpec spec;
  @Mixin ConnectionOptions connection;
  @Mixin WalletOptions wallet;
  @Mixin KeyOptions key;
  @Mixin SinkOptions sinks;
  @Mixin BootstrapOptions options;
  @Mixin StoreOptions store;

  LifecycleCommand(Context ctx) {
    this.ctx = ctx;
  }

  /** This command's settings on top of the shared ones (spec, admin key). */
  abstract KeyBootstrap.Builder configure(KeyBootstrap.Builder b);

  /** This command's step: ensure or rotate. */
  abstract BootstrapResult step(KeyBootstrap bootstrap);

  @Override
  public final Integer call() {
    var keySpec = key.spec();
    WalletSource source = wallet.source(ctx);
    try (VeniceClient client = connection.client(ctx.env, false);
        KeyStore shared = store.open(ctx, source)) {
      KeyBootstrap.Builder b =
          BootstrapCommands.builder(ctx, client, source, sinks, spec, options, store, shared)
              .spec(keySpec)
              .adminKey(BootstrapCommands.adminKey(ctx));
      BootstrapResult r = step(configure(b).build());
      BootstrapCommands.print(ctx, r, options.output.json);
      return ExitCode.OK.code;
    }
  }
}
