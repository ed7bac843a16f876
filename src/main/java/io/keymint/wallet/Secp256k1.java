package io.keymint.wallet;

import io.keymint.signature.PersonalSign;
import java.math.BigInteger;
import java.util.Objects;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.signers.HMacDSAKCalculator;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.math.ec.FixedPointCombMultiplier;
import org.web3j.crypto.ECKeyPair;

/**
 * secp256k1 signing with an in-process key: where the private key lives, so the public API ({@link
 * PersonalSign}) needs no web3j type. Stateless and thread-safe.
 */
final class Secp256k1 {
  private Secp256k1() {}

  /** {@code personal_sign} of {@code message}: {@code 0x} + r ‖ s ‖ v hex. */
  static String sign(String message, ECKeyPair keyPair) {
    Objects.requireNonNull(keyPair, "keyPair");
    return PersonalSign.toHex(signDigest(PersonalSign.digest(message), keyPair.getPrivateKey()));
  }

  /**
   * Signs a 32-byte digest as it is with {@code keyPair}: 65 bytes r ‖ s ‖ v, RFC 6979 k, low s.
   */
  static byte[] signDigest(byte[] digest, ECKeyPair keyPair) {
    Objects.requireNonNull(digest, "digest");
    Objects.requireNonNull(keyPair, "keyPair");
    if (digest.length != 32) {
      throw new IllegalArgumentException("a digest is 32 bytes, got " + digest.length);
    }
    return signDigest(digest, keyPair.getPrivateKey());
  }

  /** The EIP-55 checksummed address of {@code keyPair}. */
  static String address(ECKeyPair keyPair) {
    return PersonalSign.addressOfPublicKey(keyPair.getPublicKey());
  }

  private static final ECDomainParameters CURVE;

  static {
    X9ECParameters p = CustomNamedCurves.getByName("secp256k1");
    CURVE = new ECDomainParameters(p.getCurve(), p.getG(), p.getN(), p.getH());
  }

  /**
   * ECDSA over secp256k1 with RFC 6979 k (HMAC-SHA256), low s, as BouncyCastle's {@code
   * ECDSASigner} and so web3j compute it — but v is read from R's y parity here instead of found by
   * recovering candidate public keys afterwards (web3j's way: up to four extra multiplications).
   */
  private static byte[] signDigest(byte[] digest, BigInteger d) {
    BigInteger n = CURVE.getN();
    BigInteger e = new BigInteger(1, digest);
    HMacDSAKCalculator kCalculator = new HMacDSAKCalculator(new SHA256Digest());
    kCalculator.init(n, d, digest);
    FixedPointCombMultiplier multiplier = new FixedPointCombMultiplier();
    while (true) {
      BigInteger k = kCalculator.nextK();
      ECPoint point = multiplier.multiply(CURVE.getG(), k).normalize();
      BigInteger x = point.getAffineXCoord().toBigInteger();
      BigInteger r = x.mod(n);
      if (r.signum() == 0) {
        continue;
      }
      BigInteger s = k.modInverse(n).multiply(e.add(d.multiply(r))).mod(n);
      if (s.signum() == 0 || x.compareTo(n) >= 0) {
        continue; // x ≥ n (probability 2^-128) has no 27/28 v: take the next k
      }
      int recId = point.getAffineYCoord().toBigInteger().testBit(0) ? 1 : 0;
      if (s.compareTo(n.shiftRight(1)) > 0) {
        s = n.subtract(s);
        recId ^= 1;
      }
      byte[] out = new byte[65];
      copy32(r, out, 0);
      copy32(s, out, 32);
      out[64] = (byte) (27 + recId);
      return out;
    }
  }

  private static void copy32(BigInteger v, byte[] out, int off) {
    byte[] raw = v.toByteArray();
    int len = Math.min(raw.length, 32);
    System.arraycopy(raw, raw.length - len, out, off + 32 - len, len);
  }
}
