package io.keymint.venice;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keymint.internal.Json;
import io.keymint.internal.KeyFields;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Venice's key-management routes ({@code /api_keys}), reached through {@link
 * VeniceClient#apiKeys()} and authenticated with the client's key. Management routes need an ADMIN
 * key (otherwise an {@link AuthenticationException} whose {@link
 * AuthenticationException#adminKeyRequired()} is true); {@link #rateLimits()} works with any key.
 *
 * <p>Reads, updates and revocations are retried on 429, 5xx and I/O errors. {@link #create} is
 * paced by the client's key-creation limiter (default 20 a minute, Venice's cap) and retried only
 * on 429, when Venice provably created nothing. No other 4xx is ever retried.
 *
 * <p>Thread-safe; shares the client's connection pool and creation limiter.
 */
public final class ApiKeys {
  private static final String PATH = "/api_keys";

  private final VeniceClient client;

  ApiKeys(VeniceClient client) {
    this.client = client;
  }

  /** The client these routes go through. */
  VeniceClient client() {
    return client;
  }

  /**
   * {@code GET /api_keys}: the account's keys that have not expired, newest first, without secrets.
   *
   * @throws AuthenticationException ({@link AuthenticationException#adminKeyRequired()}) if the
   *     client's key is not an ADMIN key
   * @throws VeniceException for any other refusal or failure
   */
  public List<ApiKey> list() {
    JsonNode body = client.call("GET", PATH, null, true, VeniceClient.Retry.IDEMPOTENT);
    List<ApiKey> keys = new ArrayList<>();
    for (JsonNode item : Responses.listItems(body)) {
      ApiKey key = Responses.apiKey(item);
      if (key != null) {
        keys.add(key);
      }
    }
    return List.copyOf(keys);
  }

  /**
   * {@code GET /api_keys/{id}}: one key's details and usage.
   *
   * @throws NotFoundException if the id is unknown, revoked or expired
   * @throws AuthenticationException ({@link AuthenticationException#adminKeyRequired()}) if the
   *     client's key is not an ADMIN key
   */
  public ApiKey get(String id) {
    checkId(id);
    String path =
        PATH + "/" + java.net.URLEncoder.encode(id, java.nio.charset.StandardCharsets.UTF_8);
    JsonNode body = client.call("GET", path, null, true, VeniceClient.Retry.IDEMPOTENT);
    return read("GET", path, Responses.data(body));
  }

  /**
   * {@code POST /api_keys}: creates a key. Waits for the client's creation limiter first, so a loop
   * of creations stays under Venice's cap instead of meeting 429s. Retried only on 429 (nothing was
   * created) or a connection that failed before the request was sent.
   *
   * @param spec the new key; its description is required by this route
   * @return the key with its secret — store it now, Venice will not show it again
   * @throws IllegalArgumentException if {@code spec} has no description, or neither a cap nor
   *     {@link KeySpec.Builder#noLimit()} (checked before sending)
   * @throws BadRequestException e.g. when the account already has 500 active keys
   * @throws RateLimitedException if Venice still answered 429 after the retries
   * @throws VeniceConnectionException if the exchange failed; a key may exist when {@link
   *     VeniceConnectionException#requestSent()} is true
   */
  public ApiKey create(KeySpec spec) {
    Objects.requireNonNull(spec, "spec");
    if (spec.description().isEmpty()) {
      throw new IllegalArgumentException(
          "POST /api_keys needs a description (at most 64 characters)");
    }
    spec.requireCapOrNoLimit();
    ObjectNode body = Json.object();
    spec.writeTo(body);
    CreationPacer pacer = client.creationPacer();
    try {
      pacer.acquire();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new VeniceConnectionException(
          "interrupted while waiting to create a key (nothing was sent)", false, e);
    }
    JsonNode response;
    try {
      response = client.call("POST", PATH, body, true, VeniceClient.Retry.CREATE);
    } finally {
      pacer.release();
    }
    ApiKey key = Responses.issuedKey(Responses.data(response), null, client.clock().instant());
    if (key == null) {
      throw VeniceClient.unexpected(
          "POST", PATH, "the 200 response has no readable data.apiKey and data.id");
    }
    return key;
  }

  /**
   * {@code PATCH /api_keys}: changes what {@code update} touched and nothing else.
   *
   * @return the key as Venice stored it (no usage: this route does not send it)
   * @throws NotFoundException if the id is unknown, revoked or expired
   * @throws BadRequestException if Venice refused a value
   */
  public ApiKey update(String id, KeyUpdate update) {
    checkId(id);
    Objects.requireNonNull(update, "update");
    ObjectNode body = Json.object();
    body.put(KeyFields.ID, id);
    update.writeTo(body);
    JsonNode response = client.call("PATCH", PATH, body, true, VeniceClient.Retry.IDEMPOTENT);
    return read("PATCH", PATH, Responses.data(response));
  }

  /**
   * {@code DELETE /api_keys?id=}: revokes a key, at once.
   *
   * @throws NotFoundException if Venice does not know the id
   */
  public void revoke(String id) {
    checkId(id);
    client.call("DELETE", PATH, Map.of("id", id), null, true, VeniceClient.Retry.IDEMPOTENT);
  }

  /**
   * {@code GET /api_keys/rate_limits}: balances, tier, limits and admission of the calling key. Any
   * key type may call it. The answer's {@code x-ratelimit-*} and {@code x-venice-balance-*} headers
   * are in {@link RateLimits#headers()}.
   *
   * @throws AuthenticationException if the key is unknown, revoked or expired
   */
  public RateLimits rateLimits() {
    String path = PATH + "/rate_limits";
    VeniceClient.Answer answer =
        client.exchange("GET", path, Map.of(), null, true, VeniceClient.Retry.IDEMPOTENT);
    JsonNode data = Responses.data(answer.body);
    if (data == null) {
      throw VeniceClient.unexpected("GET", path, "the response has no data");
    }
    return Responses.rateLimits(data).withHeaders(answer.headers);
  }

  /**
   * {@code GET /api_keys/rate_limits/log}: the account's last 50 limit breaches, newest first.
   * Venice marks the route experimental; its current docs require an ADMIN key.
   *
   * @throws AuthenticationException ({@link AuthenticationException#adminKeyRequired()}) if Venice
   *     wants an ADMIN key for it
   */
  public List<RateLimitLogEntry> rateLimitLog() {
    JsonNode body =
        client.call("GET", PATH + "/rate_limits/log", null, true, VeniceClient.Retry.IDEMPOTENT);
    List<RateLimitLogEntry> out = new ArrayList<>();
    for (JsonNode item : Responses.listItems(body)) {
      out.add(Responses.logEntry(item));
    }
    return List.copyOf(out);
  }

  private static ApiKey read(String method, String path, JsonNode data) {
    ApiKey key = data == null ? null : Responses.apiKey(data);
    if (key == null) {
      throw VeniceClient.unexpected(method, path, "the response has no data.id");
    }
    return key;
  }

  /**
   * A key id that names one key: not blank (an empty id would turn {@code GET /api_keys/ID} into
   * the list route), no whitespace or control characters.
   *
   * @throws IllegalArgumentException if it is not
   */
  static String checkId(String id) {
    Objects.requireNonNull(id, "id");
    if (id.isBlank() || !id.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
      throw new IllegalArgumentException(
          "key id '"
              + id.replaceAll("\\p{Cntrl}", "?")
              + "' is empty or not printable ASCII: give an id as `keymint keys list` shows it");
    }
    return id;
  }
}
