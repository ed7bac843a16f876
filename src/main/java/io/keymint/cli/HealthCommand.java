package io.keymint.cli;

import io.keymint.internal.Json;
import io.keymint.internal.Text;
import io.keymint.venice.RateLimits;
import io.keymint.venice.VeniceClient;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code keymint health}: is this key usable right now. */
@Command(
    name = "health",
    mixinStandardHelpOptions = true,
    description = {
      "Is the key usable: Venice's admission check, balances, expiry and the next epoch.",
      "Key from env VENICE_API_KEY, else VENICE_ADMIN_KEY. Exits 0 when Venice admits the key,",
      "5 when it does not."
    })
final class HealthCommand implements Callable<Integer> {
  private final Context ctx;
  @Mixin ConnectionOptions connection;

  @Option(names = "--json", description = "Print JSON (Venice's field names) on stdout.")
  boolean json;

  HealthCommand(Context ctx) {
    this.ctx = ctx;
  }

  @Override
  public Integer call() {
    try (VeniceClient client = AdminKeys.inference(connection, ctx.env)) {
      RateLimits r = client.apiKeys().rateLimits();
      if (json) {
        ctx.out.println(Json.writeString(Tables.json(r), false));
      } else {
        printStatus(ctx, r);
      }
      if (!r.accessPermitted()) {
        ctx.err.println(
            "keymint: Venice does not admit this key now (accessPermitted=false): check balances, caps and expiry");
        return ExitCode.AUTH.code;
      }
      return ExitCode.OK.code;
    }
  }

  static void printStatus(Context ctx, RateLimits r) {
    ctx.out.println("access permitted:  " + (r.accessPermitted() ? "yes" : "NO"));
    r.apiTier().ifPresent(t -> ctx.out.println("tier:              " + Text.clean(t.id())));
    StringBuilder b = new StringBuilder();
    r.balances()
        .forEach(
            (k, v) ->
                b.append(b.length() > 0 ? ", " : "")
                    .append(Text.clean(k))
                    .append(' ')
                    .append(v.toPlainString()));
    ctx.out.println("balances:          " + (b.length() == 0 ? "-" : b));
    ctx.out.println("key expires:       " + Tables.time(r.keyExpiration(), "never"));
    ctx.out.println("next epoch begins: " + Tables.time(r.nextEpochBegins(), "-"));
  }
}
