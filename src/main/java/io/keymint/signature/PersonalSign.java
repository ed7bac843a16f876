package io.keymint.signature;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.SignatureException;
import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.signers.HMacDSAKCalculator;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.math.ec.FixedPointCombMultiplier;
import org.web3j.crypto.ECKeyPair;
import org.web3j.crypto.Hash;
import org.web3j.crypto.Sign;

/**
 * EIP-191 {@code personal_sign} (version 0x45) over a text message's UTF-8 bytes: the digest is
 * {@code keccak256("\x19Ethereum Signed Message:\n" + byteLength + bytes)}, the signature {@code
 * 0x} + r (32 bytes) + s (32 bytes) + v (27 or 28), hex, 132 characters. Byte for byte what ethers'
 * {@code Wallet.signMessage} and viem's {@code signMessage} produce (RFC 6979 deterministic k,
 * low-s), which the tests prove against vectors computed by ethers.
 *
 * <p>Stateless and thread-safe.
 */
public final class PersonalSign {
  private static final int SIGNATURE_HEX_LENGTH = 2 + 65 * 2;

  private PersonalSign() {}

  /** Signs {@code message} with {@code keyPair}; see the class comment for the format. */
  public static String sign(String message, ECKeyPair keyPair) {
    Objects.requireNonNull(keyPair, "keyPair");
    return toHex(signDigest(digest(message), keyPair.getPrivateKey()));
  }

  /**
   * The EIP-191 {@code personal_sign} digest of {@code message}'s UTF-8 bytes: {@code
   * keccak256("\x19Ethereum Signed Message:\n" + byteLength + bytes)}.
   */
  public static byte[] digest(String message) {
    Objects.requireNonNull(message, "message");
    return Sign.getEthereumMessageHash(message.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Signs a 32-byte digest as it is with {@code keyPair}: 65 bytes r ‖ s ‖ v, RFC 6979 k, low s.
   */
  public static byte[] signDigest(byte[] digest, ECKeyPair keyPair) {
    Objects.requireNonNull(digest, "digest");
    Objects.requireNonNull(keyPair, "keyPair");
    if (digest.length != 32) {
      throw new IllegalArgumentException("a digest is 32 bytes, got " + digest.length);
    }
    return signDigest(digest, keyPair.getPrivateKey());
  }

  /** {@code 0x} + lower-case hex of a 65-byte signature. */
  public static String toHex(byte[] signature) {
    Objects.requireNonNull(signature, "signature");
    if (signature.length != 65) {
      throw new IllegalArgumentException("a signature is 65 bytes, got " + signature.length);
    }
    return "0x" + Hex.encode(signature);
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

  /**
   * Recovers the EIP-55 address that signed {@code message}. Accepts v as 27/28 or 0/1.
   *
   * @throws IllegalArgumentException if {@code signature} is not {@code 0x} + 130 hex digits or
   *     does not recover to any key
   */
  public static String recoverAddress(String message, String signature) {
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(signature, "signature");
    if (signature.length() != SIGNATURE_HEX_LENGTH || !signature.startsWith("0x")) {
      throw new IllegalArgumentException("a signature is 0x followed by 130 hex digits");
    }
    byte[] raw = Hex.decode(signature.substring(2));
    byte v = raw[64];
    if (v == 0 || v == 1) {
      v += 27;
    }
    if (v != 27 && v != 28) {
      throw new IllegalArgumentException(
          "signature v must be 27 or 28 (or 0 or 1), got " + (raw[64] & 0xff));
    }
    byte[] r = new byte[32];
    byte[] s = new byte[32];
    System.arraycopy(raw, 0, r, 0, 32);
    System.arraycopy(raw, 32, s, 0, 32);
    try {
      BigInteger publicKey =
          Sign.signedPrefixedMessageToKey(
              message.getBytes(StandardCharsets.UTF_8), new Sign.SignatureData(v, r, s));
      return checksumAddress(publicKey);
    } catch (SignatureException | RuntimeException e) {
      throw new IllegalArgumentException("signature does not recover to a public key", e);
    }
  }

  /** The EIP-55 checksummed address of {@code keyPair}. */
  public static String address(ECKeyPair keyPair) {
    return checksumAddress(keyPair.getPublicKey());
  }

  /**
   * The EIP-55 checksummed address of a secp256k1 public key given as the unsigned integer x ‖ y
   * (64 bytes, big-endian), as web3j's {@code ECKeyPair.getPublicKey()} holds it. For signers whose
   * private key is elsewhere (a token, a KMS): only the public key is needed.
   */
  public static String addressOfPublicKey(BigInteger publicKey) {
    Objects.requireNonNull(publicKey, "publicKey");
    return checksumAddress(publicKey);
  }

  /**
   * EIP-55 address of a 64-byte public key (x ‖ y). Ours rather than web3j's {@code Keys}, whose
   * static initialiser registers the BouncyCastle JCA provider: hundreds of classes (about 0.1 s of
   * a cold start) for a keccak256 and a hex string.
   */
  private static String checksumAddress(BigInteger publicKey) {
    byte[] raw = publicKey.toByteArray();
    byte[] point = new byte[64];
    int copy = Math.min(raw.length, 64);
    System.arraycopy(raw, raw.length - copy, point, 64 - copy, copy);
    byte[] hash = Hash.sha3(point);
    String lower = Hex.encode(Arrays.copyOfRange(hash, 12, 32));
    byte[] checksum = Hash.sha3(lower.getBytes(StandardCharsets.US_ASCII));
    StringBuilder out = new StringBuilder(42).append("0x");
    for (int i = 0; i < 40; i++) {
      char c = lower.charAt(i);
      int nibble = (checksum[i / 2] >> (i % 2 == 0 ? 4 : 0)) & 0xf;
      out.append(c >= 'a' && nibble >= 8 ? (char) (c - 32) : c);
    }
    return out.toString();
  }

  /**
   * True for {@code 0x} + 40 hex digits, any case. (Checksum case is not enforced, as Venice does
   * not.)
   */
  public static boolean isAddress(String s) {
    if (s == null || s.length() != 42 || !s.startsWith("0x")) {
      return false;
    }
    for (int i = 2; i < 42; i++) {
      if (Hex.digit(s.charAt(i)) < 0) {
        return false;
      }
    }
    return true;
  }

  /** Lower-cases an address for comparison. */
  public static String normalize(String address) {
    return address.toLowerCase(Locale.ROOT);
  }
}
