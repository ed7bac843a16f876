package io.keymint.cli;

import io.keymint.mint.KeyNotVerifiedException;
import io.keymint.mint.MintResult;
import io.keymint.mint.Web3KeyMinter;
import io.keymint.sink.SecretSink;
import io.keymint.venice.KeySpec;
import io.keymint.venice.VeniceClient;
import io.keymint.wallet.WalletSource;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
    name = "mint",
    mixinStandardHelpOptions = true,
    description =
        "Mint a Venice API key with a wallet that holds staked VVV, and write it to the sinks.")
final class MintCommand implements Callable<Integer> {
  private final Context ctx;

  @Spec CommandSpec spec;
  @Mixin ConnectionOptions connection;
  @Mixin WalletOptions wallet;
  @Mixin KeyOptions key;
  @Mixin SinkOptions sinks;
  @Mixin EscrowOptions escrow;
  @Mixin JsonOption output;

  @Option(
      names = "--max-wait",
      paramLabel = "DURATION",
      defaultValue = "5m",
      converter = BootstrapOptions.DurationConverter.class,
      description =
          "Bound on the whole run: the token, every attempt and the waits between them (e.g. 90s; default ${DEFAULT-VALUE}).")
  java.time.Duration maxWait;

  MintCommand(Context ctx) {
    this.ctx = ctx;
  }

  @Override
  public Integer call() {
    KeySpec keySpec = key.spec();
    List<SecretSink> targets = sinks.sinks(spec);
    WalletSource source = wallet.source(ctx);
    try (VeniceClient client = connection.client(ctx.env, false)) {
      MintResult result;
      try {
        result =
            Web3KeyMinter.builder()
                .client(client)
                .wallet(source)
                .sinks(targets)
                .onUnstoredKey(escrow.handler(targets))
                .maxDuration(maxWait.isZero() ? java.time.Duration.ofNanos(1) : maxWait)
                .verify(!key.noVerify)
                .adminKey(BootstrapCommands.adminKey(ctx))
                .build()
                .mint(keySpec);
      } catch (KeyNotVerifiedException e) {
        // stored but not admitted: the summary still says where it is, then exit 18
        MintResult r = e.result();
        Summary.print(ctx, "minted", r.key(), r.sinks(), r, output.json);
        throw e;
      }
      Summary.print(ctx, "minted", result.key(), result.sinks(), result, output.json);
      return ExitCode.OK.code;
    }
  }
}
