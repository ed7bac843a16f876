package io.keymint.emulator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keymint.internal.Json;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The validation tokens of {@code GET /api_keys/generate_web3_key}: compact HS256 JWTs signed with
 * a random per-emulator key. Venice's real alg and claims are unknown (reference §7); HS256 with
 * {@code iss}, {@code aud}, {@code iat}, {@code exp} and a random {@code jti} is enough to produce
 * each of the four documented {@code JWT …} failures in the documented order. Thread-safe.
 */
final class Jwt {
  static final String ISSUER = "venice-emulator";
  static final String AUDIENCE = "venice-api-keys";

  static final String MALFORMED = "JWT is malformed";
  static final String BAD_SIGNATURE = "JWT signature is invalid";
  static final String BAD_CLAIMS = "JWT claims are invalid";
  static final String EXPIRED = "JWT has expired";

  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder B64D = Base64.getUrlDecoder();
  private static final String HEADER =
      B64.encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));

  private final byte[] key;
  private final Clock clock;
  private final Duration ttl;
  private final SecureRandom random;

  Jwt(SecureRandom random, Clock clock, Duration ttl) {
    this.random = random;
    this.key = new byte[32];
    random.nextBytes(key);
    this.clock = clock;
    this.ttl = ttl;
  }

  /** A new token valid for the ttl from now (by the injected clock). */
  String issue() {
    long iat = clock.instant().getEpochSecond();
    byte[] jti = new byte[16];
    random.nextBytes(jti);
    ObjectNode claims = Json.object();
    claims.put("iss", ISSUER);
    claims.put("aud", AUDIENCE);
    claims.put("iat", iat);
    claims.put("exp", iat + ttl.toSeconds());
    claims.put("jti", B64.encodeToString(jti));
    return sign(claims);
  }

  /** Any claims, signed with this emulator's key (tests forge wrong claims with it). */
  String sign(ObjectNode claims) {
    String signingInput = HEADER + "." + B64.encodeToString(Json.write(claims));
    return signingInput + "." + B64.encodeToString(hmac(signingInput));
  }

  /**
   * Checks {@code token}: well-formed, then signature, then claims, then expiry, as Venice's error
   * table lists them.
   *
   * @return the verified claims ({@code jti} and {@code exp} are present)
   * @throws ApiError 400 with the matching {@code JWT …} message
   */
  Claims verify(String token) {
    String[] parts = token.split("\\.", -1);
    if (parts.length != 3) {
      throw ApiError.badRequest(MALFORMED);
    }
    JsonNode header = decodeObject(parts[0]);
    JsonNode payload = decodeObject(parts[1]);
    byte[] signature = decode(parts[2]);
    // A token whose header names another alg (e.g. "none") was not signed by us: that is a
    // signature failure, not a malformed token.
    if (!"HS256".equals(header.path("alg").asText(null))
        || !MessageDigest.isEqual(signature, hmac(parts[0] + "." + parts[1]))) {
      throw ApiError.badRequest(BAD_SIGNATURE);
    }
    JsonNode exp = payload.get("exp");
    JsonNode jti = payload.get("jti");
    if (!ISSUER.equals(payload.path("iss").asText(null))
        || !AUDIENCE.equals(payload.path("aud").asText(null))
        || exp == null
        || !exp.canConvertToLong()
        || jti == null
        || !jti.isTextual()) {
      throw ApiError.badRequest(BAD_CLAIMS);
    }
    if (clock.instant().getEpochSecond() >= exp.asLong()) {
      throw ApiError.badRequest(EXPIRED);
    }
    return new Claims(jti.asText(), exp.asLong());
  }

  /** What a verified token carries that the mint needs: its id (for single use) and expiry. */
  record Claims(String jti, long exp) {}

  private static byte[] decode(String part) {
    try {
      return B64D.decode(part);
    } catch (IllegalArgumentException e) {
      throw ApiError.badRequest(MALFORMED);
    }
  }

  private static JsonNode decodeObject(String part) {
    try {
      JsonNode node = Json.parse(decode(part));
      if (!node.isObject()) {
        throw ApiError.badRequest(MALFORMED);
      }
      return node;
    } catch (JsonProcessingException e) {
      throw ApiError.badRequest(MALFORMED);
    }
  }

  private byte[] hmac(String signingInput) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
    }
  }
}
