package io.keymint.wallet;

import io.keymint.signature.PersonalSign;
import java.math.BigInteger;
import java.util.Objects;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.signers.HMacDSAKCalculator;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.math.ec.FixedPointCombMultiplier;
import org.bouncycastle.math.ec.custom.sec.SecP256K1Curve;
import org.bouncycastle.util.encoders.Hex;
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

  /**
   * The public key of private key {@code d} as web3j holds it: the unsigned integer x ‖ y (64
   * bytes, no 0x04 prefix), what {@code Sign.publicKeyFromPrivate} returns.
   */
  static BigInteger publicKey(BigInteger d) {
    byte[] encoded = new FixedPointCombMultiplier().multiply(CURVE.getG(), d).getEncoded(false);
    return new BigInteger(1, java.util.Arrays.copyOfRange(encoded, 1, encoded.length));
  }

  /** The EIP-55 checksummed address of {@code keyPair}. */
  static String address(ECKeyPair keyPair) {
    return PersonalSign.addressOfPublicKey(keyPair.getPublicKey());
  }

  /**
   * secp256k1 (SEC 2, section 2.4.1) built from its curve class and its generator, not looked up in
   * BouncyCastle's {@code CustomNamedCurves}: that table's class initialiser loads a holder and a
   * curve class for each of its 33 curves and their OIDs (≈ 100 classes, parsed and verified on
   * every cold start) to hand back one. {@code Secp256k1Test} checks it equals the table's.
   */
  static final ECDomainParameters CURVE;

  static {
    SecP256K1Curve curve = new SecP256K1Curve();
    ECPoint g =
        curve.decodePoint(
            Hex.decodeStrict(
                "04"
                    + "79BE667EF9DCBBAC55A06295CE870B07029BFCDB2DCE28D959F2815B16F81798"
                    + "483ADA7726A3C4655DA4FBFC0E1108A8FD17B448A68554199C47D08FFB10D4B8"));
    CURVE = new ECDomainParameters(curve, g, curve.getOrder(), curve.getCofactor());
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
