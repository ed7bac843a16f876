package io.keymint.venice;

import java.math.BigDecimal;

/**
 * Spend of a key in one window, per currency, as exact decimals (Venice sends 4-decimal strings
 * such as {@code "10.2424"}, which a {@code double} would round). A currency Venice did not report
 * reads as zero. {@code vcu} is deprecated and only ever read.
 *
 * @param usd USD spend (includes bundled credits, not earned credits)
 * @param diem DIEM spend
 * @param vcu deprecated VCU spend; zero when absent
 */
public record Usage(BigDecimal usd, BigDecimal diem, BigDecimal vcu) {
  /** Nothing spent. */
  public static final Usage ZERO = new Usage(BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO);

  /** Replaces an absent figure with zero, so callers never see null. */
  public Usage {
    usd = usd == null ? BigDecimal.ZERO : usd;
    diem = diem == null ? BigDecimal.ZERO : diem;
    vcu = vcu == null ? BigDecimal.ZERO : vcu;
  }

  /**
   * Equal by value: {@code 0.0000} equals {@code 0} (Venice's scale is presentation, not meaning).
   */
  @Override
  public boolean equals(Object o) {
    return o instanceof Usage u
        && usd.compareTo(u.usd) == 0
        && diem.compareTo(u.diem) == 0
        && vcu.compareTo(u.vcu) == 0;
  }

  @Override
  public int hashCode() {
    return java.util.Objects.hash(
        usd.stripTrailingZeros(), diem.stripTrailingZeros(), vcu.stripTrailingZeros());
  }
}
