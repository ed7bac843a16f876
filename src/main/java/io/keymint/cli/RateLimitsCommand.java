package io.keymint.cli;

import io.keymint.internal.Json;
import io.keymint.venice.RateLimitLogEntry;
import io.keymint.venice.RateLimits;
import io.keymint.venice.VeniceClient;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code keymint rate-limits [log]}. */
@Command(
    name = "rate-limits",
    mixinStandardHelpOptions = true,
    description = {
      "Show the calling key's tier, balances and per-model limits (any key: env VENICE_ADMIN_KEY,",
      "else VENICE_API_KEY). 'rate-limits log' lists the account's last 50 breaches (ADMIN key)."
    })
final class RateLimitsCommand implements Callable<Integer> {
  private final Context ctx;
  @Mixin ConnectionOptions connection;

  @Option(names = "--json", description = "Print JSON (Venice's field names) on stdout.")
  boolean json;

  RateLimitsCommand(Context ctx) {
    this.ctx = ctx;
  }

  static CommandLine create(Context ctx) {
    CommandLine cl = new CommandLine(new RateLimitsCommand(ctx));
    cl.addSubcommand("log", new Log(ctx));
    return cl;
  }

  @Override
  public Integer call() {
    try (VeniceClient client = connection.client(ctx.env, true)) {
      RateLimits r = client.apiKeys().rateLimits();
      if (json) {
        ctx.out.println(Json.writeString(Tables.json(r), false));
        return ExitCode.OK.code;
      }
      HealthCommand.printStatus(ctx, r);
      List<List<String>> rows = new ArrayList<>();
      for (RateLimits.ModelLimits m : r.modelLimits()) {
        StringBuilder sb = new StringBuilder();
        m.limits()
            .forEach(
                l ->
                    sb.append(sb.length() > 0 ? ", " : "")
                        .append(Tables.plain(l.amount()))
                        .append(' ')
                        .append(l.type()));
        rows.add(
            List.of(
                m.apiModelId() == null ? "(any)" : m.apiModelId(),
                sb.length() == 0 ? "-" : sb.toString()));
      }
      ctx.out.println();
      Tables.print(ctx.out, List.of("MODEL", "LIMITS"), rows);
      return ExitCode.OK.code;
    }
  }

  @Command(
      name = "log",
      mixinStandardHelpOptions = true,
      description = "The account's last 50 rate-limit breaches, newest first (ADMIN key).")
  static final class Log implements Callable<Integer> {
    private final Context ctx;
    @Mixin ConnectionOptions connection;

    @Option(names = "--json", description = "Print a JSON array on stdout.")
    boolean json;

    Log(Context ctx) {
      this.ctx = ctx;
    }

    @Override
    public Integer call() {
      try (VeniceClient client = connection.client(ctx.env, true)) {
        List<RateLimitLogEntry> log = client.apiKeys().rateLimitLog();
        if (json) {
          ctx.out.println(Json.writeString(Tables.jsonLog(log), false));
          return ExitCode.OK.code;
        }
        List<List<String>> rows = new ArrayList<>();
        for (RateLimitLogEntry e : log) {
          rows.add(
              List.of(
                  e.timestamp() == null ? "-" : e.timestamp().toString(),
                  e.rateLimitType() == null ? "-" : e.rateLimitType(),
                  e.modelId() == null ? "-" : e.modelId(),
                  e.apiKeyId() == null ? "-" : e.apiKeyId(),
                  e.rateLimitTier() == null ? "-" : e.rateLimitTier()));
        }
        Tables.print(ctx.out, List.of("TIME", "TYPE", "MODEL", "KEY", "TIER"), rows);
        return ExitCode.OK.code;
      }
    }
  }
}
