package io.keymint.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keymint.internal.Json;
import io.keymint.internal.Text;
import io.keymint.internal.codec.KeyJson;
import io.keymint.venice.ApiKey;
import io.keymint.venice.ConsumptionLimit;
import io.keymint.venice.RateLimitLogEntry;
import io.keymint.venice.RateLimits;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Plain-text tables for people and JSON shapes for scripts. No secret ever reaches either. */
final class Tables {
  private Tables() {}

  /** Prints left-aligned columns separated by two spaces. */
  static void print(PrintStream out, List<String> header, List<List<String>> rows) {
    int[] width = new int[header.size()];
    List<List<String>> all = new ArrayList<>();
    all.add(header);
    // cells hold what Venice sent (descriptions, ids): no escape sequence reaches the terminal
    rows.forEach(r -> all.add(r.stream().map(c -> c == null ? "" : Text.clean(c)).toList()));
    for (List<String> row : all) {
      for (int i = 0; i < row.size(); i++) {
        width[i] = Math.max(width[i], row.get(i).length());
      }
    }
    for (List<String> row : all) {
      StringBuilder sb = new StringBuilder();
      for (int i = 0; i < row.size(); i++) {
        sb.append(i == row.size() - 1 ? row.get(i) : pad(row.get(i), width[i] + 2));
      }
      out.println(sb.toString().stripTrailing());
    }
  }

  private static String pad(String s, int width) {
    return s + " ".repeat(Math.max(0, width - s.length()));
  }

  /** A duration as people write it: 7d, 36h, 10m, 90s. */
  static String duration(java.time.Duration d) {
    long s = d.toSeconds();
    if (s > 0 && s % 86400 == 0) {
      return s / 86400 + "d";
    }
    if (s > 0 && s % 3600 == 0) {
      return s / 3600 + "h";
    }
    if (s > 0 && s % 60 == 0) {
      return s / 60 + "m";
    }
    return s + "s";
  }

  static String time(Optional<Instant> t, String none) {
    return t.map(Instant::toString).orElse(none);
  }

  static String limits(ConsumptionLimit l) {
    if (l.usd().isEmpty() && l.diem().isEmpty()) {
      return "-";
    }
    StringBuilder sb = new StringBuilder();
    l.usd().ifPresent(v -> sb.append("usd ").append(v.toPlainString()));
    l.diem()
        .ifPresent(
            v -> sb.append(sb.length() > 0 ? ", " : "").append("diem ").append(v.toPlainString()));
    return sb.toString();
  }

  static List<String> keyRow(ApiKey k) {
    return List.of(
        k.id(),
        k.type().map(Enum::name).orElse("?"),
        k.description().orElse(""),
        k.lastSix().map(s -> "…" + s).orElse(""),
        // a period means nothing without a cap
        k.consumptionLimit().usd().isEmpty() && k.consumptionLimit().diem().isEmpty()
            ? "none"
            : limits(k.consumptionLimit()) + k.limitPeriod().map(p -> " /" + p).orElse(""),
        time(k.expiresAt(), "never"),
        time(k.lastUsedAt(), "never"));
  }

  static final List<String> KEY_HEADER =
      List.of("ID", "TYPE", "DESCRIPTION", "ENDS", "LIMITS", "EXPIRES", "LAST USED");

  static ArrayNode jsonKeys(List<ApiKey> keys) {
    ArrayNode a = Json.object().arrayNode();
    keys.forEach(k -> a.add(KeyJson.wire(k))); // Venice's own names, as scripts expect
    return a;
  }

  static ObjectNode json(RateLimits r) {
    ObjectNode o = Json.object();
    o.put("accessPermitted", r.accessPermitted());
    r.apiTier()
        .ifPresent(t -> o.putObject("apiTier").put("id", t.id()).put("isCharged", t.isCharged()));
    ObjectNode b = o.putObject("balances");
    r.balances().forEach(b::put);
    o.put("keyExpiration", r.keyExpiration().map(Instant::toString).orElse(null));
    o.put("nextEpochBegins", r.nextEpochBegins().map(Instant::toString).orElse(null));
    ArrayNode models = o.putArray("rateLimits");
    for (RateLimits.ModelLimits m : r.modelLimits()) {
      ObjectNode mo = models.addObject();
      if (m.apiModelId() != null) {
        mo.put("apiModelId", m.apiModelId());
      }
      ArrayNode ls = mo.putArray("rateLimits");
      m.limits().forEach(l -> ls.addObject().put("amount", l.amount()).put("type", l.type()));
    }
    return o;
  }

  static ArrayNode jsonLog(List<RateLimitLogEntry> log) {
    ArrayNode a = Json.object().arrayNode();
    for (RateLimitLogEntry e : log) {
      a.addObject()
          .put("apiKeyId", e.apiKeyId())
          .put("modelId", e.modelId())
          .put("rateLimitTier", e.rateLimitTier())
          .put("rateLimitType", e.rateLimitType())
          .put("timestamp", e.timestamp() == null ? null : e.timestamp().toString());
    }
    return a;
  }

  static String plain(BigDecimal v) {
    return v == null ? "-" : v.toPlainString();
  }
}
