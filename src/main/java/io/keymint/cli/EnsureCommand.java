package io.keymint.cli;

import io.keymint.bootstrap.BootstrapResult;
import io.keymint.bootstrap.KeyBootstrap;
import java.time.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "ensure",
    mixinStandardHelpOptions = true,
    description = {
      "Make sure the sink holds a key Venice accepts: keep the stored key while it is valid, mint only when",
      "there is none, it expires within --margin, or Venice refuses it. Safe to run at every start and from",
      "several processes at once (a lock beside the first file sink: at most one key is minted). With",
      "--store, a fleet shares one key: the store's lease lets one replica mint, the others reuse it."
    })
final class EnsureCommand extends LifecycleCommand {
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
    super(ctx);
  }

  @Override
  KeyBootstrap.Builder configure(KeyBootstrap.Builder b) {
    return b.margin(margin)
        .replaceRefusedKeys(replaceRefused)
        .replaceOnDrift(replaceOnDrift)
        .verify(!key.noVerify);
  }

  @Override
  BootstrapResult step(KeyBootstrap bootstrap) {
    return bootstrap.ensure();
  }
}
