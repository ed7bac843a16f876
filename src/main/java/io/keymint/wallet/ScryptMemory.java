package io.keymint.wallet;

import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * Decides, before scrypt allocates anything, how much of its working set V it keeps and how many
 * lanes it runs at once. Without this check a keystore with large parameters ends in an {@code
 * OutOfMemoryError} half-way through an init container, which tells the operator nothing; with it
 * the error names the {@code -Xmx} to pass.
 *
 * <p>Two limits apply:
 *
 * <ul>
 *   <li><b>room</b>: V lives in direct buffers (see {@link Scrypt}), which the JVM caps at the
 *       maximum heap size unless {@code -XX:MaxDirectMemorySize} says otherwise; less {@link
 *       #MARGIN}. A 1 GiB container's default heap (256 MiB by the 25 % rule) leaves 240 MiB.
 *   <li><b>cap</b>: at most {@value #DEFAULT_CAP_MIB} MiB, or half of V if that is more, unless the
 *       system property {@value #CAP_PROPERTY} sets a cap (a size like {@code 512m}, {@code 1g}, or
 *       bytes; {@code 0} for no cap). The default is what keeps a standard keystore's unlock
 *       (n=2^18, r=8: V = 256 MiB) under 300 MiB of resident memory with default JVM flags on any
 *       host: V at 224 MiB costs about 6 % more scrypt time. The "half of V" floor means the
 *       default never costs more than 25 % on keystores larger than wallets write.
 * </ul>
 *
 * <p>Within those, V is trimmed as little as possible ({@link Scrypt.Layout#fitting}): a dense
 * prefix of rows and every 2nd (4th, 8th) row after it. The room is a {@link LongSupplier} so that
 * tests can prove the refusal without starting a small JVM.
 */
final class ScryptMemory {
  static final long MIB = 1024 * 1024;

  /** Room left for everything else the JVM does while scrypt runs. */
  static final long MARGIN = 16 * MIB;

  /** The largest stride a plan uses: V at 1/8, scrypt about 2.75 times slower. */
  static final int MAX_STRIDE = 8;

  static final long DEFAULT_CAP_MIB = 224;
  static final String CAP_PROPERTY = "keymint.scrypt.maxMemory";

  private final LongSupplier room;
  private final long cap; // bytes, or -1 for the default policy, or Long.MAX_VALUE for none

  private ScryptMemory(LongSupplier room, long cap) {
    this.room = room;
    this.cap = cap;
  }

  /** This JVM: its direct-memory limit, and the cap from {@value #CAP_PROPERTY}. */
  static ScryptMemory runtime() {
    return new ScryptMemory(
        () -> Runtime.getRuntime().maxMemory(), parseCap(System.getProperty(CAP_PROPERTY)));
  }

  /** A fixed room in bytes and the default cap, for tests. */
  static ScryptMemory fixed(long roomBytes) {
    return new ScryptMemory(() -> roomBytes, -1);
  }

  /** A fixed room and cap in bytes, for tests. */
  static ScryptMemory fixed(long roomBytes, long capBytes) {
    return new ScryptMemory(() -> roomBytes, capBytes);
  }

  /** What scrypt runs: how many lanes at once, each keeping {@code layout} of V. */
  static final class Plan {
    final int lanes;
    final Scrypt.Layout layout;

    Plan(int lanes, Scrypt.Layout layout) {
      this.lanes = lanes;
      this.layout = layout;
    }

    /** One lane with half of this plan's V, for when the JVM refused it; null past the limit. */
    Plan smaller(int r) {
      long half = lanes * layout.bytes(r) / 2;
      Scrypt.Layout next = Scrypt.Layout.fitting(layout.n, r, half, MAX_STRIDE);
      return next == null ? null : new Plan(1, next);
    }
  }

  /**
   * The plan for scrypt(n, r, p) on {@code cpus} processors.
   *
   * @throws WalletException naming {@code where}, when not even V at 1/8 fits
   */
  Plan plan(int n, int r, int p, int cpus, String where) {
    long full = 128L * r * n;
    long limit = Math.max(0, room.getAsLong() - MARGIN);
    long budget = Math.min(limit, cap(full));
    int wanted = Math.max(1, Math.min(p, cpus));
    long lanes = Math.min(wanted, budget / full);
    if (lanes >= 1) {
      return new Plan((int) lanes, Scrypt.Layout.full(n));
    }
    Scrypt.Layout layout = Scrypt.Layout.fitting(n, r, budget, MAX_STRIDE);
    if (layout != null) {
      return new Plan(1, layout);
    }
    String why =
        budget < limit
            ? CAP_PROPERTY
                + " allows only "
                + budget / MIB
                + " MiB: raise it (for example -D"
                + CAP_PROPERTY
                + "="
                + suggestedXmxMib(full)
                + "m)"
            : "only "
                + Math.max(0, room.getAsLong()) / MIB
                + " MiB of memory is free for it: run java with -Xmx"
                + suggestedXmxMib(full)
                + "m (or set JAVA_TOOL_OPTIONS)";
    throw notEnough(where, full, n, r, p, why);
  }

  static WalletException notEnough(String where, long full, int n, int r, int p, String why) {
    return new WalletException(
        String.format(
            Locale.ROOT,
            "%s needs %d MiB for scrypt (n=%d, r=%d, p=%d) but %s",
            where,
            full / MIB,
            n,
            r,
            p,
            why));
  }

  private long cap(long full) {
    return cap >= 0 ? cap : Math.max(DEFAULT_CAP_MIB * MIB, full / 2);
  }

  /**
   * The cap a {@value #CAP_PROPERTY} value sets: bytes, or with a k/m/g suffix like {@code -Xmx};
   * {@code 0} for none; -1 (the default policy) when absent.
   *
   * @throws WalletException when it is not a size
   */
  static long parseCap(String value) {
    if (value == null || value.isBlank()) {
      return -1;
    }
    String v = value.trim().toLowerCase(Locale.ROOT);
    long unit = 1;
    char last = v.charAt(v.length() - 1);
    if (last == 'k' || last == 'm' || last == 'g') {
      unit = last == 'k' ? 1024 : last == 'm' ? MIB : 1024 * MIB;
      v = v.substring(0, v.length() - 1);
    }
    try {
      long n = Long.parseLong(v);
      if (n < 0 || n > Long.MAX_VALUE / unit) {
        throw new NumberFormatException();
      }
      return n == 0 ? Long.MAX_VALUE : n * unit;
    } catch (NumberFormatException e) {
      throw new WalletException(
          "system property "
              + CAP_PROPERTY
              + " is \""
              + value
              + "\": it must be a size like 512m or 1g (0 for no cap)");
    }
  }

  /**
   * The {@code -Xmx} to suggest: the next power of two in MiB above what is needed plus headroom.
   */
  static long suggestedXmxMib(long neededBytes) {
    long mib = (neededBytes + MARGIN) / MIB + 64;
    return Long.highestOneBit(mib - 1) << 1;
  }
}
