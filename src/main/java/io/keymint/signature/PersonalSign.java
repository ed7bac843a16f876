package io.keymint.signature;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.SignatureException;
import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;
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

  /**
   * The EIP-191 {@code personal_sign} digest of {@code message}'s UTF-8 bytes: {@code
   * keccak256("\x19Ethereum Signed Message:\n" + byteLength + bytes)}.
   */
  public static byte[] digest(String message) {
    Objects.requireNonNull(message, "message");
    // spelled out rather than Sign.getEthereumMessageHash: loading web3j's Sign builds
    // BouncyCastle's whole named-curve table (≈ 100 classes) on a cold start
    byte[] bytes = message.getBytes(StandardCharsets.UTF_8);
    byte[] prefix =
        ("\u0019Ethereum Signed Message:\n" + bytes.length).getBytes(StandardCharsets.US_ASCII);
    byte[] prefixed = Arrays.copyOf(prefix, prefix.length + bytes.length);
    System.arraycopy(bytes, 0, prefixed, prefix.length, bytes.length);
    return Hash.sha3(prefixed);
  }

  /** {@code 0x} + lower-case hex of a 65-byte signature. */
  public static String toHex(byte[] signature) {
    Objects.requireNonNull(signature, "signature");
    if (signature.length != 65) {
      throw new IllegalArgumentException("a signature is 65 bytes, got " + signature.length);
    }
    return "0x" + Hex.encode(signature);
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
      return address(unsigned64(publicKey));
    } catch (SignatureException | RuntimeException e) {
      throw new IllegalArgumentException("signature does not recover to a public key", e);
    }
  }

  /**
   * The EIP-55 checksummed address of a secp256k1 public key given as the unsigned integer x ‖ y
   * (64 bytes, big-endian). For signers whose private key is elsewhere (a token, a KMS): only the
   * public key is needed.
   *
   * @param publicKey x ‖ y as an unsigned integer; not null
   * @return the checksummed address
   */
  public static String addressOfPublicKey(BigInteger publicKey) {
    Objects.requireNonNull(publicKey, "publicKey");
    return address(unsigned64(publicKey));
  }

  /**
   * The EIP-55 checksummed address of an uncompressed secp256k1 public key given as its 64-byte x ‖
   * y (no {@code 0x04} prefix). Ours rather than web3j's {@code Keys}, whose static initialiser
   * registers the BouncyCastle JCA provider: hundreds of classes (about 0.1 s of a cold start) for
   * a keccak256 and a hex string.
   *
   * @throws IllegalArgumentException if {@code publicKey} is not 64 bytes
   */
  static String address(byte[] publicKey) {
    Objects.requireNonNull(publicKey, "publicKey");
    if (publicKey.length != 64) {
      throw new IllegalArgumentException("a public key is 64 bytes x ‖ y, got " + publicKey.length);
    }
    byte[] point = publicKey;
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

  private static byte[] unsigned64(BigInteger v) {
    byte[] raw = v.toByteArray();
    byte[] out = new byte[64];
    int copy = Math.min(raw.length, 64);
    System.arraycopy(raw, raw.length - copy, out, 64 - copy, copy);
    return out;
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
