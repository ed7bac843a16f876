package io.keymint.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keymint.internal.Json;
import io.keymint.internal.Text;
import io.keymint.internal.codec.KeyJson;
import io.keymint.mint.MintResult;
import io.keymint.mint.OrphanCheck;
import io.keymint.venice.ApiKey;
import io.keymint.venice.RateLimits;
import java.util.List;

/** What the CLI prints about a new key: never the secret, only its last six characters. */
final class Summary {
  private Summary() {}

  /** People read stderr; scripts read {@code --json} on stdout. */
  static void print(
      Context ctx, String verb, ApiKey key, List<String> sinks, MintResult result, boolean json) {
    print(
        ctx,
        verb,
        key,
        sinks,
        result,
        result == null ? null : result.verification().orElse(null),
        json);
  }

  static void print(
      Context ctx,
      String verb,
      ApiKey key,
      List<String> sinks,
      MintResult result,
      RateLimits verification,
      boolean json) {
    if (json) {
      ctx.out.println(Json.writeString(toJson(key, sinks, result, verification), false));
      return;
    }
    StringBuilder sb = new StringBuilder();
    sb.append(verb)
        .append(' ')
        .append(key.type().map(Enum::name).orElse("?"))
        .append(" key ")
        .append(Text.clean(key.id()));
    sb.append(" (ends ").append(key.secret().lastSix()).append(')');
    key.walletAddress().ifPresent(a -> sb.append(" for wallet ").append(a));
    ctx.err.println(sb);
    printLimitsAndExpiry(ctx, key);
    for (String sink : sinks) {
      ctx.err.println("  written to " + sink);
    }
    if (verification != null) {
      ctx.err.println("  checked: " + checked(verification));
    }
    if (result != null && result.ambiguousAttempts() > 0) {
      ctx.err.println(
          "  warning: "
              + result.ambiguousAttempts()
              + " earlier attempt(s) ended without an answer; "
              + result
                  .orphans()
                  .map(o -> Text.clean(o.advice(key.id())))
                  .orElse("revoke any orphan"));
    }
  }

  /** The key's caps in words (and where they come from) and its expiry, for people, on stderr. */
  static void printLimitsAndExpiry(Context ctx, ApiKey key) {
    ctx.err.println("  limits " + limits(key));
    ctx.err.println("  expires " + key.expiresAt().map(Object::toString).orElse("never"));
  }

  /** What the first use of the key said, in words. */
  static String checked(RateLimits r) {
    return (r.accessPermitted() ? "Venice admits it" : "Venice does NOT admit it")
        + "; balances "
        + HealthCommand.balances(r);
  }

  /** "$5 per day (EPOCH), as asked" and where the figures come from. */
  static String limits(ApiKey key) {
    String text = key.consumptionLimit().describe(key.limitPeriod().orElse(null));
    switch (key.limitsSource().orElse(ApiKey.LimitsSource.ECHOED)) {
      case REQUESTED:
        return text + " (as asked; Venice's mint echo is not trusted)";
      case REPORTED:
        return text + " (as Venice stored it)";
      default:
        return text;
    }
  }

  static ObjectNode toJson(ApiKey key, List<String> sinks, MintResult result) {
    return toJson(key, sinks, result, result == null ? null : result.verification().orElse(null));
  }

  static ObjectNode toJson(
      ApiKey key, List<String> sinks, MintResult result, RateLimits verification) {
    ObjectNode o = KeyJson.summary(key);
    ArrayNode s = o.putArray("sinks");
    sinks.forEach(s::add);
    if (result != null) {
      o.put("attempts", result.attempts());
      o.put("ambiguousAttempts", result.ambiguousAttempts());
      result.orphans().ifPresent(c -> o.set("orphans", orphans(c, key.id())));
    }
    if (verification != null) {
      o.set("verification", verification(verification));
    }
    return o;
  }

  static ObjectNode verification(RateLimits r) {
    ObjectNode v = Json.object();
    v.put("accessPermitted", r.accessPermitted());
    ObjectNode b = v.putObject("balances");
    r.balances().forEach(b::put);
    v.put("canSpend", !r.cannotSpend());
    return v;
  }

  static ObjectNode orphans(OrphanCheck c, String keptId) {
    ObjectNode o = Json.object();
    o.put("from", c.from().toString());
    o.put("to", c.to().toString());
    o.put("description", c.description());
    o.put("searched", c.searched());
    c.revoked().forEach(o.putArray("revoked")::add);
    c.notRevoked().forEach(o.putArray("notRevoked")::add);
    c.failure().ifPresent(p -> o.put("problem", p));
    o.put("advice", c.advice(keptId));
    return o;
  }
}
