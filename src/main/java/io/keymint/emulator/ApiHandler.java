package io.keymint.emulator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.keymint.internal.Json;
import io.keymint.signature.PersonalSign;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Routing, HTTP plumbing and the routes of the emulator. One instance serves all requests; it holds
 * no state of its own besides the collaborators, so it is as thread-safe as {@link EmulatorState}.
 *
 * <p>Order of checks on every request: body size (413, as a proxy in front would), route (404),
 * method (405), then the route's own order — for admin routes authentication before anything in the
 * body.
 */
final class ApiHandler implements HttpHandler {
  static final String BASE_PATH = "/api/v1";
  static final String VENICE_VERSION = "20260821.193530";
  static final int MAX_BODY_BYTES = 64 * 1024;

  static final String INVALID_ADDRESS = "Invalid wallet address";
  static final String SIGNATURE_MISMATCH = "Wallet signature does not match";
  static final String VERIFY_FAILED = "Could not verify wallet signature";
  static final String AUTH_FAILED = "Authentication failed";
  static final String ADMIN_REQUIRED = "Admin API key required";

  private static final String DEFAULT_MINT_DESCRIPTION = "Web3 API Key";
  private static final int MAX_DESCRIPTION = 64;
  private static final String USDC_BASE = "0x833589fCD6eDb6E08f4c7C32D4f71b54bdA02913";

  private final EmulatorState state;
  private final Jwt jwt;
  private final SecureRandom random;

  ApiHandler(EmulatorState state, Jwt jwt, SecureRandom random) {
    this.state = state;
    this.jwt = jwt;
    this.random = random;
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    Reply reply;
    Request request = null;
    try {
      request = new Request(exchange);
      reply = route(request);
    } catch (ApiError e) {
      reply = new Reply(e.status(), e.body(), e.headers());
    } catch (RuntimeException e) {
      // never echo the exception: it could carry request content
      reply = new Reply(500, ApiError.standard(500, "An unknown error occurred").body(), Map.of());
    }
    send(exchange, reply, request == null ? Map.of() : request.extraHeaders);
  }

  private Reply route(Request r) {
    if (!r.method.equals("GET")) {
      r.body();
    }
    String path = r.path;
    if (!path.startsWith(BASE_PATH + "/")) {
      throw notFound();
    }
    String rest = path.substring(BASE_PATH.length());
    switch (rest) {
      case "/api_keys":
        switch (allow(r, "GET", "POST", "PATCH", "DELETE")) {
          case "GET":
            return listKeys(r);
          case "POST":
            return createKey(r);
          case "PATCH":
            return updateKey(r);
          default:
            return revokeKey(r);
        }
      case "/api_keys/generate_web3_key":
        return allow(r, "GET", "POST").equals("GET") ? issueToken() : mint(r);
      case "/api_keys/rate_limits":
        allow(r, "GET");
        return rateLimits(r);
      case "/api_keys/rate_limits/log":
        allow(r, "GET");
        return rateLimitLog(r);
      case "/models":
        allow(r, "GET");
        return models();
      default:
        String id = rest.startsWith("/api_keys/") ? rest.substring("/api_keys/".length()) : "";
        if (id.isEmpty() || id.contains("/")) {
          throw notFound();
        }
        allow(r, "GET");
        return keyDetails(r, URLDecoder.decode(id, StandardCharsets.UTF_8));
    }
  }

  // ---- web3 mint (§1.3–1.6, §8) ----

  private Reply issueToken() {
    ObjectNode data = Json.object();
    data.put("token", jwt.issue());
    return Reply.ok(Views.success(data));
  }

  /**
   * The mint, in the order of reference §8. Token reuse: real Venice behaviour is unknown (§7); the
   * emulator makes a token single-use once it has minted a key (a failed attempt does not use it
   * up), answering 400 {@value EmulatorState#TOKEN_USED} right after the other JWT checks. That is
   * the strict reading, so a client that passes here never depends on reuse.
   *
   * <p>Neither the creation rate nor the description length limit of {@code POST /api_keys} is
   * applied (the SPEC gives neither for this route); the active-key ceiling is, since it is a
   * property of the account, not of the route.
   */
  private Reply mint(Request r) {
    BodyValidator v = BodyValidator.of(jsonBody(r));
    String address = v.string("address", true, 0);
    String signature = v.string("signature", true, 0);
    String token = v.string("token", true, 0);
    Wire.KeyType type = v.enumValue("apiKeyType", Wire.KeyType.class, true);
    String description = v.string("description", false, 0);
    Instant expiresAt = v.expiresAt("expiresAt", false);
    Limits limits = v.consumptionLimit("consumptionLimit");
    Wire.Period period = v.enumValue("limitPeriod", Wire.Period.class, false);
    Wire.Privacy privacy = v.enumValue("modelPrivacy", Wire.Privacy.class, false);
    v.finish();

    if (!PersonalSign.isAddress(address)) {
      throw ApiError.badRequest(INVALID_ADDRESS);
    }
    Jwt.Claims claims = jwt.verify(token);
    if (state.isTokenUsed(claims.jti())) {
      throw ApiError.badRequest(EmulatorState.TOKEN_USED);
    }
    String signer;
    try {
      signer = PersonalSign.recoverAddress(token, signature);
    } catch (IllegalArgumentException e) {
      signer = null;
    }
    if (signer == null || !signer.equalsIgnoreCase(address)) {
      throw ApiError.badRequest(SIGNATURE_MISMATCH);
    }
    if (state.takeVerificationFailure()) {
      throw ApiError.badRequest(VERIFY_FAILED);
    }
    if (!state.isStaker(address)) {
      throw ApiError.badRequest("Wallet " + address + " has no staked VVV on Base");
    }
    KeySpec spec =
        spec(
            type,
            description == null ? DEFAULT_MINT_DESCRIPTION : description,
            expiresAt,
            limits,
            period,
            privacy);
    synchronized (state) {
      KeyRecord minted = state.mint(address, claims, spec);
      if (state.takeLostMintReply()) {
        // the key exists, its secret never reaches the client: an ambiguous mint
        throw ApiError.standard(500, "An unknown error occurred");
      }
      return Reply.ok(Views.success(Views.key(minted, Views.Shape.MINTED)));
    }
  }

  // ---- admin routes (§2) ----

  private Reply listKeys(Request r) {
    KeyRecord caller = authenticate(r, true);
    synchronized (state) {
      return Reply.ok(Views.apiKeyList(state.list(caller.account)));
    }
  }

  private Reply createKey(Request r) {
    KeyRecord caller = authenticate(r, true);
    BodyValidator v = BodyValidator.of(jsonBody(r));
    Wire.KeyType type = v.enumValue("apiKeyType", Wire.KeyType.class, true);
    String description = v.string("description", true, MAX_DESCRIPTION);
    Instant expiresAt = v.expiresAt("expiresAt", false);
    Limits limits = v.consumptionLimit("consumptionLimit");
    Wire.Period period = v.enumValue("limitPeriod", Wire.Period.class, false);
    Wire.Privacy privacy = v.enumValue("modelPrivacy", Wire.Privacy.class, false);
    v.finish();
    KeySpec spec = spec(type, description, expiresAt, limits, period, privacy);
    synchronized (state) {
      return Reply.ok(
          Views.success(Views.key(state.createByAdmin(caller, spec), Views.Shape.CREATED)));
    }
  }

  /**
   * Only the fields sent change. {@code expiresAt} {@code null} or {@code ""} removes the expiry; a
   * cap sent as {@code null} inside {@code consumptionLimit} is removed, a cap not sent is kept.
   * {@code apiKeyType} is not in the schema, so sending it is an unknown-field DetailedError.
   */
  private Reply updateKey(Request r) {
    KeyRecord caller = authenticate(r, true);
    BodyValidator v = BodyValidator.of(jsonBody(r));
    String id = v.string("id", true, 0);
    String description = v.string("description", false, MAX_DESCRIPTION);
    Instant expiresAt = v.expiresAt("expiresAt", true);
    Limits limits = v.consumptionLimit("consumptionLimit");
    Wire.Period period = v.enumValue("limitPeriod", Wire.Period.class, false);
    Wire.Privacy privacy = v.enumValue("modelPrivacy", Wire.Privacy.class, false);
    v.finish();
    synchronized (state) {
      KeyRecord key = state.find(caller.account, id);
      if (key == null) {
        throw ApiError.badRequest("API key not found or expired");
      }
      if (description != null) {
        key.description = description;
      }
      if (v.has("expiresAt")) {
        key.expiresAt = expiresAt;
      }
      if (limits != null) {
        JsonNode sent = v.raw("consumptionLimit");
        Limits old = key.limits;
        key.limits =
            new Limits(
                sent.has("usd") ? limits.usd() : old.usd(),
                sent.has("diem") ? limits.diem() : old.diem(),
                sent.has("vcu") ? limits.vcu() : old.vcu());
      }
      if (period != null) {
        key.limitPeriod = period;
      }
      if (privacy != null) {
        key.modelPrivacy = privacy;
      }
      return Reply.ok(Views.success(Views.key(key, Views.Shape.UPDATED)));
    }
  }

  /** The id comes from {@code ?id=}, or else from a JSON body {@code {"id": …}} (SK-KEYS). */
  private Reply revokeKey(Request r) {
    KeyRecord caller = authenticate(r, true);
    String id = r.query("id");
    if (id == null) {
      BodyValidator v = BodyValidator.of(r.body().length == 0 ? Json.object() : jsonBody(r));
      id = v.string("id", true, 0);
      v.finish();
    }
    if (!state.revoke(caller.account, id)) {
      throw ApiError.badRequest("API key could not be found");
    }
    return Reply.ok(Views.success(null));
  }

  private Reply keyDetails(Request r, String id) {
    KeyRecord caller = authenticate(r, true);
    synchronized (state) {
      KeyRecord key = state.find(caller.account, id);
      if (key == null) {
        throw ApiError.badRequest("API key not found");
      }
      return Reply.ok(Views.data(Views.key(key, Views.Shape.LISTED)));
    }
  }

  /**
   * Any key type may call this. The emulator serves no inference: balances are what {@link
   * VeniceEmulator#balances} set (default $25 and 2 DIEM), clamped to the key's caps, {@code
   * accessPermitted} is what {@link VeniceEmulator#accessPermitted} set, and the model list is a
   * fixed sample in the SPEC's shape.
   */
  private Reply rateLimits(Request r) {
    KeyRecord caller = authenticate(r, false);
    ObjectNode data = Json.object();
    data.put("accessPermitted", !state.accessDenied());
    ObjectNode tier = data.putObject("apiTier");
    tier.put("id", "paid");
    tier.put("isCharged", true);
    ObjectNode balances = data.putObject("balances");
    state.balancesFor(caller).forEach((k, v) -> balances.set(k, Limits.number(v)));
    synchronized (state) {
      data.put("keyExpiration", Views.time(caller.expiresAt));
    }
    LocalDate today = LocalDate.ofInstant(state.now(), ZoneOffset.UTC);
    data.put(
        "nextEpochBegins", Views.time(today.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant()));
    ArrayNode models = data.putArray("rateLimits");
    addModel(models, "zai-org-glm-5-1", 100, "RPM", 2_000_000, "TPM");
    addModel(models, "venice-uncensored", 500, "RPM", 1_000_000, "TPM");
    return Reply.ok(Views.data(data));
  }

  private static void addModel(
      ArrayNode models, String id, long a1, String t1, long a2, String t2) {
    ObjectNode model = models.addObject();
    model.put("apiModelId", id);
    ArrayNode limits = model.putArray("rateLimits");
    limits.addObject().put("amount", a1).put("type", t1);
    limits.addObject().put("amount", a2).put("type", t2);
  }

  /**
   * {@code GET /models}: public, a fixed sample of text models in Venice's list shape (the models
   * the rate limits name).
   */
  private Reply models() {
    ArrayNode data = Json.object().arrayNode();
    for (String id : new String[] {"zai-org-glm-5-1", "venice-uncensored"}) {
      ObjectNode m = data.addObject();
      m.put("id", id);
      m.put("object", "model");
      m.put("type", "text");
      m.put("owned_by", "venice.ai");
      m.put("created", 1_735_689_600L);
    }
    return Reply.ok(Views.list(data));
  }

  /** ADMIN only, following SK-KEYS v0.2.0 where the sources conflict (§6.7). */
  private Reply rateLimitLog(Request r) {
    KeyRecord caller = authenticate(r, true);
    return Reply.ok(Views.rateLimitLog(state.rateLimitLog(caller.account)));
  }

  // ---- shared checks ----

  private static KeySpec spec(
      Wire.KeyType type,
      String description,
      Instant expiresAt,
      Limits limits,
      Wire.Period period,
      Wire.Privacy privacy) {
    return new KeySpec(
        type,
        description,
        expiresAt,
        limits == null ? Limits.NONE : limits,
        period == null ? Wire.Period.EPOCH : period,
        privacy == null ? Wire.Privacy.ALL : privacy);
  }

  /**
   * No header at all is 402 with the x402 discovery body (Venice offers pay-per-request before
   * asking for a key); a header that names no active key is 401; an INFERENCE key on an admin route
   * is 401 too, with its own message.
   */
  private KeyRecord authenticate(Request r, boolean adminOnly) {
    String header = r.header("Authorization");
    if (header == null) {
      throw paymentRequired(r);
    }
    String secret =
        header.regionMatches(true, 0, "Bearer ", 0, 7) ? header.substring(7).trim() : "";
    KeyRecord key = secret.isEmpty() ? null : state.authenticate(secret);
    if (key == null) {
      throw ApiError.standard(401, AUTH_FAILED);
    }
    // what Venice sends on credentialed answers (reference §3.3): the balance before the request
    // and the failed-request budget (Unix ms, per SK-ERR)
    state
        .balancesFor(key)
        .forEach(
            (currency, v) -> {
              if (!currency.equals("BUNDLED_CREDITS")) {
                r.extraHeaders.put(
                    "x-venice-balance-" + currency.toLowerCase(Locale.ROOT), v.toPlainString());
              }
            });
    r.extraHeaders.put("x-ratelimit-remaining", "50");
    r.extraHeaders.put(
        "x-ratelimit-resets", Long.toString(state.now().plusSeconds(30).toEpochMilli()));
    if (adminOnly && key.type != Wire.KeyType.ADMIN) {
      throw ApiError.standard(401, ADMIN_REQUIRED);
    }
    if (state.capSpent(key)) {
      String currency = key.limits.usd() != null ? "USD" : "DIEM";
      throw ApiError.standard(
          402,
          "API key "
              + currency
              + " spend limit exceeded. Raise the key's limit or wait for its limit period to"
              + " reset.");
    }
    return key;
  }

  /**
   * The x402 v2 discovery answer. Its exact content on {@code /api_keys*} is unknown (§7): this one
   * has the documented top-level fields, a USDC-on-Base {@code exact} offer with a zero {@code
   * payTo} (nothing can be paid to an emulator) and the auth options a client can pick.
   */
  private ApiError paymentRequired(Request r) {
    ObjectNode body = Json.object();
    body.put("x402Version", 2);
    body.put("error", "Authentication required");
    ObjectNode resource = body.putObject("resource");
    String host = r.header("Host");
    resource.put("url", "http://" + (host == null ? "127.0.0.1" : host) + r.path);
    resource.put("description", "Venice API (local emulator)");
    resource.put("mimeType", "application/json");
    ObjectNode offer = body.putArray("accepts").addObject();
    offer.put("scheme", "exact");
    offer.put("network", "eip155:8453");
    offer.put("amount", "100000");
    offer.put("asset", USDC_BASE);
    offer.put("payTo", "0x0000000000000000000000000000000000000000");
    offer.put("maxTimeoutSeconds", 300);
    offer.putObject("extra").put("name", "USD Coin").put("version", "2");
    ObjectNode siwx = body.putObject("extensions").putObject("sign-in-with-x");
    siwx.put("domain", "api.venice.ai");
    siwx.putArray("supportedChains").add("eip155:8453");
    ArrayNode options = body.putArray("authOptions");
    options
        .addObject()
        .put("type", "bearer")
        .put("header", "Authorization")
        .put("description", "Venice API key");
    options
        .addObject()
        .put("type", "siwx")
        .put("header", "SIGN-IN-WITH-X")
        .put("description", "Sign in with your wallet");
    options
        .addObject()
        .put("type", "x402")
        .put("header", "PAYMENT-SIGNATURE")
        .put("description", "Pay per request");
    String header = Base64.getEncoder().encodeToString(Json.write(body));
    return ApiError.of(402, body, Map.of("PAYMENT-REQUIRED", header));
  }

  /** Content type, then JSON syntax: the two checks Venice makes before the schema. */
  private static JsonNode jsonBody(Request r) {
    String type = r.header("Content-Type");
    String media = type == null ? "" : type.split(";", 2)[0].trim();
    if (!media.equalsIgnoreCase("application/json")) {
      throw ApiError.badRequest("'Content-Type' must be 'application/json'");
    }
    try {
      return Json.parse(r.body());
    } catch (JsonProcessingException e) {
      throw ApiError.badRequest("Invalid JSON request");
    }
  }

  private static String allow(Request r, String... methods) {
    for (String m : methods) {
      if (m.equals(r.method)) {
        return m;
      }
    }
    throw ApiError.standard(405, "Method not allowed", Map.of("Allow", String.join(", ", methods)));
  }

  private static ApiError notFound() {
    return ApiError.standard(
        404, "Not found: the emulator serves only /api/v1/api_keys routes and /api/v1/models");
  }

  private void send(HttpExchange exchange, Reply reply, Map<String, String> extra)
      throws IOException {
    try {
      byte[] bytes = Json.write(reply.body);
      var headers = exchange.getResponseHeaders();
      headers.set("Content-Type", "application/json");
      headers.set("CF-RAY", cfRay());
      headers.set("x-venice-version", VENICE_VERSION);
      extra.forEach(headers::set);
      reply.headers.forEach(headers::set);
      exchange.sendResponseHeaders(reply.status, bytes.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    } finally {
      exchange.close();
    }
  }

  private String cfRay() {
    byte[] bytes = new byte[8];
    random.nextBytes(bytes);
    StringBuilder sb = new StringBuilder(20);
    for (byte b : bytes) {
      sb.append(Character.forDigit((b >> 4) & 0xf, 16)).append(Character.forDigit(b & 0xf, 16));
    }
    return sb.append("-EMU").toString();
  }

  /** A status, a JSON body and extra headers. May hold a secret (a mint answer): no toString. */
  static final class Reply {
    final int status;
    final ObjectNode body;
    final Map<String, String> headers;

    Reply(int status, ObjectNode body, Map<String, String> headers) {
      this.status = status;
      this.body = body;
      this.headers = headers;
    }

    static Reply ok(ObjectNode body) {
      return new Reply(200, body, Map.of());
    }

    @Override
    public String toString() {
      return "Reply{status=" + status + "}";
    }
  }

  /** The parts of an exchange the routes read; the body is read once, at most 64 KiB. */
  private static final class Request {
    final String method;
    final String path;
    private final HttpExchange exchange;
    private final Map<String, String> query = new LinkedHashMap<>();
    final Map<String, String> extraHeaders = new LinkedHashMap<>();
    private byte[] body;

    Request(HttpExchange exchange) {
      this.exchange = exchange;
      this.method = exchange.getRequestMethod().toUpperCase(Locale.ROOT);
      this.path = exchange.getRequestURI().getRawPath();
      String raw = exchange.getRequestURI().getRawQuery();
      if (raw != null) {
        for (String pair : raw.split("&")) {
          int eq = pair.indexOf('=');
          String name =
              URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
          String value =
              eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
          query.putIfAbsent(name, value);
        }
      }
    }

    String header(String name) {
      return exchange.getRequestHeaders().getFirst(name);
    }

    String query(String name) {
      String v = query.get(name);
      return v == null || v.isEmpty() ? null : v;
    }

    /**
     * @throws ApiError 413 over 64 KiB (by Content-Length, or by counting a chunked body)
     */
    byte[] body() {
      if (body == null) {
        body = readBody();
      }
      return body;
    }

    private byte[] readBody() {
      try (InputStream in = exchange.getRequestBody()) {
        String length = header("Content-Length");
        if (length != null && parseLength(length) > MAX_BODY_BYTES) {
          throw tooLarge(in);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        int n;
        while ((n = in.read(buffer)) > 0) {
          out.write(buffer, 0, n);
          if (out.size() > MAX_BODY_BYTES) {
            throw tooLarge(in);
          }
        }
        return out.toByteArray();
      } catch (IOException e) {
        throw ApiError.badRequest("Could not read the request body");
      }
    }

    private static long parseLength(String length) {
      try {
        return Long.parseLong(length.trim());
      } catch (NumberFormatException e) {
        throw ApiError.badRequest("Invalid Content-Length");
      }
    }

    /**
     * Reads and drops what is left (up to 8 MiB) before answering: a client still sending its body
     * would otherwise see a reset connection instead of the 413.
     */
    private static ApiError tooLarge(InputStream in) throws IOException {
      byte[] sink = new byte[8192];
      long dropped = 0;
      int n;
      while (dropped < 8L * 1024 * 1024 && (n = in.read(sink)) > 0) {
        dropped += n;
      }
      return tooLarge();
    }

    private static ApiError tooLarge() {
      ObjectNode body = Json.object();
      body.put("code", "PAYLOAD_TOO_LARGE");
      body.put("error", "Request body is larger than " + MAX_BODY_BYTES + " bytes");
      return ApiError.of(413, body, Map.of());
    }
  }
}
