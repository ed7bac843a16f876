package io.keymint.emulator;

import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keymint.internal.Json;
import java.math.BigDecimal;

/**
 * A key's stored consumption caps ({@code null} = no cap). Immutable. Kept apart from the public
 * {@code io.keymint.venice.ConsumptionLimit} on purpose: the emulator must be able to store and
 * echo {@code vcu}, which the client type only ever reads.
 */
record Limits(BigDecimal usd, BigDecimal diem, BigDecimal vcu) {
  static final Limits NONE = new Limits(null, null, null);

  /** True when a USD or DIEM cap is set: the condition for {@code currentPeriodUsage} (§2.0). */
  boolean hasUsdOrDiem() {
    return usd != null || diem != null;
  }

  /** The stored caps as {@code {usd, diem, vcu}}, every field present, nulls as JSON null. */
  ObjectNode toJson() {
    return json(usd, diem, vcu);
  }

  /**
   * The caps as the web3 mint echoes them (§1.5 "echo quirk"): {@code diem} is taken from {@code
   * vcu}, so a diem-only cap reads as null, and a {@code usd} of 0 reads as null. Only the echo is
   * wrong; what is stored (and {@code GET /api_keys/{id}} shows) is right.
   */
  ObjectNode toMintEchoJson() {
    BigDecimal echoedUsd = usd == null || usd.signum() == 0 ? null : usd;
    return json(echoedUsd, vcu, vcu);
  }

  private static ObjectNode json(BigDecimal usd, BigDecimal diem, BigDecimal vcu) {
    ObjectNode node = Json.object();
    put(node, "usd", usd);
    put(node, "diem", diem);
    put(node, "vcu", vcu);
    return node;
  }

  private static void put(ObjectNode node, String name, BigDecimal value) {
    if (value == null) {
      node.putNull(name);
    } else {
      node.set(name, number(value));
    }
  }

  /** A JSON number as Venice prints it: integral values as integers (50, not 50.0 or 5E+1). */
  static com.fasterxml.jackson.databind.JsonNode number(BigDecimal value) {
    if (value.signum() == 0 || value.stripTrailingZeros().scale() <= 0) {
      return Json.object().numberNode(value.toBigInteger());
    }
    // DecimalNode directly: the node factory may normalise, which can print 1E+1-style values
    return DecimalNode.valueOf(value);
  }
}
