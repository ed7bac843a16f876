package io.keymint.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keymint.internal.Json;
import io.keymint.internal.Text;
import io.keymint.venice.RateLimits;
import io.keymint.venice.VeniceClient;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code keymint health}: is this key usable right now, and for how long. */
@Command(
    name = "health",
    mixinStandardHelpOptions = true,
    description = {
      "Is the key usable: Venice's admission check, balances, tier, expiry and the next epoch.",
      "Key from env VENICE_API_KEY, else VENICE_ADMIN_KEY. Exits 0 when all is well; 5 when Venice",
      "does not admit the key; 19 when it expires within --margin; 20 when USD and DIEM balances",
      "are empty (the key works, model requests will fail). Every reason found is printed; the",
      "exit code is the first of 5, 19, 20 that applies."
    })
final class HealthCommand implements Callable<Integer> {
  private final Context ctx;
  @Mixin ConnectionOptions connection;

  @Option(names = "--json", description = "Print JSON (Venice's field names) on stdout.")
  boolean json;

  @Option(
      names = "--margin",
      paramLabel = "DURATION",
      defaultValue = "0s",
      converter = BootstrapOptions.DurationConverter.class,
      description =
          "Exit 19 when the key expires within this margin, e.g. 7d (default ${DEFAULT-VALUE}: only an expired key).")
  Duration margin;

  HealthCommand(Context ctx) {
    this.ctx = ctx;
  }

  @Override
  public Integer call() {
    try (VeniceClient client = AdminKeys.inference(connection, ctx.env)) {
      RateLimits r = client.apiKeys().rateLimits();
      Instant now = client.clock().instant();
      List<String> reasons = new ArrayList<>();
      ExitCode code = ExitCode.OK;
      if (!r.accessPermitted()) {
        reasons.add(
            "Venice does not admit this key now (accessPermitted=false): check balances, caps and expiry");
        code = ExitCode.AUTH;
      }
      if (r.keyExpiration().isPresent() && !now.plus(margin).isBefore(r.keyExpiration().get())) {
        reasons.add(
            "the key expires at "
                + r.keyExpiration().get()
                + ", within the margin of "
                + Tables.duration(margin)
                + ": rotate it (keymint rotate)");
        code = code == ExitCode.OK ? ExitCode.EXPIRING : code;
      }
      if (r.cannotSpend()) {
        reasons.add(
            "model requests will fail until the account can spend (balances " + balances(r) + ")");
        code = code == ExitCode.OK ? ExitCode.CANNOT_SPEND : code;
      }
      if (json) {
        ObjectNode o = Tables.json(r);
        ObjectNode health = o.putObject("health");
        health.put("status", code.name());
        health.put("exitCode", code.code);
        reasons.forEach(health.putArray("reasons")::add);
        health.put("marginSeconds", margin.toSeconds());
        ObjectNode headers = o.putObject("headers");
        r.headers().rateLimits().forEach(headers::put);
        r.headers()
            .balances()
            .forEach(
                (k, v) ->
                    headers.put(
                        "x-venice-balance-" + k.toLowerCase(java.util.Locale.ROOT),
                        v.toPlainString()));
        ctx.out.println(Json.writeString(o, false));
      } else {
        printStatus(ctx, r);
      }
      for (String reason : reasons) {
        ctx.err.println("keymint: " + reason);
      }
      return code.code;
    }
  }

  /** "USD 25, DIEM 2, BUNDLED_CREDITS 0", or "-" when Venice sent none. */
  static String balances(RateLimits r) {
    StringBuilder b = new StringBuilder();
    r.balances()
        .forEach(
            (k, v) ->
                b.append(b.length() > 0 ? ", " : "")
                    .append(Text.clean(k))
                    .append(' ')
                    .append(v.toPlainString()));
    return b.length() == 0 ? "-" : b.toString();
  }

  static void printStatus(Context ctx, RateLimits r) {
    ctx.out.println("access permitted:  " + (r.accessPermitted() ? "yes" : "NO"));
    r.apiTier().ifPresent(t -> ctx.out.println("tier:              " + Text.clean(t.id())));
    ctx.out.println("balances:          " + balances(r));
    ctx.out.println("key expires:       " + Tables.time(r.keyExpiration(), "never"));
    ctx.out.println("next epoch begins: " + Tables.time(r.nextEpochBegins(), "-"));
  }
}
