package io.keymint.wallet;

import java.util.function.LongSupplier;

/**
 * Decides, before scrypt allocates anything, how many lanes fit in the heap that is free right now.
 * Without this check a keystore with large parameters ends in an {@code OutOfMemoryError} half-way
 * through an init container, which tells the operator nothing; with it the error names the {@code
 * -Xmx} to pass. Between the two, {@link #strideThatFits} lets scrypt keep a fraction of its
 * working set and recompute the rest (a standard keystore under a 1 GiB container's default 256 MiB
 * heap runs at stride 2: 128 MiB, about 1.3 times the time).
 *
 * <p>The free-heap figure is a {@link LongSupplier} so that tests can prove the refusal without
 * starting a small JVM.
 */
final class HeapBudget {
  static final long MIB = 1024 * 1024;

  /** Room left for everything else the JVM does while scrypt runs. */
  static final long MARGIN = 16 * MIB;

  private static final HeapBudget RUNTIME = new HeapBudget(HeapBudget::runtimeFree, true);

  private final LongSupplier freeHeap;
  private final boolean collectBeforeRefusing;

  private HeapBudget(LongSupplier freeHeap, boolean collectBeforeRefusing) {
    this.freeHeap = freeHeap;
    this.collectBeforeRefusing = collectBeforeRefusing;
  }

  /** The heap of this JVM. */
  static HeapBudget runtime() {
    return RUNTIME;
  }

  /** A fixed free-heap figure, for tests. */
  static HeapBudget fixed(long freeBytes) {
    return new HeapBudget(() -> freeBytes, false);
  }

  /** Bytes free right now: what may still be allocated before the heap reaches its maximum. */
  static long runtimeFree() {
    Runtime rt = Runtime.getRuntime();
    return rt.maxMemory() - (rt.totalMemory() - rt.freeMemory());
  }

  long free() {
    return freeHeap.getAsLong();
  }

  /** How many lanes of {@code bytesPerLane} each fit, at most {@code wanted}; 0 if not even one. */
  int lanesThatFit(long bytesPerLane, int wanted) {
    int lanes = fit(free(), bytesPerLane, wanted);
    if (lanes == 0 && collectBeforeRefusing) {
      // "used" counts garbage not yet collected: in a long-running agent that alone could refuse
      // a keystore that fits. A collection is cheap next to the error it may avoid.
      System.gc();
      lanes = fit(free(), bytesPerLane, wanted);
    }
    return lanes;
  }

  /**
   * The largest stride {@link #strideThatFits} offers: V at 1/8, scrypt about 2.75 times slower.
   */
  static final int MAX_STRIDE = 8;

  /**
   * The smallest scrypt stride from {@code minStride} up to {@link #MAX_STRIDE} (see {@link
   * Scrypt#derive(byte[], byte[], int, int, int, int, int, int)}) at which one lane fits the free
   * heap; 0 if none does. Each doubling halves V and costs a quarter more BlockMix work (stride 2)
   * or more.
   */
  int strideThatFits(long n, long r, int minStride) {
    int stride = smallestStride(free(), n, r, minStride);
    if (stride == 0 && collectBeforeRefusing) {
      System.gc(); // once, not per stride: see lanesThatFit
      stride = smallestStride(free(), n, r, minStride);
    }
    return stride;
  }

  private static int smallestStride(long free, long n, long r, int minStride) {
    for (int stride = minStride; stride <= MAX_STRIDE && stride <= n; stride *= 2) {
      if (fit(free, Scrypt.laneBytes(n, r, stride), 1) > 0) {
        return stride;
      }
    }
    return 0;
  }

  private static int fit(long free, long bytesPerLane, int wanted) {
    long usable = free - MARGIN;
    if (usable < bytesPerLane) {
      return 0;
    }
    return (int) Math.min(wanted, usable / bytesPerLane);
  }

  /**
   * The {@code -Xmx} to suggest: the next power of two in MiB above what is needed plus headroom.
   */
  static long suggestedXmxMib(long neededBytes) {
    long mib = (neededBytes + MARGIN) / MIB + 64;
    return Long.highestOneBit(mib - 1) << 1;
  }
}
