package io.keymint.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keymint.internal.Json;
import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Strict checks of a JSON request body, reported the way Venice (a Zod schema) reports them: one
 * 400 DetailedError {@code {"error":"Invalid request parameters","details":{…},"issues":[…]}} with
 * every problem found, where {@code details} is Zod's {@code format()} tree ({@code _errors} at
 * each level) and {@code issues} the flat list.
 *
 * <p>Usage: call one reader per field the schema knows, in schema order, then {@link #finish()},
 * which adds the issue for unknown fields and throws if anything was wrong. Readers return null for
 * absent (and for accepted {@code null}) values, so their results are only meaningful once {@code
 * finish()} returned. As in Zod's {@code strict()}, unknown fields are one issue at the object's
 * own path (listing the keys), not one per field.
 */
final class BodyValidator {
  static final String INVALID_PARAMETERS = "Invalid request parameters";
  static final String REQUIRED = "Field is required";

  /** §1.5: "", YYYY-MM-DD, or YYYY-MM-DDTHH:mm:ss[.sss]Z. */
  private static final Pattern DATE = Pattern.compile("^\\d{4}-\\d{2}-\\d{2}$");

  private static final Pattern DATE_TIME =
      Pattern.compile("^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{3})?Z$");
  private static final BigDecimal MAX_LIMIT = new BigDecimal("9999999999");
  private static final List<String> LIMIT_FIELDS = List.of("usd", "diem", "vcu");

  private final JsonNode body;
  private final List<ObjectNode> issues = new ArrayList<>();
  private final Set<String> known = new LinkedHashSet<>();

  private BodyValidator(JsonNode body) {
    this.body = body;
  }

  /**
   * Starts checking {@code body}.
   *
   * @throws ApiError 400 DetailedError if the body is not a JSON object
   */
  static BodyValidator of(JsonNode body) {
    if (!body.isObject()) {
      BodyValidator v = new BodyValidator(body);
      v.typeIssue(List.of(), "object", body);
      v.throwIfInvalid();
    }
    return new BodyValidator(body);
  }

  /** Whether the field is present in the body at all (even as {@code null}). */
  boolean has(String field) {
    return body.has(field);
  }

  /** The raw value of a field, after {@link #finish()} checked it; null when absent. */
  JsonNode raw(String field) {
    return body.get(field);
  }

  /** A string field; {@code maxLength} ≤ 0 means unbounded. Null is refused. */
  String string(String field, boolean required, int maxLength) {
    JsonNode v = field(field, required);
    if (v == null) {
      return null;
    }
    if (!v.isTextual()) {
      typeIssue(List.of(field), "string", v);
      return null;
    }
    String s = v.asText();
    if (maxLength > 0 && s.length() > maxLength) {
      ObjectNode issue =
          issue(
              "too_big",
              List.of(field),
              "String must contain at most " + maxLength + " character(s)");
      issue.put("maximum", maxLength);
      issue.put("type", "string");
      issue.put("inclusive", true);
      issue.put("exact", false);
      return null;
    }
    return s;
  }

  /** An enum field (the JSON string must be a constant's name). Null is refused. */
  <E extends Enum<E>> E enumValue(String field, Class<E> type, boolean required) {
    JsonNode v = field(field, required);
    if (v == null) {
      return null;
    }
    E[] constants = type.getEnumConstants();
    String options =
        Arrays.stream(constants).map(c -> "'" + c.name() + "'").collect(Collectors.joining(" | "));
    if (!v.isTextual()) {
      ObjectNode issue =
          issue(
              "invalid_type", List.of(field), "Expected " + options + ", received " + typeName(v));
      issue.put("expected", options);
      issue.put("received", typeName(v));
      return null;
    }
    for (E c : constants) {
      if (c.name().equals(v.asText())) {
        return c;
      }
    }
    ObjectNode issue =
        issue(
            "invalid_enum_value",
            List.of(field),
            "Invalid enum value. Expected " + options + ", received '" + v.asText() + "'");
    issue.put("received", v.asText());
    ArrayNode opts = issue.putArray("options");
    Arrays.stream(constants).forEach(c -> opts.add(c.name()));
    return null;
  }

  /**
   * {@code expiresAt}: absent or {@code ""} is no expiry (null); a date means 00:00:00.000 UTC that
   * day (the reference does not say which instant of the day Venice picks). {@code null} is
   * accepted only where {@code nullable} (PATCH, where it removes the expiry).
   */
  Instant expiresAt(String field, boolean nullable) {
    JsonNode v = body.get(field);
    known.add(field);
    if (v == null || (v.isNull() && nullable)) {
      return null;
    }
    String s = v.isTextual() ? v.asText() : null;
    if (s != null && s.isEmpty()) {
      return null;
    }
    try {
      if (s != null && DATE.matcher(s).matches()) {
        return LocalDate.parse(s).atStartOfDay(ZoneOffset.UTC).toInstant();
      }
      if (s != null && DATE_TIME.matcher(s).matches()) {
        return Instant.parse(s);
      }
    } catch (DateTimeException e) {
      issue("custom", List.of(field), "Invalid date");
      return null;
    }
    issue("invalid_union", List.of(field), "Invalid input");
    return null;
  }

  /**
   * {@code consumptionLimit}: an object with only {@code usd}, {@code diem}, {@code vcu}, each a
   * number in 0..9999999999 or null. The object itself may not be null. Absent → null.
   */
  Limits consumptionLimit(String field) {
    JsonNode v = field(field, false);
    if (v == null) {
      return null;
    }
    if (!v.isObject()) {
      typeIssue(List.of(field), "object", v);
      return null;
    }
    BigDecimal[] values = new BigDecimal[3];
    for (int i = 0; i < 3; i++) {
      String name = LIMIT_FIELDS.get(i);
      JsonNode n = v.get(name);
      if (n == null || n.isNull()) {
        continue;
      }
      List<Object> path = List.of(field, name);
      if (!n.isNumber()) {
        typeIssue(path, "number", n);
        continue;
      }
      BigDecimal d = n.decimalValue();
      if (d.signum() < 0) {
        rangeIssue("too_small", path, "minimum", "Number must be greater than or equal to 0", 0);
      } else if (d.compareTo(MAX_LIMIT) > 0) {
        rangeIssue(
            "too_big",
            path,
            "maximum",
            "Number must be less than or equal to 9999999999",
            9999999999L);
      } else {
        values[i] = d;
      }
    }
    unrecognized(List.of(field), v, LIMIT_FIELDS);
    return new Limits(values[0], values[1], values[2]);
  }

  /**
   * Adds the unknown-fields issue and throws if any issue was found.
   *
   * @throws ApiError 400 DetailedError
   */
  void finish() {
    unrecognized(List.of(), body, known);
    throwIfInvalid();
  }

  private JsonNode field(String field, boolean required) {
    known.add(field);
    JsonNode v = body.get(field);
    if (v == null) {
      if (required) {
        ObjectNode issue = issue("invalid_type", List.of(field), REQUIRED);
        issue.put("expected", "string");
        issue.put("received", "undefined");
      }
      return null;
    }
    if (v.isNull()) {
      // Venice refuses nulls its schema does not allow: the client must omit the field instead
      typeIssue(List.of(field), "string", v);
      return null;
    }
    return v;
  }

  private void unrecognized(
      List<Object> path, JsonNode object, java.util.Collection<String> allowed) {
    List<String> unknown = new ArrayList<>();
    for (Iterator<String> it = object.fieldNames(); it.hasNext(); ) {
      String name = it.next();
      if (!allowed.contains(name)) {
        unknown.add(name);
      }
    }
    if (!unknown.isEmpty()) {
      String list = unknown.stream().map(k -> "'" + k + "'").collect(Collectors.joining(", "));
      ObjectNode issue = issue("unrecognized_keys", path, "Unrecognized key(s) in object: " + list);
      ArrayNode keys = issue.putArray("keys");
      unknown.forEach(keys::add);
    }
  }

  private void typeIssue(List<Object> path, String expected, JsonNode actual) {
    String received = typeName(actual);
    ObjectNode issue =
        issue("invalid_type", path, "Expected " + expected + ", received " + received);
    issue.put("expected", expected);
    issue.put("received", received);
  }

  private void rangeIssue(
      String code, List<Object> path, String boundName, String message, long bound) {
    ObjectNode issue = issue(code, path, message);
    issue.put(boundName, bound);
    issue.put("type", "number");
    issue.put("inclusive", true);
    issue.put("exact", false);
  }

  private ObjectNode issue(String code, List<Object> path, String message) {
    ObjectNode issue = Json.object();
    issue.put("code", code);
    ArrayNode p = issue.putArray("path");
    path.forEach(e -> p.add(e.toString()));
    issue.put("message", message);
    issues.add(issue);
    return issue;
  }

  private static String typeName(JsonNode v) {
    if (v.isNull()) {
      return "null";
    }
    if (v.isTextual()) {
      return "string";
    }
    if (v.isNumber()) {
      return "number";
    }
    if (v.isBoolean()) {
      return "boolean";
    }
    return v.isArray() ? "array" : "object";
  }

  private void throwIfInvalid() {
    if (issues.isEmpty()) {
      return;
    }
    ObjectNode body = Json.object();
    body.put("error", INVALID_PARAMETERS);
    ObjectNode details = body.putObject("details");
    details.putArray("_errors");
    ArrayNode list = body.putArray("issues");
    for (ObjectNode issue : issues) {
      list.add(issue);
      ObjectNode node = details;
      for (JsonNode segment : issue.get("path")) {
        ObjectNode child = (ObjectNode) node.get(segment.asText());
        if (child == null) {
          child = node.putObject(segment.asText());
          child.putArray("_errors");
        }
        node = child;
      }
      ((ArrayNode) node.get("_errors")).add(issue.get("message").asText());
    }
    throw ApiError.of(400, body, Map.of());
  }
}
