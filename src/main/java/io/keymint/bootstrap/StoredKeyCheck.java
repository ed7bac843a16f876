package io.keymint.bootstrap;

import io.keymint.Setting;
import io.keymint.sink.KeyMetadata;
import io.keymint.sink.StoredKey;
import io.keymint.venice.AuthenticationException;
import io.keymint.venice.ConsumptionLimit;
import io.keymint.venice.IssuedKey;
import io.keymint.venice.LimitPeriod;
import io.keymint.venice.PaymentRequiredException;
import io.keymint.venice.PermissionDeniedException;
import io.keymint.venice.RateLimits;
import io.keymint.venice.VeniceClient;
import io.keymint.wallet.Wallet;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether a stored key can be reused: whose it is, whether Venice still admits it, and how it
 * differs from this run's spec.
 */
final class StoredKeyCheck {
  private static final Logger log = LoggerFactory.getLogger(KeyBootstrap.class);

  private final BootstrapConfig c;

  StoredKeyCheck(BootstrapConfig config) {
    this.c = config;
  }

  /** Whether the key can be reused as it is: this wallet's, and Venice admits it. */
  boolean reusable(StoredKey stored) {
    return foreignWallet(stored) == null && problem(stored) == null;
  }

  /**
   * The wallet that minted the stored key, when its metadata names one and it is not this wallet;
   * else null. The address comes from the source without unlocking when it can (a keystore's
   * field), else from unlocking.
   */
  String foreignWallet(StoredKey stored) {
    Optional<String> owner = stored.metadata().flatMap(KeyMetadata::walletAddress);
    if (owner.isEmpty()) {
      return null;
    }
    String mine = c.wallet.knownAddress().orElse(null);
    if (mine == null) {
      try (Wallet w = c.wallet.unlock()) {
        mine = w.address();
      }
    }
    return owner.get().equalsIgnoreCase(mine) ? null : owner.get();
  }

  /**
   * Why the stored key cannot be reused, or null when it can.
   *
   * @throws BootstrapException {@link BootstrapException.Kind#KEY_REFUSED} if Venice refuses it for
   *     now and replacing refused keys was not asked for
   */
  String problem(StoredKey stored) {
    Instant horizon = c.clock.instant().plus(c.margin);
    Optional<KeyMetadata> meta = stored.metadata();
    if (meta.isPresent()) {
      KeyMetadata m = meta.get();
      if (m.type() != c.spec.type()) {
        return "the stored key " + m.id() + " is " + m.type() + ", not " + c.spec.type();
      }
      if (m.expiresAt().isPresent() && !horizon.isBefore(m.expiresAt().get())) {
        return "the stored key "
            + m.id()
            + " expires at "
            + m.expiresAt().get()
            + ", within the margin of "
            + c.margin;
      }
    }
    RateLimits limits;
    try (VeniceClient as = c.client.newBuilder().apiKey(stored.secret()).build()) {
      limits = as.apiKeys().rateLimits();
    } catch (AuthenticationException e) {
      return "Venice no longer knows the stored key (401: revoked, expired or unknown)";
    } catch (PermissionDeniedException | PaymentRequiredException e) {
      return refused(stored, e.statusCode() + " " + e.veniceMessage());
    }
    if (!limits.accessPermitted()) {
      return refused(stored, "accessPermitted is false");
    }
    if (limits.keyExpiration().isPresent() && !horizon.isBefore(limits.keyExpiration().get())) {
      return "the stored key expires at "
          + limits.keyExpiration().get()
          + ", within the margin of "
          + c.margin;
    }
    return null;
  }

  /**
   * The stored key exists but Venice refuses it now, typically because its spending cap is used up.
   * A new key would lift that cap — the opposite of what a cap is for — so this is an error unless
   * the caller asked for replacement.
   */
  private String refused(StoredKey stored, String why) {
    String id = stored.metadata().map(KeyMetadata::id).orElse("(unknown id)");
    String reason = "Venice refuses the stored key " + id + " now (" + why + ")";
    if (c.replaceRefused) {
      return reason;
    }
    throw new BootstrapException(
        BootstrapException.Kind.KEY_REFUSED,
        reason
            + ": its spending cap may be used up or the balance exhausted. Not minting a replacement,"
            + " which would lift the cap; wait for the limit period to reset, raise the cap, or set "
            + Setting.REPLACE_REFUSED.apiName(),
        null,
        Setting.REPLACE_REFUSED);
  }

  /**
   * How the stored key differs from this run's spec (logged at INFO: the result carries it, and the
   * CLI prints a warning); empty without metadata.
   */
  List<String> driftOf(StoredKey stored) {
    List<String> drift = stored.metadata().map(this::drift).orElse(List.of());
    if (!drift.isEmpty()) {
      log.info(
          "the stored key {} differs from what this run asks for: {}{}",
          stored.metadata().map(KeyMetadata::id).orElse("?"),
          String.join("; ", drift),
          c.replaceOnDrift
              ? " — replacing it"
              : " (kept; " + Setting.REPLACE_ON_DRIFT.apiName() + " replaces it)");
    }
    return drift;
  }

  /**
   * How the stored key's metadata differs from the spec: caps, their period (when capped) and
   * expiry, each as Venice defaults them when the spec leaves them out (no cap, EPOCH, never).
   */
  private List<String> drift(KeyMetadata m) {
    List<String> out = new ArrayList<>();
    ConsumptionLimit asked = c.spec.consumptionLimit().orElse(ConsumptionLimit.NONE);
    ConsumptionLimit had = m.consumptionLimit();
    LimitPeriod askedPeriod = c.spec.limitPeriod().orElse(LimitPeriod.EPOCH);
    LimitPeriod hadPeriod = m.limitPeriod().orElse(null);
    boolean capsDiffer =
        !same(asked.usd().orElse(null), had.usd().orElse(null))
            || !same(asked.diem().orElse(null), had.diem().orElse(null));
    boolean periodDiffers =
        hadPeriod != null && hadPeriod != askedPeriod && !(asked.isEmpty() && had.isEmpty());
    if (capsDiffer || periodDiffers) {
      out.add(
          "caps: stored "
              + had.describe(hadPeriod)
              + ", asked "
              + asked.describe(askedPeriod)
              + m.limitsSource()
                  .filter(src -> src != IssuedKey.LimitsSource.REPORTED)
                  .map(src -> " (stored caps as recorded at mint, " + src + ")")
                  .orElse(""));
    }
    Instant askedExpiry = c.spec.expiresAt().map(StoredKeyCheck::expiry).orElse(null);
    Instant hadExpiry = m.expiresAt().orElse(null);
    if (!Objects.equals(askedExpiry, hadExpiry)) {
      out.add(
          "expiry: stored "
              + (hadExpiry == null ? "never" : hadExpiry.toString())
              + ", asked "
              + (askedExpiry == null ? "never" : askedExpiry.toString()));
    }
    return out;
  }

  private static boolean same(BigDecimal a, BigDecimal b) {
    return a == null ? b == null : b != null && a.compareTo(b) == 0;
  }

  /** A spec's expiry text as an instant: a bare date is the start of that UTC day. */
  private static Instant expiry(String text) {
    if (text.length() == 10) {
      return LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant();
    }
    return Instant.parse(text);
  }
}
