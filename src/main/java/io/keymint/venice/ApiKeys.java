package io.keymint.venice;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Venice's key-management routes ({@code /api_keys}), reached through {@link VeniceClient#apiKeys()}
 * and authenticated with the client's key. Management routes need an ADMIN key ({@link
 * AdminKeyRequiredException} otherwise); {@link #rateLimits()} works with any key.
 *
 * <p>Thread-safe; shares the client's connection pool.
 */
public final class ApiKeys {
  private final VeniceClient client;

  ApiKeys(VeniceClient client) {
    this.client = client;
  }

  /**
   * {@code DELETE /api_keys?id=}: revokes a key, at once.
   *
   * @throws NotFoundException if Venice does not know the id
   */
  public void revoke(String id) {
    Objects.requireNonNull(id, "id");
    client.call("DELETE", "/api_keys", Map.of("id", id), null, true, VeniceClient.Retry.IDEMPOTENT);
  }

  /** {@code GET /api_keys/rate_limits}: balances, limits and admission of the calling key. */
  public RateLimits rateLimits() {
    JsonNode data = Responses.data(client.call("GET", "/api_keys/rate_limits", null, true, VeniceClient.Retry.IDEMPOTENT));
    if (data == null) {
      throw new IllegalStateException("rate_limits answered without data");
    }
    Map<String, BigDecimal> balances = new LinkedHashMap<>();
    JsonNode b = data.get("balances");
    if (b != null && b.isObject()) {
      for (Map.Entry<String, JsonNode> e : b.properties()) {
        BigDecimal v = Responses.decimal(e.getValue());
        if (v != null) {
          balances.put(e.getKey(), v);
        }
      }
    }
    JsonNode permitted = data.get("accessPermitted");
    return new RateLimits(
        permitted != null && permitted.asBoolean(false),
        balances,
        Responses.instant(io.keymint.internal.Json.text(data, "keyExpiration")),
        Responses.instant(io.keymint.internal.Json.text(data, "nextEpochBegins")));
  }
}
