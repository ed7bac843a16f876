package io.keymint.wallet;

import java.math.BigInteger;
import java.util.Arrays;
import org.web3j.crypto.ECKeyPair;

/** Parsing and range-checking secp256k1 private keys without making strings of them. */
final class PrivateKeys {
  /** The order of secp256k1's group: a private key must be in [1, N). */
  static final BigInteger SECP256K1_N =
      new BigInteger("FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141", 16);

  private PrivateKeys() {}

  /**
   * The 32 bytes of 64 hex digits, with or without {@code 0x}, surrounding whitespace ignored; null
   * if {@code hex} is anything else. The caller wipes the result.
   */
  static byte[] parseHex(char[] hex) {
    int start = 0;
    int end = hex.length;
    while (start < end && Character.isWhitespace(hex[start])) {
      start++;
    }
    while (end > start && Character.isWhitespace(hex[end - 1])) {
      end--;
    }
    if (end - start >= 2 && hex[start] == '0' && (hex[start + 1] == 'x' || hex[start + 1] == 'X')) {
      start += 2;
    }
    if (end - start != 64) {
      return null;
    }
    byte[] out = new byte[32];
    for (int i = 0; i < 32; i++) {
      int hi = SmallFiles.hexDigit(hex[start + 2 * i]);
      int lo = SmallFiles.hexDigit(hex[start + 2 * i + 1]);
      if (hi < 0 || lo < 0) {
        Arrays.fill(out, (byte) 0);
        return null;
      }
      out[i] = (byte) ((hi << 4) | lo);
    }
    return out;
  }

  /**
   * The key pair of a 32-byte big-endian private key, or null if it is 0 or not below the curve
   * order (no such key exists).
   */
  static ECKeyPair keyPair(byte[] key) {
    BigInteger k = new BigInteger(1, key);
    if (k.signum() == 0 || k.compareTo(SECP256K1_N) >= 0) {
      return null;
    }
    // not ECKeyPair.create: that goes through web3j's Sign, whose initialiser builds BouncyCastle's
    // whole named-curve table (see Secp256k1.CURVE)
    return new ECKeyPair(k, Secp256k1.publicKey(k));
  }
}
