package io.keymint.cli;

import io.keymint.emulator.VeniceEmulator;
import io.keymint.sink.SecretSink;
import io.keymint.venice.ApiKey;
import io.keymint.venice.ApiKeyType;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "emulator",
    mixinStandardHelpOptions = true,
    description = {
      "Run a local Venice for the /api_keys routes in the foreground, to test agents offline.",
      "Wallets given with --staker hold sVVV; every other wallet is refused as Venice does."
    })
final class EmulatorCommand implements Callable<Integer> {
  private final Context ctx;

  @Option(
      names = "--port",
      paramLabel = "N",
      defaultValue = "0",
      description = "Port on 127.0.0.1 (default: a free one).")
  int port;

  @Option(
      names = "--host",
      paramLabel = "ADDR",
      defaultValue = "127.0.0.1",
      description = "Address to bind (default: ${DEFAULT-VALUE}).")
  String host;

  @Option(
      names = "--staker",
      paramLabel = "ADDRESS",
      description = "A wallet that holds staked VVV (repeatable).")
  List<String> stakers = new ArrayList<>();

  @Option(
      names = "--admin-key-file",
      paramLabel = "FILE",
      description =
          "Create an ADMIN key at start and write its secret to FILE (mode 0600), for the admin routes.")
  Path adminKeyFile;

  @Option(
      names = "--deny-access",
      description = "Answer accessPermitted: false for every key (an account Venice refuses).")
  boolean denyAccess;

  @Option(
      names = "--usd-balance",
      paramLabel = "N",
      description =
          "The account's USD balance every key sees (default 25; 0 with --diem-balance 0:"
              + " an account that cannot spend).")
  java.math.BigDecimal usdBalance;

  @Option(
      names = "--diem-balance",
      paramLabel = "N",
      description = "The account's DIEM balance every key sees (default 2).")
  java.math.BigDecimal diemBalance;

  @Option(
      names = "--spend-cap-reached",
      description = "Answer 402 (spend limit exceeded) to every request made with a capped key.")
  boolean spendCapReached;

  @Option(
      names = "--lose-mint-replies",
      paramLabel = "N",
      defaultValue = "0",
      description =
          "The first N mints create their key but answer 500 (an ambiguous mint that leaves an orphan).")
  int loseMintReplies;

  EmulatorCommand(Context ctx) {
    this.ctx = ctx;
  }

  @Override
  public Integer call() throws InterruptedException {
    VeniceEmulator.Builder b = VeniceEmulator.builder().host(host).port(port);
    stakers.forEach(b::staker);
    VeniceEmulator emulator = b.build();
    emulator.accessPermitted(!denyAccess);
    emulator.spendCapReached(spendCapReached);
    emulator.loseNextMintReplies(loseMintReplies);
    if (usdBalance != null || diemBalance != null) {
      emulator.balances(
          usdBalance == null ? new java.math.BigDecimal("25") : usdBalance,
          diemBalance == null ? new java.math.BigDecimal("2") : diemBalance);
    }
    emulator.start();
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  emulator.close();
                  stopped.countDown();
                },
                "keymint-emulator-stop"));
    if (adminKeyFile != null) {
      String secret = emulator.createKey(ApiKeyType.ADMIN, "emulator admin");
      SecretSink.file(adminKeyFile)
          .write(
              ApiKey.builder()
                  .id("emulator-admin")
                  .type(ApiKeyType.ADMIN)
                  .secret(io.keymint.ApiKeySecret.of(secret))
                  .build());
      ctx.err.println("ADMIN key written to " + adminKeyFile.toAbsolutePath());
    }
    ctx.err.println("Venice emulator listening on " + emulator.baseUrl());
    ctx.err.println(
        "stakers: "
            + (stakers.isEmpty()
                ? "none (every mint answers 'no staked VVV')"
                : String.join(", ", stakers)));
    ctx.err.println("Press Ctrl-C to stop.");
    ctx.out.println(emulator.baseUrl());
    stopped.await();
    return ExitCode.OK.code;
  }
}
