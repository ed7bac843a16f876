package io.keymint.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keymint.internal.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.web3j.crypto.ECKeyPair;

/** Plain HTTP to the emulator, for tests: real requests over loopback, no client code of ours. */
final class Http {
  static final ECKeyPair WALLET =
      ECKeyPair.create(
          new BigInteger("4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318", 16));
  static final String ADDRESS = "0x2c7536E3605D9C16a7a3D7b1898e529396a65c23";

  private static final HttpClient CLIENT =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private final URI base;

  Http(VeniceEmulator emulator) {
    this.base = emulator.baseUrl();
  }

  /** A response with its body parsed. */
  record Res(int status, JsonNode body, HttpResponse<String> raw) {
    String header(String name) {
      return raw.headers().firstValue(name).orElse(null);
    }

    String error() {
      return body.path("error").asText(null);
    }
  }

  Res get(String path, String bearer) {
    return send(request(path, bearer).GET());
  }

  Res post(String path, String bearer, String json) {
    return send(request(path, bearer).header("Content-Type", "application/json").POST(body(json)));
  }

  Res post(String path, String bearer, JsonNode json) {
    return post(path, bearer, Json.writeString(json, false));
  }

  Res patch(String path, String bearer, JsonNode json) {
    return send(
        request(path, bearer)
            .header("Content-Type", "application/json")
            .method("PATCH", body(Json.writeString(json, false))));
  }

  Res delete(String path, String bearer) {
    return send(request(path, bearer).DELETE());
  }

  Res send(HttpRequest.Builder builder) {
    try {
      HttpResponse<String> r =
          CLIENT.send(
              builder.timeout(Duration.ofSeconds(10)).build(),
              HttpResponse.BodyHandlers.ofString());
      JsonNode body =
          r.body().isEmpty()
              ? Json.object()
              : Json.parse(r.body().getBytes(StandardCharsets.UTF_8));
      return new Res(r.statusCode(), body, r);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  HttpRequest.Builder request(String path, String bearer) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path));
    if (bearer != null) {
      b.header("Authorization", "Bearer " + bearer);
    }
    return b;
  }

  static HttpRequest.BodyPublisher body(String json) {
    return HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8);
  }

  /** A fresh token from the emulator. */
  String token() {
    Res r = get("/api_keys/generate_web3_key", null);
    if (r.status() != 200) {
      throw new AssertionError("token: " + r.status() + " " + r.body());
    }
    return r.body().path("data").path("token").asText();
  }

  /** A valid mint body for the test wallet, signing {@code token}. */
  static ObjectNode mintBody(String token) {
    ObjectNode body = Json.object();
    body.put("address", ADDRESS);
    body.put("signature", io.keymint.testing.Web3jSigning.sign(token, WALLET));
    body.put("token", token);
    body.put("apiKeyType", "INFERENCE");
    return body;
  }

  Res mint(ObjectNode body) {
    return post("/api_keys/generate_web3_key", null, body);
  }
}
