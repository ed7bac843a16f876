package io.keymint.bench;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keymint.internal.Json;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * JSON of one mint exchange: decode the token response, encode the mint request, decode the key.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class JsonBenchmark {
  private final byte[] tokenResponse =
      ("{\"data\":{\"token\":\"" + Tokens.TOKEN + "\"},\"success\":true}")
          .getBytes(StandardCharsets.UTF_8);
  private final byte[] mintResponse =
      ("{\"data\":{\"apiKey\":\"VENICE-INFERENCE-KEY-0123456789abcdefghijklmnopqrstuvwxyzABCDEF\","
              + "\"id\":\"c91e994a-545a-4a85-b3fd-e52b06554356\",\"apiKeyType\":\"INFERENCE\","
              + "\"description\":\"Web3 API Key\",\"expiresAt\":null,"
              + "\"consumptionLimit\":{\"usd\":null,\"diem\":null,\"vcu\":null}},\"success\":true}")
          .getBytes(StandardCharsets.UTF_8);
  private static final String SIGNATURE = "0x" + "ab".repeat(65);

  @Benchmark
  public byte[] exchange() throws JsonProcessingException {
    String token = Json.text(Json.parse(tokenResponse).get("data"), "token");
    ObjectNode body = Json.object();
    body.put("address", "0xBE934cAaF7fFcC404A69916A5c56C702a1c5Cf0c");
    body.put("signature", SIGNATURE);
    body.put("token", token);
    body.put("apiKeyType", "INFERENCE");
    byte[] request = Json.write(body);
    JsonNode data = Json.parse(mintResponse).get("data");
    if (Json.text(data, "apiKey") == null) {
      throw new IllegalStateException();
    }
    return request;
  }
}
