package io.keymint.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keymint.internal.Json;
import io.keymint.internal.Text;
import io.keymint.mint.MintResult;
import io.keymint.venice.IssuedKey;
import java.util.List;

/** What the CLI prints about a new key: never the secret, only its last six characters. */
final class Summary {
  private Summary() {}

  /** People read stderr; scripts read {@code --json} on stdout. */
  static void print(
      Context ctx,
      String verb,
      IssuedKey key,
      List<String> sinks,
      MintResult result,
      boolean json) {
    if (json) {
      ctx.out.println(Json.writeString(toJson(key, sinks, result), false));
      return;
    }
    StringBuilder sb = new StringBuilder();
    sb.append(verb).append(' ').append(key.type()).append(" key ").append(Text.clean(key.id()));
    sb.append(" (ends ").append(key.secret().lastSix()).append(')');
    key.walletAddress().ifPresent(a -> sb.append(" for wallet ").append(a));
    ctx.err.println(sb);
    key.expiresAt().ifPresent(e -> ctx.err.println("  expires " + e));
    if (!key.consumptionLimit().isEmpty()) {
      ctx.err.println("  limits " + limits(key));
    }
    for (String sink : sinks) {
      ctx.err.println("  written to " + sink);
    }
    if (result != null && result.ambiguousAttempts() > 0) {
      ctx.err.println(
          "  warning: "
              + result.ambiguousAttempts()
              + " earlier attempt(s) ended without an answer; a key may exist whose secret never arrived."
              + " List the wallet's keys and revoke any that is not "
              + Text.clean(key.id()));
    }
  }

  private static String limits(IssuedKey key) {
    StringBuilder sb = new StringBuilder();
    key.consumptionLimit()
        .usd()
        .ifPresent(v -> sb.append("usd=").append(v.toPlainString()).append(' '));
    key.consumptionLimit()
        .diem()
        .ifPresent(v -> sb.append("diem=").append(v.toPlainString()).append(' '));
    key.limitPeriod().ifPresent(p -> sb.append("per ").append(p));
    return sb.toString().strip();
  }

  static ObjectNode toJson(IssuedKey key, List<String> sinks, MintResult result) {
    ObjectNode o = Json.object();
    o.put("id", key.id());
    o.put("apiKeyType", key.type().name());
    o.put("lastSix", key.secret().lastSix());
    key.description().ifPresent(d -> o.put("description", d));
    o.put("expiresAt", key.expiresAt().map(Object::toString).orElse(null));
    ObjectNode limit = o.putObject("consumptionLimit");
    limit.put("usd", key.consumptionLimit().usd().orElse(null));
    limit.put("diem", key.consumptionLimit().diem().orElse(null));
    key.limitPeriod().ifPresent(p -> o.put("limitPeriod", p.name()));
    key.modelPrivacy().ifPresent(p -> o.put("modelPrivacy", p.name()));
    key.walletAddress().ifPresent(a -> o.put("walletAddress", a));
    ArrayNode s = o.putArray("sinks");
    sinks.forEach(s::add);
    if (result != null) {
      o.put("attempts", result.attempts());
      o.put("ambiguousAttempts", result.ambiguousAttempts());
    }
    return o;
  }
}
