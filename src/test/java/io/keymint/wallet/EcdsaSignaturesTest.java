package io.keymint.wallet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.keymint.signature.PersonalSign;
import io.keymint.testing.TestKeys;
import java.math.BigInteger;
import java.util.HexFormat;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.DERSequence;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.ECKeyPair;

/** DER from a signer outside the process → r ‖ low s ‖ v; hostile encodings refused. */
class EcdsaSignaturesTest {
  private static final ECKeyPair KEY =
      ECKeyPair.create(new BigInteger(TestKeys.VECTOR_PRIVATE_KEY.substring(2), 16));
  private static final byte[] DIGEST = PersonalSign.digest("hello");

  private static byte[] der(BigInteger r, BigInteger s) throws Exception {
    return new DERSequence(new ASN1Integer[] {new ASN1Integer(r), new ASN1Integer(s)})
        .getEncoded("DER");
  }

  @Test
  void highS_isMovedToTheLowHalf_andVRecoversTheKey_givingEthersExactSignature() throws Exception {
    byte[] ours = PersonalSign.signDigest(DIGEST, KEY); // RFC 6979, low s: what ethers returns
    BigInteger r = new BigInteger(1, java.util.Arrays.copyOfRange(ours, 0, 32));
    BigInteger s = new BigInteger(1, java.util.Arrays.copyOfRange(ours, 32, 64));

    byte[] fromHigh =
        EcdsaSignatures.fromDer(
            der(r, EcdsaSignatures.N.subtract(s)), DIGEST, KEY.getPublicKey(), "t");
    byte[] fromLow = EcdsaSignatures.fromDer(der(r, s), DIGEST, KEY.getPublicKey(), "t");

    assertThat(fromHigh).isEqualTo(ours);
    assertThat(fromLow).isEqualTo(ours);
  }

  @Test
  void hostileDer_isRefusedWithOneMessage() throws Exception {
    BigInteger one = BigInteger.ONE;
    byte[] good = der(one, one);
    byte[] trailing = java.util.Arrays.copyOf(good, good.length + 1);
    byte[][] hostile = {
      new byte[0],
      trailing,
      der(BigInteger.ZERO, one),
      der(one, EcdsaSignatures.N),
      der(one.negate(), one),
      HexFormat.of().parseHex("30080201010201010000"), // BER-ish length mismatch
      HexFormat.of().parseHex("3103020101"), // a SET
    };
    for (int i = 0; i < hostile.length; i++) {
      byte[] h = hostile[i];
      assertThatThrownBy(() -> EcdsaSignatures.parseDer(h, "signer"))
          .as("case %d", i)
          .isInstanceOf(WalletException.class)
          .hasMessage(
              "signer returned a malformed ECDSA signature (not a DER SEQUENCE of r and s in range)");
    }
  }

  @Test
  void signatureByAnotherKey_doesNotRecoverToOurs() throws Exception {
    ECKeyPair other = ECKeyPair.create(BigInteger.valueOf(424242));
    byte[] theirs = PersonalSign.signDigest(DIGEST, other);
    BigInteger r = new BigInteger(1, java.util.Arrays.copyOfRange(theirs, 0, 32));
    BigInteger s = new BigInteger(1, java.util.Arrays.copyOfRange(theirs, 32, 64));

    assertThatThrownBy(() -> EcdsaSignatures.fromDer(der(r, s), DIGEST, KEY.getPublicKey(), "kms"))
        .isInstanceOf(WalletException.class)
        .hasMessageContaining("does not recover to its public key");
  }

  @Test
  void publicKeyOnAnotherCurve_isRefused() throws Exception {
    java.security.KeyPairGenerator g = java.security.KeyPairGenerator.getInstance("EC");
    g.initialize(new java.security.spec.ECGenParameterSpec("secp256r1"));
    byte[] p256 = g.generateKeyPair().getPublic().getEncoded();
    assertThatThrownBy(() -> EcdsaSignatures.publicKeyFromSpki(p256, "key"))
        .isInstanceOf(WalletException.class)
        .hasMessageContaining("not an EC key on secp256k1");
    assertThatThrownBy(() -> EcdsaSignatures.publicKeyFromSpki(new byte[] {0x30, 0x00}, "key"))
        .isInstanceOf(WalletException.class);
  }
}
