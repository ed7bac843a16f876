package io.keymint.cli;

import io.keymint.emulator.VeniceEmulator;
import io.keymint.mint.MintResult;
import io.keymint.mint.Web3KeyMinter;
import io.keymint.sink.SecretSink;
import io.keymint.venice.KeySpec;
import io.keymint.venice.VeniceClient;
import io.keymint.wallet.KeystorePassword;
import io.keymint.wallet.Wallet;
import io.keymint.wallet.WalletSource;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "Mint a key end to end, offline: start the Venice emulator, unlock an example keystore,",
      "mint with it and write the key to a file under target/. Nothing leaves this machine."
    })
final class DemoCommand implements Callable<Integer> {
  private final Context ctx;

  @Option(
      names = "--keystore",
      paramLabel = "FILE",
      defaultValue = "keystore-examples/light/keystore.json",
      description = "Keystore of the demo wallet (default: ${DEFAULT-VALUE}).")
  Path keystore;

  @Option(
      names = "--password-file",
      paramLabel = "FILE",
      defaultValue = "keystore-examples/light/password.txt",
      description = "Its password file (default: ${DEFAULT-VALUE}).")
  Path passwordFile;

  @Option(
      names = "--out",
      paramLabel = "FILE",
      defaultValue = "target/demo/venice-api-key",
      description = "Where the demo writes the minted key (default: ${DEFAULT-VALUE}).")
  Path out;

  DemoCommand(Context ctx) {
    this.ctx = ctx;
  }

  @Override
  public Integer call() throws Exception {
    long started = System.nanoTime();
    if (!Files.isRegularFile(keystore)) {
      throw new IllegalArgumentException(
          "demo keystore "
              + keystore
              + " not found: run keymint demo from the repository root, or pass --keystore and --password-file");
    }
    WalletSource wallet = WalletSource.keystore(keystore, KeystorePassword.fromFile(passwordFile));
    String address;
    try (Wallet w = wallet.unlock()) {
      address = w.address();
    }
    say("1. unlocked %s: wallet %s", keystore, address);

    try (VeniceEmulator emulator = VeniceEmulator.builder().staker(address).start();
        VeniceClient client = VeniceClient.builder().baseUrl(emulator.baseUrl()).build()) {
      say(
          "2. Venice emulator on %s; it treats %s as holding staked VVV",
          emulator.baseUrl(), address);

      Files.createDirectories(out.toAbsolutePath().getParent());
      SecretSink sink = SecretSink.file(out);
      KeySpec spec =
          KeySpec.builder().description("keymint demo").usdLimit(new BigDecimal("5")).build();
      say(
          "3. minting: GET a token, sign it (EIP-191), POST it, write the key to %s",
          sink.description());
      MintResult result =
          Web3KeyMinter.builder().client(client).wallet(wallet).sink(sink).build().mint(spec);

      say(
          "4. minted %s key %s (ends %s), $5 cap; written to %s (mode 0600)",
          result.key().type().map(Enum::name).orElse("?"),
          result.key().id(),
          result.key().secret().lastSix(),
          out.toAbsolutePath());
      say("   use it:  export VENICE_API_KEY=\"$(cat %s)\"", out);
      say("done in %d ms", (System.nanoTime() - started) / 1_000_000);
    }
    return ExitCode.OK.code;
  }

  private void say(String format, Object... args) {
    ctx.err.println(String.format(format, args));
  }
}
