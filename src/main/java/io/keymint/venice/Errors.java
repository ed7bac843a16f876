package io.keymint.venice;

import com.fasterxml.jackson.databind.JsonNode;
import io.keymint.internal.Json;
import io.keymint.internal.RetryHeaders;
import io.keymint.internal.Text;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Maps an error response to the exception a caller can act on. The one place that knows Venice's
 * error shapes.
 */
final class Errors {
  private static final int MAX_MESSAGE = 500;

  private Errors() {}

  static VeniceServiceException fromResponse(
      String method, String path, HttpResponse response, Clock clock) {
    int status = response.status();
    JsonNode body = null;
    try {
      body = Json.parse(response.body());
    } catch (Exception notJson) {
      // an HTML page from a proxy, or nothing: fall back to the status alone
    }
    String message = message(body, status);
    String requestId = Text.clean(response.header("cf-ray"), 100);
    String hint = hint(status, message);
    VeniceServiceException.ErrorInfo info =
        new VeniceServiceException.ErrorInfo(method, path, status, message, requestId, hint);
    if (status == 400) {
      if (message.contains("not found") || message.contains("could not be found")) {
        return new NotFoundException(info);
      }
      return new BadRequestException(info, fieldErrors(body));
    }
    if (status == 401) {
      return new AuthenticationException(info, message.contains("Admin API key required"));
    }
    if (status == 402) {
      return new PaymentRequiredException(info, paymentReason(body, message));
    }
    if (status == 403) {
      return new PermissionDeniedException(info);
    }
    if (status == 404) {
      return new NotFoundException(info);
    }
    if (status == 429) {
      Duration wait = RetryHeaders.serverDelayOrNull(response.headers(), clock);
      return new RateLimitedException(
          info,
          wait,
          RetryHeaders.resetInstant(response.header("x-ratelimit-reset-requests"), clock),
          RetryHeaders.resetInstant(response.header("x-ratelimit-reset-tokens"), clock),
          RetryHeaders.resetInstant(response.header("x-ratelimit-resets"), clock),
          response.header("x-ratelimit-type"));
    }
    if (status >= 500) {
      return new ServerException(info);
    }
    return new VeniceServiceException(info);
  }

  /**
   * x402 discovery carries {@code x402Version}/{@code accepts} (and says "Authentication
   * required"); API-key 402s are plain {@code {error}} bodies matched by text, since Venice sends
   * no code there.
   */
  private static PaymentRequiredException.Reason paymentReason(JsonNode body, String message) {
    if (body != null && (body.has("x402Version") || body.has("accepts"))) {
      return PaymentRequiredException.Reason.X402_DISCOVERY;
    }
    String m = message.toLowerCase(java.util.Locale.ROOT);
    if (m.contains("authentication required")) {
      return PaymentRequiredException.Reason.X402_DISCOVERY;
    }
    if (m.contains("spend_limit") || m.contains("spend limit") || m.contains("consumption limit")) {
      return PaymentRequiredException.Reason.SPEND_LIMIT;
    }
    if (m.contains("insufficient")) {
      return PaymentRequiredException.Reason.INSUFFICIENT_BALANCE;
    }
    return PaymentRequiredException.Reason.OTHER;
  }

  /** Venice's {@code error}: a string, or an OpenAI-style {@code {message}} object. */
  private static String message(JsonNode body, int status) {
    String m = null;
    if (body != null) {
      JsonNode error = body.get("error");
      if (error != null && error.isTextual()) {
        m = error.asText();
      } else if (error != null && error.isObject()) {
        m = Json.text(error, "message");
      }
      if (m == null) {
        m = Json.text(body, "message");
      }
    }
    if (m == null || m.isBlank()) {
      return "(no error message; HTTP " + status + ")";
    }
    m = Text.clean(m, MAX_MESSAGE);
    return m.isEmpty() ? "(no error message; HTTP " + status + ")" : m;
  }

  /** What to do next, for the statuses where we know. */
  private static String hint(int status, String message) {
    if (status == 401 && message.contains("Admin API key required")) {
      return "this route needs an ADMIN key: set VENICE_ADMIN_KEY to an admin key";
    }
    if (status == 401) {
      return "the API key is unknown, revoked or expired: check VENICE_API_KEY / VENICE_ADMIN_KEY";
    }
    if (status == 402 && message.contains("Authentication required")) {
      return "no API key was sent: set VENICE_ADMIN_KEY or VENICE_API_KEY";
    }
    if (status == 402 && message.toLowerCase(java.util.Locale.ROOT).contains("spend limit")) {
      return "the key's consumption limit is reached: raise it (keymint keys update) or wait for the next period";
    }
    if (status == 402 && message.contains("Insufficient")) {
      return "the account has no spendable balance: add credits or stake for DIEM";
    }
    if (message.contains("has no staked VVV")) {
      return "stake VVV on Base with this wallet first (any non-zero sVVV balance mints)";
    }
    if (message.contains("Wallet signature does not match")) {
      return "the signature does not recover to the address: check the wallet is the one holding sVVV";
    }
    if (message.contains("Too many failed attempts")) {
      return "Venice blocks a client after a burst of failed requests: wait 30 s and fix the request";
    }
    return null;
  }

  /** Prefers Zod's flat {@code issues}; falls back to the nested {@code details} tree or string. */
  private static List<BadRequestException.FieldError> fieldErrors(JsonNode body) {
    List<BadRequestException.FieldError> out = new ArrayList<>();
    if (body == null) {
      return out;
    }
    JsonNode issues = body.get("issues");
    if (issues != null && issues.isArray()) {
      for (JsonNode issue : issues) {
        StringBuilder path = new StringBuilder();
        JsonNode p = issue.get("path");
        if (p != null && p.isArray()) {
          for (JsonNode segment : p) {
            if (path.length() > 0) {
              path.append('.');
            }
            path.append(Text.clean(segment.asText(), 100));
          }
        }
        String m = Json.text(issue, "message");
        out.add(
            new BadRequestException.FieldError(
                path.toString(), m == null ? "invalid" : Text.clean(m, MAX_MESSAGE)));
      }
      if (!out.isEmpty()) {
        return out;
      }
    }
    JsonNode details = body.get("details");
    if (details != null && details.isTextual()) {
      out.add(new BadRequestException.FieldError("", Text.clean(details.asText(), MAX_MESSAGE)));
    } else if (details != null && details.isObject()) {
      walk(details, "", out);
    }
    return out;
  }

  private static void walk(JsonNode node, String path, List<BadRequestException.FieldError> out) {
    JsonNode errors = node.get("_errors");
    if (errors != null && errors.isArray()) {
      for (JsonNode e : errors) {
        out.add(new BadRequestException.FieldError(path, Text.clean(e.asText(), MAX_MESSAGE)));
      }
    }
    for (Map.Entry<String, JsonNode> f : node.properties()) {
      if (!f.getKey().equals("_errors") && f.getValue().isObject()) {
        String key = Text.clean(f.getKey(), 100);
        walk(f.getValue(), path.isEmpty() ? key : path + "." + key, out);
      }
    }
  }
}
