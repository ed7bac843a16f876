package io.keymint.emulator;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keymint.KeymintException;
import io.keymint.internal.Json;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An error answer, thrown from deep inside a route so that each check stays one line. Never escapes
 * the emulator: {@link ApiHandler} turns it into the response. Messages are Venice's public error
 * strings and never contain a secret.
 */
final class ApiError extends KeymintException {
  private static final long serialVersionUID = 1L;

  private final int status;
  private final transient ObjectNode body;
  private final transient Map<String, String> headers;

  private ApiError(int status, ObjectNode body, Map<String, String> headers) {
    super(status + " " + body.path("error").asText());
    this.status = status;
    this.body = body;
    this.headers = headers;
  }

  /** A StandardError {@code {"error": message}}. */
  static ApiError standard(int status, String message) {
    return standard(status, message, Map.of());
  }

  /** A StandardError with extra response headers (e.g. {@code Retry-After}). */
  static ApiError standard(int status, String message, Map<String, String> headers) {
    ObjectNode body = Json.object();
    body.put("error", message);
    return of(status, body, headers);
  }

  /** A 400 StandardError, the status of every web3 mint failure and of "not found" on api_keys. */
  static ApiError badRequest(String message) {
    return standard(400, message);
  }

  /** Any body, with extra response headers. */
  static ApiError of(int status, ObjectNode body, Map<String, String> headers) {
    return new ApiError(status, body, new LinkedHashMap<>(headers));
  }

  int status() {
    return status;
  }

  ObjectNode body() {
    return body;
  }

  Map<String, String> headers() {
    return headers;
  }
}
