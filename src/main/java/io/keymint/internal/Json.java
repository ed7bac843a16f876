package io.keymint.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.Map;

/**
 * The one JSON codec. Bodies are read and written as trees with explicit property names: reading is
 * tolerant (unknown fields are ignored, because Venice adds fields), writing is strict (we only
 * ever put the fields the caller set, because Venice rejects unknown fields and some {@code
 * null}s).
 *
 * <p>Trees are built from Jackson's streaming parser and written with its generator, not through an
 * {@code ObjectMapper}: the mapper's set-up (serializer and deserializer caches, type factory, date
 * formats) loads a few hundred classes and cost ≈ 30 ms of every cold {@code keymint mint}, for
 * bodies of a few hundred bytes (docs/PERFORMANCE.md). The trees are the same as the mapper's
 * {@code readTree}: ints, longs and big integers by size, decimals as {@code BigDecimal} without
 * trailing zeros, the last of duplicate keys wins, anything after the first value is ignored.
 */
public final class Json {
  private static final JsonFactory FACTORY =
      JsonFactory.builder()
          .streamReadConstraints(
              StreamReadConstraints.builder().maxNestingDepth(64).maxStringLength(1 << 20).build())
          .build();

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private Json() {}

  /** A new empty object node. */
  public static ObjectNode object() {
    return NODES.objectNode();
  }

  /**
   * Parses {@code bytes}.
   *
   * @throws JsonProcessingException if it is not JSON
   */
  public static JsonNode parse(byte[] bytes) throws JsonProcessingException {
    try (JsonParser p = FACTORY.createParser(bytes)) {
      JsonToken first = p.nextToken();
      if (first == null) {
        throw new JsonParseException(p, "empty body");
      }
      return value(p, first);
    } catch (JsonProcessingException e) {
      throw e;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static JsonNode value(JsonParser p, JsonToken t) throws IOException {
    switch (t) {
      case START_OBJECT:
        ObjectNode object = NODES.objectNode();
        for (String name = p.nextFieldName(); name != null; name = p.nextFieldName()) {
          object.set(name, value(p, p.nextToken()));
        }
        return object;
      case START_ARRAY:
        ArrayNode array = NODES.arrayNode();
        for (JsonToken e = p.nextToken(); e != JsonToken.END_ARRAY; e = p.nextToken()) {
          array.add(value(p, e));
        }
        return array;
      case VALUE_STRING:
        return NODES.textNode(p.getText());
      case VALUE_NUMBER_INT:
        switch (p.getNumberType()) {
          case INT:
            return NODES.numberNode(p.getIntValue());
          case LONG:
            return NODES.numberNode(p.getLongValue());
          default:
            return NODES.numberNode(p.getBigIntegerValue());
        }
      case VALUE_NUMBER_FLOAT:
        if (p.isNaN()) { // only with non-standard parser features, kept for completeness
          return NODES.numberNode(p.getDoubleValue());
        }
        return NODES.numberNode(stripped(p.getDecimalValue()));
      case VALUE_TRUE:
        return NODES.booleanNode(true);
      case VALUE_FALSE:
        return NODES.booleanNode(false);
      case VALUE_NULL:
        return NODES.nullNode();
      default:
        throw new JsonParseException(p, "unexpected token " + t);
    }
  }

  /** "1.50" reads as 1.5, like the mapper's trees ("0.00" as 0). */
  private static BigDecimal stripped(BigDecimal d) {
    if (d.signum() == 0) {
      return BigDecimal.ZERO;
    }
    try {
      return d.stripTrailingZeros();
    } catch (ArithmeticException e) { // scale overflow on an absurd exponent: keep it as it came
      return d;
    }
  }

  /** Serialises {@code node} to UTF-8 bytes. */
  public static byte[] write(JsonNode node) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    try (JsonGenerator g = FACTORY.createGenerator(out)) {
      write(g, node);
    } catch (IOException e) {
      throw new IllegalStateException("a JSON tree always serialises", e);
    }
    return out.toByteArray();
  }

  /** Serialises {@code node} to a string, pretty-printed when {@code pretty}. */
  public static String writeString(JsonNode node, boolean pretty) {
    StringWriter out = new StringWriter(256);
    try (JsonGenerator g = FACTORY.createGenerator(out)) {
      if (pretty) {
        g.useDefaultPrettyPrinter();
      }
      write(g, node);
    } catch (IOException e) {
      throw new IllegalStateException("a JSON tree always serialises", e);
    }
    return out.toString();
  }

  private static void write(JsonGenerator g, JsonNode node) throws IOException {
    switch (node.getNodeType()) {
      case OBJECT:
        g.writeStartObject();
        for (Map.Entry<String, JsonNode> field : node.properties()) {
          g.writeFieldName(field.getKey());
          write(g, field.getValue());
        }
        g.writeEndObject();
        return;
      case ARRAY:
        g.writeStartArray();
        for (JsonNode element : node) {
          write(g, element);
        }
        g.writeEndArray();
        return;
      case STRING:
        g.writeString(node.textValue());
        return;
      case BOOLEAN:
        g.writeBoolean(node.booleanValue());
        return;
      case NULL:
        g.writeNull();
        return;
      case NUMBER:
        writeNumber(g, node);
        return;
      default: // BINARY, POJO, MISSING: never built by this code base
        throw new IllegalStateException("unsupported JSON node type " + node.getNodeType());
    }
  }

  private static void writeNumber(JsonGenerator g, JsonNode node) throws IOException {
    switch (node.numberType()) {
      case INT:
        g.writeNumber(node.intValue());
        return;
      case LONG:
        g.writeNumber(node.longValue());
        return;
      case BIG_INTEGER:
        g.writeNumber(node.bigIntegerValue());
        return;
      case FLOAT:
        g.writeNumber(node.floatValue());
        return;
      case DOUBLE:
        g.writeNumber(node.doubleValue());
        return;
      default:
        g.writeNumber(node.decimalValue());
    }
  }

  /** The text of {@code field} on {@code node}, or null when absent or JSON null. */
  public static String text(JsonNode node, String field) {
    JsonNode v = node == null ? null : node.get(field);
    return v == null || v.isNull() ? null : v.asText();
  }
}
