package io.keymint.cli;

import io.keymint.bootstrap.BootstrapResult;
import io.keymint.bootstrap.KeyBootstrap;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "rotate",
    mixinStandardHelpOptions = true,
    description = {
      "Mint a new key, write it to every sink, check that Venice accepts it, then revoke the key the first",
      "file sink held before with the ADMIN key in env VENICE_ADMIN_KEY; without one, print the old key's",
      "id to revoke. The old key is never revoked before the new one is stored. With --store, the new key",
      "is written by compare-and-set and the old one revoked only after --grace, so watching replicas switch."
    })
final class RotateCommand extends LifecycleCommand {
  static final String ADMIN_KEY_ENV = "VENICE_ADMIN_KEY";

  @Option(
      names = "--grace",
      paramLabel = "DURATION",
      defaultValue = "2m",
      converter = BootstrapOptions.DurationConverter.class,
      description =
          "With --store: wait this long after storing the new key before revoking the old one, so replicas watching the store switch (default ${DEFAULT-VALUE}).")
  java.time.Duration grace;

  RotateCommand(Context ctx) {
    super(ctx);
  }

  @Override
  KeyBootstrap.Builder configure(KeyBootstrap.Builder b) {
    return b.grace(grace);
  }

  @Override
  BootstrapResult step(KeyBootstrap bootstrap) {
    return bootstrap.rotate();
  }
}
