package io.keymint.testing;

import io.keymint.signature.PersonalSign;
import io.keymint.wallet.Wallet;
import java.math.BigInteger;
import java.security.SecureRandom;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.ParametersWithRandom;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.web3j.crypto.ECDSASignature;
import org.web3j.crypto.ECKeyPair;
import org.web3j.crypto.Sign;

/**
 * A wallet that signs like an HSM or a KMS does: a random k for every signature (so {@link
 * #deterministic()} is false), s normalised and v found by recovery afterwards. The key is a test
 * key in this process; only the signing behaviour is what matters.
 */
public final class RandomisedWallet implements Wallet {
  private static final X9ECParameters P = CustomNamedCurves.getByName("secp256k1");
  private static final ECDomainParameters CURVE =
      new ECDomainParameters(P.getCurve(), P.getG(), P.getN(), P.getH());
  private final ECKeyPair keyPair;
  private final String address;
  private volatile boolean closed;

  public RandomisedWallet(String hexPrivateKey) {
    this.keyPair =
        ECKeyPair.create(
            new BigInteger(
                hexPrivateKey.startsWith("0x") ? hexPrivateKey.substring(2) : hexPrivateKey, 16));
    this.address = PersonalSign.address(keyPair);
  }

  /** A source that hands out a new one of these at each unlock. */
  public static io.keymint.wallet.WalletSource source(String hexPrivateKey) {
    return new io.keymint.wallet.WalletSource() {
      @Override
      public Wallet unlock() {
        return new RandomisedWallet(hexPrivateKey);
      }

      @Override
      public String description() {
        return "randomised test signer";
      }
    };
  }

  @Override
  public String address() {
    return address;
  }

  @Override
  public byte[] signDigest(byte[] digest) {
    if (closed) {
      throw new IllegalStateException("closed");
    }
    if (digest.length != 32) {
      throw new IllegalArgumentException("a digest is 32 bytes");
    }
    ECDSASigner signer = new ECDSASigner(); // random k
    signer.init(
        true,
        new ParametersWithRandom(
            new ECPrivateKeyParameters(keyPair.getPrivateKey(), CURVE), new SecureRandom()));
    BigInteger[] rs = signer.generateSignature(digest);
    BigInteger r = rs[0];
    BigInteger s = rs[1];
    if (s.compareTo(P.getN().shiftRight(1)) > 0) {
      s = P.getN().subtract(s);
    }
    for (int recId = 0; recId < 2; recId++) {
      if (keyPair
          .getPublicKey()
          .equals(Sign.recoverFromSignature(recId, new ECDSASignature(r, s), digest))) {
        byte[] out = new byte[65];
        put(r, out, 0);
        put(s, out, 32);
        out[64] = (byte) (27 + recId);
        return out;
      }
    }
    throw new IllegalStateException("no recovery id");
  }

  private static void put(BigInteger v, byte[] out, int off) {
    byte[] raw = v.toByteArray();
    int len = Math.min(raw.length, 32);
    System.arraycopy(raw, raw.length - len, out, off + 32 - len, len);
  }

  @Override
  public void close() {
    closed = true;
  }

  @Override
  public String toString() {
    return "Wallet[" + address + ", randomised]";
  }
}
