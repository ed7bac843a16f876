package io.keymint.wallet;

import java.io.IOException;
import java.math.BigInteger;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECPoint;
import java.util.Arrays;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.web3j.crypto.ECDSASignature;
import org.web3j.crypto.Sign;

/**
 * Turns what an external ECDSA signer returns (a DER {@code ECDSA-Sig-Value}, randomised k, any s)
 * into the 65 bytes a {@link Wallet} returns: r ‖ low s ‖ v, with v found by recovering the public
 * key for each recovery id and keeping the one that matches the signer's key. Public keys of such
 * signers arrive as a certificate's key or a SubjectPublicKeyInfo; both become the unsigned x ‖ y
 * integer web3j uses.
 */
final class EcdsaSignatures {
  private static final X9ECParameters SECP256K1 = CustomNamedCurves.getByName("secp256k1");
  static final BigInteger N = SECP256K1.getN();
  private static final BigInteger HALF_N = N.shiftRight(1);

  private EcdsaSignatures() {}

  /**
   * r ‖ low s ‖ v for a DER signature over {@code digest} by the key {@code publicKey} (x ‖ y).
   *
   * @throws WalletException if the DER is malformed, r or s is out of range, or the signature does
   *     not recover to {@code publicKey} (the signer used another key)
   */
  static byte[] fromDer(byte[] der, byte[] digest, BigInteger publicKey, String signer) {
    BigInteger[] rs = parseDer(der, signer);
    return fromRs(rs[0], rs[1], digest, publicKey, signer);
  }

  static byte[] fromRs(
      BigInteger r, BigInteger s, byte[] digest, BigInteger publicKey, String signer) {
    if (s.compareTo(HALF_N) > 0) {
      s = N.subtract(s); // EIP-2: Ethereum accepts only the low half
    }
    ECDSASignature sig = new ECDSASignature(r, s);
    for (int recId = 0; recId < 2; recId++) {
      BigInteger candidate = Sign.recoverFromSignature(recId, sig, digest);
      if (publicKey.equals(candidate)) {
        byte[] out = new byte[65];
        copy32(r, out, 0);
        copy32(s, out, 32);
        out[64] = (byte) (27 + recId);
        return out;
      }
    }
    throw new WalletException(
        signer
            + " returned a signature that does not recover to its public key: the key it signs"
            + " with is not the one whose address keymint uses");
  }

  /** r and s of a DER {@code SEQUENCE { INTEGER r, INTEGER s }}, each in [1, n). */
  static BigInteger[] parseDer(byte[] der, String signer) {
    try {
      ASN1Primitive p = ASN1Primitive.fromByteArray(der);
      if (p instanceof ASN1Sequence) {
        ASN1Sequence seq = (ASN1Sequence) p;
        if (seq.size() == 2
            && seq.getObjectAt(0) instanceof ASN1Integer
            && seq.getObjectAt(1) instanceof ASN1Integer
            && Arrays.equals(seq.getEncoded("DER"), der)) {
          BigInteger r = ((ASN1Integer) seq.getObjectAt(0)).getValue();
          BigInteger s = ((ASN1Integer) seq.getObjectAt(1)).getValue();
          if (r.signum() > 0 && r.compareTo(N) < 0 && s.signum() > 0 && s.compareTo(N) < 0) {
            return new BigInteger[] {r, s};
          }
        }
      }
    } catch (IOException | RuntimeException e) {
      // one message below
    }
    throw new WalletException(
        signer + " returned a malformed ECDSA signature (not a DER SEQUENCE of r and s in range)");
  }

  /**
   * The x ‖ y integer of a secp256k1 key in a DER SubjectPublicKeyInfo (what KMS GetPublicKey
   * returns, and a certificate holds).
   *
   * @throws WalletException if it is not an EC key on secp256k1
   */
  static BigInteger publicKeyFromSpki(byte[] spki, String signer) {
    try {
      SubjectPublicKeyInfo info = SubjectPublicKeyInfo.getInstance(spki);
      ASN1ObjectIdentifier alg = info.getAlgorithm().getAlgorithm();
      ASN1Encodable params = info.getAlgorithm().getParameters();
      if (!X9ObjectIdentifiers.id_ecPublicKey.equals(alg)
          || !SECObjectIdentifiers.secp256k1.equals(params)) {
        throw new WalletException(
            signer
                + "'s key is not an EC key on secp256k1 (algorithm "
                + alg.getId()
                + "): Ethereum wallets need secp256k1");
      }
      byte[] point = info.getPublicKeyData().getOctets();
      org.bouncycastle.math.ec.ECPoint q = SECP256K1.getCurve().decodePoint(point).normalize();
      return xy(q.getAffineXCoord().toBigInteger(), q.getAffineYCoord().toBigInteger());
    } catch (WalletException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new WalletException(signer + "'s public key is not a readable SubjectPublicKeyInfo", e);
    }
  }

  /**
   * The x ‖ y integer of a JCA EC public key, checked to be on secp256k1.
   *
   * @throws WalletException if it is on another curve
   */
  static BigInteger publicKeyOf(ECPublicKey key, String signer) {
    if (!key.getParams()
            .getCurve()
            .getField()
            .equals(
                new java.security.spec.ECFieldFp(
                    SECP256K1.getCurve().getField().getCharacteristic()))
        || !key.getParams().getOrder().equals(N)) {
      throw new WalletException(
          signer + "'s key is not on secp256k1: Ethereum wallets need secp256k1");
    }
    ECPoint w = key.getW();
    return xy(w.getAffineX(), w.getAffineY());
  }

  private static BigInteger xy(BigInteger x, BigInteger y) {
    byte[] out = new byte[64];
    copy32(x, out, 0);
    copy32(y, out, 32);
    return new BigInteger(1, out);
  }

  private static void copy32(BigInteger v, byte[] out, int off) {
    byte[] raw = v.toByteArray();
    int len = Math.min(raw.length, 32);
    System.arraycopy(raw, raw.length - len, out, off + 32 - len, len);
  }

  /** Checks a digest's length as {@link Wallet#signDigest} promises. */
  static void checkDigest(byte[] digest) {
    if (digest == null) {
      throw new NullPointerException("digest");
    }
    if (digest.length != 32) {
      throw new IllegalArgumentException("a digest is 32 bytes, got " + digest.length);
    }
  }
}
