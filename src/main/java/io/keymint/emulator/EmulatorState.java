package io.keymint.emulator;

import io.keymint.signature.PersonalSign;
import io.keymint.venice.ApiKeyType;
import java.math.BigDecimal;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * Everything the emulator remembers: accounts and their keys, stakers, used tokens, the creation
 * rate window and the test hooks. Every method is {@code synchronized}: the emulator serves a few
 * requests at a time, so one monitor is simpler than finer locks and cannot deadlock.
 *
 * <p><b>Account model.</b> An account is a string: the lower-cased wallet address for keys minted
 * through web3 (one account per wallet, created on first mint, as §1.5 describes), or {@link
 * #DEFAULT_ACCOUNT} for keys seeded with {@link VeniceEmulator#createKey}. Admin routes only see
 * keys of the caller's own account.
 */
final class EmulatorState {
  static final String DEFAULT_ACCOUNT = "default";
  static final String TOKEN_USED = "JWT has already been used";
  static final BigDecimal DEFAULT_USD_BALANCE = new BigDecimal("25");
  static final BigDecimal DEFAULT_DIEM_BALANCE = new BigDecimal("2");
  private static final Base64.Encoder SECRET_CHARS = Base64.getUrlEncoder().withoutPadding();
  private static final int LOG_SIZE = 50;

  private final Clock clock;
  private final SecureRandom random;
  private final int creationLimit;
  private final Duration creationWindow;
  private final int maxActiveKeys;

  private final Set<String> stakers = new HashSet<>();
  private final Map<String, KeyRecord> keysById = new HashMap<>();
  private final Map<String, KeyRecord> keysBySecret = new HashMap<>();
  private final Map<String, Deque<Instant>> creations = new HashMap<>();
  private final Map<String, Deque<RateLimitLogEntry>> rateLimitLogs = new HashMap<>();

  /** jti → exp (epoch seconds); pruned once a token would be refused as expired anyway. */
  private final Map<String, Long> usedTokens = new LinkedHashMap<>();

  private final List<String> issuedSecrets = new ArrayList<>();
  private int failVerifications;
  private int loseMintReplies;
  private boolean accessDenied;
  private boolean spendCapReached;
  private BigDecimal usdBalance = DEFAULT_USD_BALANCE;
  private BigDecimal diemBalance = DEFAULT_DIEM_BALANCE;
  private int mintCount;
  private long sequence;

  EmulatorState(
      Clock clock,
      SecureRandom random,
      int creationLimit,
      Duration creationWindow,
      int maxActiveKeys,
      Set<String> stakers) {
    this.clock = clock;
    this.random = random;
    this.creationLimit = creationLimit;
    this.creationWindow = creationWindow;
    this.maxActiveKeys = maxActiveKeys;
    stakers.forEach(this::addStaker);
  }

  Instant now() {
    return clock.instant();
  }

  synchronized void addStaker(String address) {
    stakers.add(PersonalSign.normalize(address));
  }

  synchronized void removeStaker(String address) {
    stakers.remove(PersonalSign.normalize(address));
  }

  synchronized boolean isStaker(String address) {
    return stakers.contains(PersonalSign.normalize(address));
  }

  synchronized void failNextVerifications(int n) {
    failVerifications = n;
  }

  /** True (and counts one down) when the "RPC" verification of this mint should fail. */
  synchronized boolean takeVerificationFailure() {
    if (failVerifications > 0) {
      failVerifications--;
      return true;
    }
    return false;
  }

  /** The next {@code n} successful mints create the key but answer 500 (an ambiguous mint). */
  synchronized void loseNextMintReplies(int n) {
    loseMintReplies = n;
  }

  /** True (and counts one down) when this successful mint's reply should be lost. */
  synchronized boolean takeLostMintReply() {
    if (loseMintReplies > 0) {
      loseMintReplies--;
      return true;
    }
    return false;
  }

  synchronized void accessDenied(boolean denied) {
    accessDenied = denied;
  }

  synchronized boolean accessDenied() {
    return accessDenied;
  }

  synchronized void spendCapReached(boolean reached) {
    spendCapReached = reached;
  }

  /** True when {@code key} has a cap and the spent-cap switch is on. */
  synchronized boolean capSpent(KeyRecord key) {
    return spendCapReached && key.limits.hasUsdOrDiem();
  }

  synchronized void balances(BigDecimal usd, BigDecimal diem) {
    usdBalance = usd;
    diemBalance = diem;
  }

  /**
   * The account's balances as {@code key} sees them: each clamped to the key's cap in that currency
   * (usage is always zero here, so the remaining cap is the cap), as Venice clamps them.
   */
  synchronized Map<String, BigDecimal> balancesFor(KeyRecord key) {
    Map<String, BigDecimal> b = new LinkedHashMap<>();
    b.put("USD", clamp(usdBalance, key.limits.usd()));
    b.put("DIEM", clamp(diemBalance, key.limits.diem()));
    b.put("BUNDLED_CREDITS", BigDecimal.ZERO);
    return b;
  }

  private static BigDecimal clamp(BigDecimal balance, BigDecimal cap) {
    return cap == null || balance.compareTo(cap) <= 0 ? balance : cap;
  }

  synchronized boolean isTokenUsed(String jti) {
    return usedTokens.containsKey(jti);
  }

  /**
   * Mints a key for {@code wallet}. Re-checks single use under the lock so that two concurrent
   * mints with one token cannot both succeed.
   *
   * @throws ApiError 400 if the token was used meanwhile or the account is at its key ceiling
   */
  synchronized KeyRecord mint(String wallet, Jwt.Claims token, KeySpec spec) {
    if (usedTokens.containsKey(token.jti())) {
      throw ApiError.badRequest(TOKEN_USED);
    }
    String account = PersonalSign.normalize(wallet);
    checkCeiling(account);
    KeyRecord key = create(account, spec);
    pruneUsedTokens();
    usedTokens.put(token.jti(), token.exp());
    mintCount++;
    return key;
  }

  /**
   * {@code POST /api_keys}: the creation rate, then the active-key ceiling, then the key.
   *
   * <p>The rate is a sliding window over successful creations of the account: the request that
   * would make more than {@code creationLimit} creations inside the last {@code creationWindow}
   * gets 429 with {@code Retry-After} = seconds until the oldest of them leaves the window. Refused
   * requests do not count, so a client that waits {@code Retry-After} always gets through.
   */
  synchronized KeyRecord createByAdmin(KeyRecord caller, KeySpec spec) {
    String account = caller.account;
    Instant now = clock.instant();
    Deque<Instant> window = creations.computeIfAbsent(account, a -> new ArrayDeque<>());
    while (!window.isEmpty() && !window.peekFirst().isAfter(now.minus(creationWindow))) {
      window.removeFirst();
    }
    if (window.size() >= creationLimit) {
      Duration wait = Duration.between(now, window.peekFirst().plus(creationWindow));
      long seconds = Math.max(1, (wait.toMillis() + 999) / 1000);
      logRateLimit(account, caller.id, "endpoint:api/v1/api_keys", "RPM");
      throw ApiError.standard(
          429, "Rate limit exceeded", Map.of("Retry-After", Long.toString(seconds)));
    }
    checkCeiling(account);
    KeyRecord key = create(account, spec);
    window.addLast(now);
    return key;
  }

  /** Seeds a key without any check, for tests that need e.g. an ADMIN key up front. */
  synchronized KeyRecord seed(KeySpec spec) {
    return create(DEFAULT_ACCOUNT, spec);
  }

  /** Seeds a key into {@code wallet}'s account, as if that wallet had minted it. */
  synchronized KeyRecord seed(String wallet, KeySpec spec) {
    return create(PersonalSign.normalize(wallet), spec);
  }

  private void checkCeiling(String account) {
    Instant now = clock.instant();
    long active =
        keysById.values().stream()
            .filter(k -> k.account.equals(account) && k.isActive(now))
            .count();
    if (active >= maxActiveKeys) {
      throw ApiError.badRequest(
          "Maximum number of active API keys ("
              + maxActiveKeys
              + ") reached. Delete unused API keys and try again.");
    }
  }

  private KeyRecord create(String account, KeySpec spec) {
    byte[] bytes = new byte[32];
    random.nextBytes(bytes);
    String prefix = spec.type() == ApiKeyType.ADMIN ? "VENICE_ADMIN_KEY_" : "VENICE_INFERENCE_KEY_";
    // 32 random bytes are 43 base64url characters: the real length and charset are unknown (§7)
    String secret = prefix + SECRET_CHARS.encodeToString(bytes);
    KeyRecord key =
        new KeyRecord(
            UUID.randomUUID().toString(), secret, account, spec, clock.instant(), ++sequence);
    keysById.put(key.id, key);
    keysBySecret.put(secret, key);
    issuedSecrets.add(secret);
    return key;
  }

  private void pruneUsedTokens() {
    long now = clock.instant().getEpochSecond();
    usedTokens.values().removeIf(exp -> exp <= now);
  }

  /**
   * The active key with this secret, its {@code lastUsedAt} stamped; null if unknown, revoked or
   * expired.
   */
  synchronized KeyRecord authenticate(String secret) {
    KeyRecord key = keysBySecret.get(secret);
    Instant now = clock.instant();
    if (key == null || !key.isActive(now)) {
      return null;
    }
    key.lastUsedAt = now;
    return key;
  }

  /** The account's active key with this id, or null. */
  synchronized KeyRecord find(String account, String id) {
    KeyRecord key = keysById.get(id);
    return key != null && key.account.equals(account) && key.isActive(clock.instant()) ? key : null;
  }

  /** The account's active keys, newest first. */
  synchronized List<KeyRecord> list(String account) {
    Instant now = clock.instant();
    return keysById.values().stream()
        .filter(k -> k.account.equals(account) && k.isActive(now))
        .sorted(Comparator.comparingLong((KeyRecord k) -> k.sequence).reversed())
        .collect(Collectors.toList());
  }

  /** Runs {@code change} on the account's active key under the lock; false if there is none. */
  synchronized boolean update(String account, String id, Consumer<KeyRecord> change) {
    KeyRecord key = find(account, id);
    if (key == null) {
      return false;
    }
    change.accept(key);
    return true;
  }

  /** Revokes the account's active key; false if there is none. */
  synchronized boolean revoke(String account, String id) {
    return update(account, id, k -> k.revoked = true);
  }

  synchronized void logRateLimit(String account, String apiKeyId, String modelId, String type) {
    Deque<RateLimitLogEntry> log = rateLimitLogs.computeIfAbsent(account, a -> new ArrayDeque<>());
    log.addFirst(new RateLimitLogEntry(apiKeyId, modelId, "paid", type, clock.instant()));
    while (log.size() > LOG_SIZE) {
      log.removeLast();
    }
  }

  /** The account's last 50 rate-limit breaches, newest first. */
  synchronized List<RateLimitLogEntry> rateLimitLog(String account) {
    return new ArrayList<>(rateLimitLogs.getOrDefault(account, new ArrayDeque<>()));
  }

  synchronized int mintCount() {
    return mintCount;
  }

  synchronized List<String> issuedSecrets() {
    return List.copyOf(issuedSecrets);
  }

  synchronized int activeKeyCount() {
    Instant now = clock.instant();
    return (int) keysById.values().stream().filter(k -> k.isActive(now)).count();
  }

  /** One line of {@code GET /api_keys/rate_limits/log}. */
  record RateLimitLogEntry(
      String apiKeyId,
      String modelId,
      String rateLimitTier,
      String rateLimitType,
      Instant timestamp) {}
}
