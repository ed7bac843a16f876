package io.keymint.testing;

import com.fasterxml.jackson.databind.JsonNode;
import io.keymint.internal.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.provider.Arguments;

/** The known-answer vectors in src/test/resources/vectors, as JUnit arguments. */
public final class Vectors {
  private Vectors() {}

  /**
   * vectors/eip191-personal-sign.json (ethers 6 {@code Wallet.signMessage}): index, private key,
   * address, message, signature — for {@code @MethodSource("io.keymint.testing.Vectors#eip191")}.
   */
  public static List<Arguments> eip191() {
    try (InputStream in = Vectors.class.getResourceAsStream("/vectors/eip191-personal-sign.json")) {
      JsonNode root = Json.parse(in.readAllBytes());
      List<Arguments> out = new ArrayList<>();
      int i = 0;
      for (JsonNode v : root.get("vectors")) {
        out.add(
            Arguments.of(
                i++,
                v.get("privateKey").asText(),
                v.get("address").asText(),
                v.get("message").asText(),
                v.get("signature").asText()));
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
