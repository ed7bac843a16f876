package io.keymint.cli;

import io.keymint.sink.SecretSink;
import io.keymint.sink.SinkSet;
import io.keymint.sink.StoredKey;
import io.keymint.store.KeyStore;
import io.keymint.store.KeyWatch;
import io.keymint.venice.ApiKey;
import io.keymint.venice.ApiKeyType;
import io.keymint.wallet.WalletSource;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(
    name = "watch",
    mixinStandardHelpOptions = true,
    description = {
      "Keep local sinks on the fleet's current key: write the key in --store to every --sink now, then again",
      "each time it changes (a rotation elsewhere), until stopped (SIGTERM, Ctrl-C). Mints nothing."
    })
final class WatchCommand implements Callable<Integer> {
  private final Context ctx;

  @Spec CommandSpec spec;
  @Mixin WalletOptions wallet;
  @Mixin SinkOptions sinks;
  @Mixin StoreOptions store;

  WatchCommand(Context ctx) {
    this.ctx = ctx;
  }

  @Override
  @SuppressWarnings("try") // the watch runs for the block, never referenced in it
  public Integer call() throws InterruptedException {
    if (!store.given()) {
      throw new ParameterException(spec.commandLine(), "watch needs --store URI");
    }
    List<SecretSink> targets = sinks.sinks(spec);
    SinkSet set = SinkSet.of(targets);
    set.preflight();
    WalletSource source = wallet.source(ctx);
    CountDownLatch stop = new CountDownLatch(1);
    Thread hook = new Thread(stop::countDown, "keymint-watch-stop");
    Runtime.getRuntime().addShutdownHook(hook);
    try (KeyStore shared = store.open(ctx, source);
        KeyWatch w =
            KeyWatch.start(
                shared,
                key -> {
                  set.write(issued(key));
                  ctx.err.println(
                      "wrote key "
                          + key.metadata().map(ApiKey::id).orElse("(no id)")
                          + " (ends "
                          + key.secret().lastSix()
                          + ") from "
                          + shared.description()
                          + " to "
                          + targets.size()
                          + (targets.size() == 1 ? " sink" : " sinks"));
                })) {
      ctx.err.println("watching " + shared.description());
      stop.await();
    }
    return ExitCode.OK.code;
  }

  private static ApiKey issued(StoredKey key) {
    return key.metadata()
        .map(m -> m.withSecret(key.secret()))
        .orElseGet(
            () ->
                ApiKey.builder()
                    .id("unknown")
                    .type(ApiKeyType.INFERENCE)
                    .secret(key.secret())
                    .build());
  }
}
