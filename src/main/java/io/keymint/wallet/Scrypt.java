package io.keymint.wallet;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.IntBuffer;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.macs.HMac;
import org.bouncycastle.crypto.params.KeyParameter;

/**
 * scrypt (RFC 7914) and PBKDF2-HMAC-SHA256 (RFC 8018), written for keystore unlocking.
 *
 * <p>Why our own scrypt and not BouncyCastle's: BouncyCastle enforces RFC 7914's {@code N < 2^(128
 * r / 8)}, so it refuses the Web3 Secret Storage spec's own vector (r=1, N=2^18) that geth reads;
 * it also allocates N small arrays for the working set. Here V is a few 4 MiB chunks of whole rows
 * — off the heap from 16 MiB up (see {@link Lane}) — each 64-byte Salsa20/8 block is computed on 16
 * locals, the first ROMix loop copies each kept row into V once and the second copies the row it
 * needs out once. Nothing is allocated inside the loops. V may keep only part of its rows ({@link
 * Layout}): the others are recomputed when asked for, with the same output.
 *
 * <p>The {@code p} lanes are independent; {@link #derive} may run several of them on separate
 * threads, each with its own V, when the caller's plan has room for that many (see {@link
 * ScryptMemory}). V holds values from which the derived key can be recomputed without the password,
 * so it is zeroed before it is freed.
 *
 * <p>Integerify reads only the low 32 bits of the last block's first word: with N ≤ 2^22 (the bound
 * the keystore reader enforces) the higher bits never matter, and this is what makes r=1 with
 * N=2^18 work.
 */
final class Scrypt {
  private Scrypt() {}

  /** scrypt(P, S, N, r, p, dkLen), keeping every row of V. */
  static byte[] derive(byte[] password, byte[] salt, int n, int r, int p, int dkLen, int lanes) {
    return derive(password, salt, r, p, dkLen, lanes, Layout.full(n), CHUNK_INTS, OFF_HEAP_INTS);
  }

  /**
   * scrypt(P, S, N, r, p, dkLen), keeping every {@code stride}-th row of V (see {@link Layout}).
   */
  static byte[] derive(
      byte[] password, byte[] salt, int n, int r, int p, int dkLen, int lanes, int stride) {
    return derive(
        password, salt, r, p, dkLen, lanes, Layout.uniform(n, stride), CHUNK_INTS, OFF_HEAP_INTS);
  }

  /**
   * V is allocated in chunks of at most this many ints (4 MiB), whole rows: small enough that the
   * thread allocating ahead keeps in front of the first loop, large enough to be few.
   */
  static final int CHUNK_INTS = 1 << 20;

  /**
   * V of at least this many ints (16 MiB) is allocated ahead on a second thread; see {@link Lane}.
   */
  static final long AHEAD_INTS = 1 << 22;

  /**
   * V of at least this many ints (16 MiB) lives outside the heap (see {@link Lane}); a smaller one
   * is a few heap arrays, which a JVM that unlocks again reuses without new page faults.
   */
  static final long OFF_HEAP_INTS = 1 << 22;

  /**
   * scrypt(P, S, N, r, p, dkLen) with N = {@code layout.n}. The arguments must already be validated
   * (N a power of two ≥ 2, {@code 32·r·N} fits an int index, r·p < 2^30).
   *
   * @param lanes how many lanes to run at once (1 = sequential); each has its own V
   * @param layout which rows of V each lane keeps; the output is the same for every layout, only
   *     the time-memory trade changes
   * @param chunkInts V is allocated in chunks of at most this many ints (whole rows)
   * @param offHeapInts V of at least this many ints goes in direct buffers (outside the Java heap)
   *     when the JVM grants them; a smaller one, or what the JVM refuses, in the heap
   */
  static byte[] derive(
      byte[] password,
      byte[] salt,
      int r,
      int p,
      int dkLen,
      int lanes,
      Layout layout,
      int chunkInts,
      long offHeapInts) {
    int laneBytes = 128 * r;
    byte[] b = pbkdf2HmacSha256(password, salt, 1, p * laneBytes);
    try {
      int threads = Math.max(1, Math.min(lanes, p));
      if (threads == 1) {
        Lane lane = new Lane(layout, r, chunkInts, offHeapInts, true);
        try {
          for (int i = 0; i < p; i++) {
            lane.romix(b, i * laneBytes);
          }
        } finally {
          lane.wipe();
        }
      } else {
        runParallel(b, r, p, threads, layout, chunkInts, offHeapInts);
      }
      return pbkdf2HmacSha256(password, b, 1, dkLen);
    } finally {
      Arrays.fill(b, (byte) 0);
    }
  }

  /**
   * Which rows of V one lane keeps: the first {@code dense} rows, then every {@code stride}-th row
   * after them. A row that is not kept is recomputed from the kept row before it when the second
   * loop asks for it (at most {@code stride − 1} BlockMix calls), so the output never changes; the
   * memory is {@code 128·r} bytes per kept row and the second loop's work grows from {@code N} to
   * {@code N + (N − dense)·(stride − 1)/2} BlockMix calls on average.
   *
   * <p>Keeping a dense prefix rather than a uniform stride is what makes small trims cheap: V at
   * 7/8 of its size costs 1/8 more work in the second loop (1/16 of the whole), where stride 2
   * would halve V for 1/4 more.
   */
  static final class Layout {
    final int n;
    final int stride;
    final int dense;

    Layout(int n, int stride, int dense) {
      if (stride < 1 || stride > n || Integer.bitCount(stride) != 1) {
        throw new IllegalArgumentException("stride must be a power of two from 1 to n");
      }
      if (dense < 0 || dense > n || dense % stride != 0) {
        throw new IllegalArgumentException("dense must be a multiple of the stride from 0 to n");
      }
      this.n = n;
      this.stride = stride;
      this.dense = dense;
    }

    /** Every row kept: full speed. */
    static Layout full(int n) {
      return new Layout(n, 1, n);
    }

    /** Every {@code stride}-th row kept. */
    static Layout uniform(int n, int stride) {
      return new Layout(n, stride, 0);
    }

    /**
     * The layout that keeps the most rows of 128·r bytes in at most {@code bytes}, with a stride of
     * at most {@code maxStride}; null when not even a uniform {@code maxStride} fits.
     */
    static Layout fitting(int n, int r, long bytes, int maxStride) {
      long maxRows = bytes / (128L * r);
      if (maxRows >= n) {
        return full(n);
      }
      for (int stride = 2; stride <= maxStride && stride <= n; stride *= 2) {
        if (stride * maxRows >= n) {
          // the most dense rows with dense + (n − dense) / stride ≤ maxRows, a multiple of stride
          long dense = (stride * maxRows - n) / (stride - 1);
          return new Layout(n, stride, (int) (dense - dense % stride));
        }
      }
      return null;
    }

    int keptRows() {
      return dense + (n - dense) / stride;
    }

    /** Bytes of V a lane keeps with this layout and block size r. */
    long bytes(long r) {
      return 128 * r * keptRows();
    }

    @Override
    public String toString() {
      return stride == 1 ? "every row" : dense + " rows, then every " + stride + "th of " + n;
    }
  }

  private static void runParallel(
      byte[] b, int r, int p, int threads, Layout layout, int chunkInts, long offHeapInts) {
    AtomicInteger next = new AtomicInteger();
    Throwable[] failures = new Throwable[threads];
    Runnable[] work = new Runnable[threads];
    for (int t = 0; t < threads; t++) {
      int slot = t;
      work[t] =
          () -> {
            try {
              Lane lane = new Lane(layout, r, chunkInts, offHeapInts, false);
              try {
                for (int i = next.getAndIncrement(); i < p; i = next.getAndIncrement()) {
                  lane.romix(b, i * 128 * r);
                }
              } finally {
                lane.wipe();
              }
            } catch (Throwable e) { // OutOfMemoryError included: rethrown below on the caller
              failures[slot] = e;
            }
          };
    }
    Thread[] helpers = new Thread[threads - 1];
    for (int t = 0; t < helpers.length; t++) {
      helpers[t] = new Thread(work[t + 1], "keymint-scrypt-" + (t + 1));
      helpers[t].setDaemon(true);
      helpers[t].start();
    }
    work[0].run();
    boolean interrupted = false;
    for (Thread helper : helpers) {
      // The helpers share b with us: we may not return before they are done with it.
      while (true) {
        try {
          helper.join();
          break;
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    for (Throwable f : failures) {
      if (f instanceof RuntimeException) {
        throw (RuntimeException) f;
      } else if (f instanceof Error) {
        throw (Error) f;
      } else if (f != null) {
        throw new IllegalStateException(f);
      }
    }
  }

  /** One chunk of V: its ints, and the direct buffer behind them if it is off the heap. */
  private static final class Chunk {
    final IntBuffer ints;
    private final ByteBuffer direct;

    Chunk(ByteBuffer direct) {
      this.direct = direct;
      this.ints = direct.order(ByteOrder.nativeOrder()).asIntBuffer();
    }

    Chunk(IntBuffer heap) {
      this.direct = null;
      this.ints = heap;
    }

    /** Returns a direct buffer's memory now; nothing may touch {@link #ints} afterwards. */
    void free() {
      if (direct != null) {
        DirectMemory.free(direct);
      }
    }
  }

  /** Read-only zeros to wipe V with, a slice at a time. */
  private static final int[] ZEROS = new int[1 << 14];

  /**
   * One lane's working memory: V (the rows its {@link Layout} keeps, 128·r bytes each), and X, Y, a
   * row read back from V and two rows to recompute a dropped row in, and the Salsa state.
   *
   * <p>A V of {@link Scrypt#OFF_HEAP_INTS} ints or more lives outside the Java heap, in direct
   * buffers. On the heap, a standard keystore's 256 MiB were 64 humongous allocations; past G1's
   * occupancy threshold each one started a concurrent cycle and a young pause (nine of each per
   * unlock), which cost ≈ 40 ms and ≈ 20 MiB of resident memory (docs/PERFORMANCE.md). Direct
   * buffers are invisible to the collector; the JVM caps them at the maximum heap size unless
   * {@code -XX:MaxDirectMemorySize} says otherwise. If the JVM refuses a direct buffer, that chunk
   * and the rest go to the heap. {@link #wipe} zeroes and frees them at once ({@link
   * DirectMemory}).
   *
   * <p>V is a list of chunks (whole rows each). A fresh buffer is zeroed when it is allocated, and
   * for a large V that first touch of every page is the kernel's page faults: ≈ 0.15 s for the 256
   * MiB of a standard keystore, before the first BlockMix. With {@code ahead}, a second thread
   * allocates the chunks in order while the first loop fills the ones before them (the first loop
   * is ≈ 2× slower than the allocation, so it rarely waits); a chunk it has not reached yet is
   * allocated by the loop itself. Both sides publish a chunk with a compare-and-set, so each is
   * allocated once (at worst twice, the loser freed at once).
   */
  private static final class Lane {
    private final int n;
    private final int r;
    private final int words; // 32·r ints per block row
    private final int dense;
    private final int strideMask;
    private final int shift; // log2(stride)
    private final int rows; // rows of V kept
    private final int rowsPerChunk;
    private final AtomicReferenceArray<Chunk> chunks;
    private volatile boolean abandoned;
    private volatile boolean heapOnly;
    private int[] x;
    private int[] y;
    private final int[] row;
    private final int[] t;
    private final int[] u;
    private final int[] s = new int[16];

    Lane(Layout layout, int r, int maxChunkInts, long offHeapInts, boolean ahead) {
      this.n = layout.n;
      this.r = r;
      this.words = 32 * r;
      this.dense = layout.dense;
      this.strideMask = layout.stride - 1;
      this.shift = Integer.numberOfTrailingZeros(layout.stride);
      this.rows = layout.keptRows();
      this.heapOnly = (long) words * rows < offHeapInts;
      this.rowsPerChunk = Math.min(rows, Math.max(1, maxChunkInts / words));
      int count = (rows + rowsPerChunk - 1) / rowsPerChunk;
      this.chunks = new AtomicReferenceArray<>(count);
      chunk(0);
      if (ahead && count > 1 && (long) words * rows >= AHEAD_INTS) {
        Thread thread = new Thread(this::allocateAhead, "keymint-scrypt-alloc");
        thread.setDaemon(true);
        thread.start();
      }
      this.x = new int[words];
      this.y = new int[words];
      this.row = new int[words];
      this.t = new int[strideMask > 0 ? words : 0];
      this.u = new int[strideMask > 0 ? words : 0];
    }

    /** Chunk c of V, allocated here if the thread allocating ahead has not got to it yet. */
    private IntBuffer chunk(int c) {
      Chunk a = chunks.get(c);
      if (a == null) {
        a = allocate(chunkInts(c));
        if (!chunks.compareAndSet(c, null, a)) {
          a.free(); // the other thread got there first
          a = chunks.get(c);
        }
      }
      return a.ints;
    }

    private Chunk allocate(int ints) {
      if (!heapOnly) {
        try {
          return new Chunk(ByteBuffer.allocateDirect(4 * ints));
        } catch (OutOfMemoryError e) {
          // -XX:MaxDirectMemorySize below what was planned, or other direct buffers in use: the
          // heap may still have room (if it has not, the caller sees this error again)
          heapOnly = true;
        }
      }
      return new Chunk(IntBuffer.allocate(ints));
    }

    /** The size of chunk c: rowsPerChunk rows, the last one what is left. */
    private int chunkInts(int c) {
      return Math.min(rowsPerChunk, rows - c * rowsPerChunk) * words;
    }

    private void allocateAhead() {
      try {
        for (int c = 1; c < chunks.length() && !abandoned; c++) {
          if (chunks.get(c) == null) {
            Chunk a = allocate(chunkInts(c));
            if (!chunks.compareAndSet(c, null, a)) {
              a.free();
            }
          }
        }
      } catch (OutOfMemoryError e) {
        // the first loop allocates what is missing itself, and reports the error if it is real
      }
    }

    /** Every chunk, once the first loop has reached them all. */
    private IntBuffer[] allChunks() {
      IntBuffer[] all = new IntBuffer[chunks.length()];
      for (int c = 0; c < all.length; c++) {
        all[c] = chunk(c);
      }
      return all;
    }

    /** scryptROMix on the 128·r bytes of {@code b} at {@code off}, in place. */
    void romix(byte[] b, int off) {
      int words = this.words;
      int[] x = this.x;
      int[] y = this.y;
      for (int k = 0; k < words; k++) {
        x[k] = littleEndian(b, off + 4 * k);
      }
      // first loop: V[i] = X; X = BlockMix(X), storing only the rows the layout keeps
      int dense = this.dense;
      int strideMask = this.strideMask;
      IntBuffer out = chunk(0);
      int c = 0;
      int rowInChunk = 0;
      for (int i = 0; i < n; i++) {
        if (i < dense || ((i - dense) & strideMask) == 0) {
          if (rowInChunk == rowsPerChunk) {
            out = chunk(++c);
            rowInChunk = 0;
          }
          out.put(rowInChunk++ * words, x, 0, words);
        }
        blockMix(x, 0, y, 0);
        int[] swap = x;
        x = y;
        y = swap;
      }
      // second loop: j = Integerify(X) mod N; X = BlockMix(X ^ V[j])
      IntBuffer[] v = allChunks();
      int[] row = this.row;
      int mask = n - 1;
      int integerify = (2 * r - 1) * 16;
      int rowsPerChunk = this.rowsPerChunk;
      for (int i = 0; i < n; i++) {
        int j = x[integerify] & mask;
        int kept = j;
        int missing = 0;
        if (j >= dense) {
          kept = dense + ((j - dense) >>> shift);
          missing = (j - dense) & strideMask;
        }
        int chunk = kept / rowsPerChunk;
        v[chunk].get((kept - chunk * rowsPerChunk) * words, row, 0, words);
        int[] src = missing == 0 ? row : recompute(missing);
        for (int k = 0; k < words; k++) {
          x[k] ^= src[k];
        }
        blockMix(x, 0, y, 0);
        int[] swap = x;
        x = y;
        y = swap;
      }
      this.x = x;
      this.y = y;
      for (int k = 0; k < words; k++) {
        int w = x[k];
        int o = off + 4 * k;
        b[o] = (byte) w;
        b[o + 1] = (byte) (w >>> 8);
        b[o + 2] = (byte) (w >>> 16);
        b[o + 3] = (byte) (w >>> 24);
      }
    }

    /** The row {@code steps} BlockMixes after the kept one in {@code row}: t or u. */
    private int[] recompute(int steps) {
      blockMix(row, 0, t, 0);
      int[] cur = t;
      int[] other = u;
      for (int m = 1; m < steps; m++) {
        blockMix(cur, 0, other, 0);
        int[] swap = cur;
        cur = other;
        other = swap;
      }
      return cur;
    }

    /** scryptBlockMix from {@code in[inOff..]} to {@code out[outOff..]} (not overlapping). */
    private void blockMix(int[] in, int inOff, int[] out, int outOff) {
      int[] s = this.s;
      int r = this.r;
      System.arraycopy(in, inOff + (2 * r - 1) * 16, s, 0, 16);
      for (int i = 0; i < 2 * r; i++) {
        salsa20x8Xor(s, in, inOff + 16 * i);
        // even outputs go to the first half, odd ones to the second: the RFC's shuffle, in place
        int dst = outOff + 16 * ((i >> 1) + (i & 1) * r);
        System.arraycopy(s, 0, out, dst, 16);
      }
    }

    /** Zeroes V and the rows, and frees V's direct buffers: the lane is not used again. */
    void wipe() {
      abandoned = true;
      for (int c = 0; c < chunks.length(); c++) {
        Chunk a = chunks.getAndSet(c, null);
        if (a != null) {
          IntBuffer ints = a.ints;
          for (int at = 0, size = ints.capacity(); at < size; at += ZEROS.length) {
            ints.put(at, ZEROS, 0, Math.min(ZEROS.length, size - at));
          }
          a.free();
        }
      }
      Arrays.fill(x, 0);
      Arrays.fill(y, 0);
      Arrays.fill(row, 0);
      Arrays.fill(t, 0);
      Arrays.fill(u, 0);
      Arrays.fill(s, 0);
    }
  }

  /** {@code s = Salsa20/8(s ^ in[off..off+16])}. */
  static void salsa20x8Xor(int[] s, int[] in, int off) {
    int x0 = s[0] ^= in[off];
    int x1 = s[1] ^= in[off + 1];
    int x2 = s[2] ^= in[off + 2];
    int x3 = s[3] ^= in[off + 3];
    int x4 = s[4] ^= in[off + 4];
    int x5 = s[5] ^= in[off + 5];
    int x6 = s[6] ^= in[off + 6];
    int x7 = s[7] ^= in[off + 7];
    int x8 = s[8] ^= in[off + 8];
    int x9 = s[9] ^= in[off + 9];
    int x10 = s[10] ^= in[off + 10];
    int x11 = s[11] ^= in[off + 11];
    int x12 = s[12] ^= in[off + 12];
    int x13 = s[13] ^= in[off + 13];
    int x14 = s[14] ^= in[off + 14];
    int x15 = s[15] ^= in[off + 15];
    for (int round = 0; round < 8; round += 2) {
      // columns
      x4 ^= Integer.rotateLeft(x0 + x12, 7);
      x8 ^= Integer.rotateLeft(x4 + x0, 9);
      x12 ^= Integer.rotateLeft(x8 + x4, 13);
      x0 ^= Integer.rotateLeft(x12 + x8, 18);
      x9 ^= Integer.rotateLeft(x5 + x1, 7);
      x13 ^= Integer.rotateLeft(x9 + x5, 9);
      x1 ^= Integer.rotateLeft(x13 + x9, 13);
      x5 ^= Integer.rotateLeft(x1 + x13, 18);
      x14 ^= Integer.rotateLeft(x10 + x6, 7);
      x2 ^= Integer.rotateLeft(x14 + x10, 9);
      x6 ^= Integer.rotateLeft(x2 + x14, 13);
      x10 ^= Integer.rotateLeft(x6 + x2, 18);
      x3 ^= Integer.rotateLeft(x15 + x11, 7);
      x7 ^= Integer.rotateLeft(x3 + x15, 9);
      x11 ^= Integer.rotateLeft(x7 + x3, 13);
      x15 ^= Integer.rotateLeft(x11 + x7, 18);
      // rows
      x1 ^= Integer.rotateLeft(x0 + x3, 7);
      x2 ^= Integer.rotateLeft(x1 + x0, 9);
      x3 ^= Integer.rotateLeft(x2 + x1, 13);
      x0 ^= Integer.rotateLeft(x3 + x2, 18);
      x6 ^= Integer.rotateLeft(x5 + x4, 7);
      x7 ^= Integer.rotateLeft(x6 + x5, 9);
      x4 ^= Integer.rotateLeft(x7 + x6, 13);
      x5 ^= Integer.rotateLeft(x4 + x7, 18);
      x11 ^= Integer.rotateLeft(x10 + x9, 7);
      x8 ^= Integer.rotateLeft(x11 + x10, 9);
      x9 ^= Integer.rotateLeft(x8 + x11, 13);
      x10 ^= Integer.rotateLeft(x9 + x8, 18);
      x12 ^= Integer.rotateLeft(x15 + x14, 7);
      x13 ^= Integer.rotateLeft(x12 + x15, 9);
      x14 ^= Integer.rotateLeft(x13 + x12, 13);
      x15 ^= Integer.rotateLeft(x14 + x13, 18);
    }
    s[0] += x0;
    s[1] += x1;
    s[2] += x2;
    s[3] += x3;
    s[4] += x4;
    s[5] += x5;
    s[6] += x6;
    s[7] += x7;
    s[8] += x8;
    s[9] += x9;
    s[10] += x10;
    s[11] += x11;
    s[12] += x12;
    s[13] += x13;
    s[14] += x14;
    s[15] += x15;
  }

  private static int littleEndian(byte[] b, int off) {
    return (b[off] & 0xff)
        | (b[off + 1] & 0xff) << 8
        | (b[off + 2] & 0xff) << 16
        | (b[off + 3] & 0xff) << 24;
  }

  /**
   * PBKDF2 with HMAC-SHA256. BouncyCastle's {@code HMac} is used rather than the JDK's {@code Mac}
   * because the JDK refuses an empty key (RFC 7914's first vector has an empty password). The HMAC
   * pads derived from the password stay inside that {@code HMac} until it is garbage: BouncyCastle
   * offers no way to wipe them.
   */
  static byte[] pbkdf2HmacSha256(byte[] password, byte[] salt, int iterations, int dkLen) {
    HMac mac = new HMac(new SHA256Digest());
    KeyParameter key = new KeyParameter(password);
    mac.init(key);
    Arrays.fill(key.getKey(), (byte) 0);
    byte[] out = new byte[dkLen];
    byte[] u = new byte[32];
    byte[] t = new byte[32];
    byte[] counter = new byte[4];
    try {
      for (int block = 1, pos = 0; pos < dkLen; block++, pos += 32) {
        counter[0] = (byte) (block >>> 24);
        counter[1] = (byte) (block >>> 16);
        counter[2] = (byte) (block >>> 8);
        counter[3] = (byte) block;
        mac.update(salt, 0, salt.length);
        mac.update(counter, 0, 4);
        mac.doFinal(u, 0);
        System.arraycopy(u, 0, t, 0, 32);
        for (int c = 1; c < iterations; c++) {
          mac.update(u, 0, 32);
          mac.doFinal(u, 0);
          for (int k = 0; k < 32; k++) {
            t[k] ^= u[k];
          }
        }
        System.arraycopy(t, 0, out, pos, Math.min(32, dkLen - pos));
      }
      return out;
    } finally {
      Arrays.fill(u, (byte) 0);
      Arrays.fill(t, (byte) 0);
    }
  }

  /**
   * Frees direct buffers as soon as scrypt is done with them, rather than whenever a garbage
   * collection notices them: a long-running agent that unlocks again, with little heap traffic in
   * between, would otherwise keep every V it made resident until a collection (at worst up to the
   * direct-memory limit, the maximum heap). {@code sun.misc.Unsafe.invokeCleaner} is the JDK's (9+)
   * way to do this for libraries — Netty and Lucene use it — reached by reflection so that nothing
   * depends on it at compile time. From JDK 24 on, calling it prints a deprecation warning on
   * stderr (JEP 498), which a CLI must not: there, as on a JVM without it, the buffers are left to
   * the collector, like heap arrays.
   */
  static final class DirectMemory {
    private static final Object UNSAFE;
    private static final Method INVOKE_CLEANER;

    static {
      Object unsafe;
      Method invokeCleaner;
      if (Runtime.version().feature() >= 24) {
        unsafe = null;
        invokeCleaner = null;
      } else {
        try {
          Class<?> type = Class.forName("sun.misc.Unsafe");
          Field field = type.getDeclaredField("theUnsafe");
          field.setAccessible(true);
          unsafe = field.get(null);
          invokeCleaner = type.getMethod("invokeCleaner", ByteBuffer.class);
        } catch (ReflectiveOperationException | RuntimeException e) {
          unsafe = null;
          invokeCleaner = null;
        }
      }
      UNSAFE = unsafe;
      INVOKE_CLEANER = invokeCleaner;
    }

    private DirectMemory() {}

    /** True when buffers are freed at once on this JVM. */
    static boolean freesAtOnce() {
      return INVOKE_CLEANER != null;
    }

    static void free(ByteBuffer direct) {
      if (INVOKE_CLEANER == null) {
        return;
      }
      try {
        INVOKE_CLEANER.invoke(UNSAFE, direct);
      } catch (ReflectiveOperationException | RuntimeException e) {
        // left to the collector
      }
    }
  }
}
