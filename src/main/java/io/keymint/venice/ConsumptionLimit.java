package io.keymint.venice;

import java.math.BigDecimal;
import java.util.Objects;
import java.util.Optional;

/**
 * Spending caps of a key, evaluated over its {@link LimitPeriod}. Each cap is absent (no cap) or a
 * number in {@code 0..9999999999}. The USD cap covers USD, bundled and earned credits together; the
 * DIEM cap covers DIEM. {@code vcu} is deprecated: it is read from responses but never sent.
 *
 * <p>Immutable and thread-safe.
 */
public final class ConsumptionLimit {
  static final BigDecimal MAX = new BigDecimal("9999999999");

  /** No caps at all. */
  public static final ConsumptionLimit NONE = new ConsumptionLimit(null, null, null);

  private final BigDecimal usd;
  private final BigDecimal diem;
  private final BigDecimal vcu;

  private ConsumptionLimit(BigDecimal usd, BigDecimal diem, BigDecimal vcu) {
    this.usd = usd;
    this.diem = diem;
    this.vcu = vcu;
  }

  /**
   * A cap in USD and/or DIEM; pass {@code null} for "no cap" on either.
   *
   * @throws IllegalArgumentException if a value is negative, above 9999999999, or has more than 18
   *     decimal places
   */
  public static ConsumptionLimit of(BigDecimal usd, BigDecimal diem) {
    return new ConsumptionLimit(check("usd", usd), check("diem", diem), null);
  }

  /** A USD cap only. */
  public static ConsumptionLimit usd(BigDecimal usd) {
    return of(Objects.requireNonNull(usd, "usd"), null);
  }

  /** A DIEM cap only. */
  public static ConsumptionLimit diem(BigDecimal diem) {
    return of(null, Objects.requireNonNull(diem, "diem"));
  }

  /**
   * As read from Venice, including the deprecated {@code vcu}. No range check: Venice is the
   * source.
   */
  static ConsumptionLimit read(BigDecimal usd, BigDecimal diem, BigDecimal vcu) {
    return new ConsumptionLimit(usd, diem, vcu);
  }

  /** Decimal places a limit may have; {@code 1e-999999999} would be a billion digits in plain. */
  static final int MAX_SCALE = 18;

  private static BigDecimal check(String name, BigDecimal value) {
    if (value != null && (value.signum() < 0 || value.compareTo(MAX) > 0)) {
      // toString, not toPlainString: 1e999999999 in plain digits is a billion characters
      throw new IllegalArgumentException(
          name + " limit must be between 0 and 9999999999, got " + value);
    }
    if (value != null && value.stripTrailingZeros().scale() > MAX_SCALE) {
      throw new IllegalArgumentException(
          name + " limit has more than " + MAX_SCALE + " decimal places, got " + value);
    }
    return value;
  }

  /** The USD cap per period; empty when the key has none. */
  public Optional<BigDecimal> usd() {
    return Optional.ofNullable(usd);
  }

  /** The DIEM cap per period; empty when the key has none. */
  public Optional<BigDecimal> diem() {
    return Optional.ofNullable(diem);
  }

  /** Deprecated by Venice; only ever read. */
  public Optional<BigDecimal> vcu() {
    return Optional.ofNullable(vcu);
  }

  /** True when no cap is set. */
  public boolean isEmpty() {
    return usd == null && diem == null && vcu == null;
  }

  /**
   * The caps in words over {@code period}, as summaries print them: {@code "$5 per day (EPOCH)"},
   * {@code "$5 and 10 DIEM per month"}, {@code "$5 in total (LIFETIME)"}, or {@code "no cap"}.
   *
   * @param period the limit period; null reads as {@link LimitPeriod#EPOCH}, Venice's default
   */
  public String describe(LimitPeriod period) {
    if (usd == null && diem == null) {
      return "no cap";
    }
    StringBuilder sb = new StringBuilder();
    if (usd != null) {
      sb.append('$').append(usd.stripTrailingZeros().toPlainString());
    }
    if (diem != null) {
      sb.append(usd == null ? "" : " and ")
          .append(diem.stripTrailingZeros().toPlainString())
          .append(" DIEM");
    }
    switch (period == null ? LimitPeriod.EPOCH : period) {
      case MONTH:
        return sb.append(" per month").toString();
      case LIFETIME:
        return sb.append(" in total (LIFETIME)").toString();
      default:
        return sb.append(" per day (EPOCH)").toString();
    }
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof ConsumptionLimit)) {
      return false;
    }
    ConsumptionLimit that = (ConsumptionLimit) o;
    return same(usd, that.usd) && same(diem, that.diem) && same(vcu, that.vcu);
  }

  private static boolean same(BigDecimal a, BigDecimal b) {
    return a == null ? b == null : b != null && a.compareTo(b) == 0;
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        usd == null ? null : usd.stripTrailingZeros(),
        diem == null ? null : diem.stripTrailingZeros(),
        vcu == null ? null : vcu.stripTrailingZeros());
  }

  @Override
  public String toString() {
    return "ConsumptionLimit{usd="
        + plain(usd)
        + ", diem="
        + plain(diem)
        + ", vcu="
        + plain(vcu)
        + "}";
  }

  private static String plain(BigDecimal v) {
    return v == null ? "none" : v.toPlainString();
  }
}
