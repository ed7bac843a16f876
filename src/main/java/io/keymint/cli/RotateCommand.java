package io.keymint.cli;

import io.keymint.bootstrap.BootstrapResult;
import io.keymint.venice.VeniceClient;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(
    name = "rotate",
    mixinStandardHelpOptions = true,
    description = {
      "Mint a new key, write it to every sink, check that Venice accepts it, then revoke the key the first",
      "file sink held before with the ADMIN key in env VENICE_ADMIN_KEY; without one, print the old key's",
      "id to revoke. The old key is never revoked before the new one is stored."
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

  RotateCommand(Context ctx) {
    this.ctx = ctx;
  }

  @Override
  public Integer call() {
    var keySpec = key.spec();
    try (VeniceClient client = connection.client(ctx.env, null)) {
      BootstrapResult r =
          BootstrapCommands.builder(ctx, client, wallet, sinks, spec, options)
              .spec(keySpec)
              .adminKey(BootstrapCommands.adminKey(ctx))
              .build()
              .rotate();
      BootstrapCommands.print(ctx, r, options.json);
      return ExitCode.OK.code;
    }
  }
}
