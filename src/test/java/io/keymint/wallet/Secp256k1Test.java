package io.keymint.wallet;

import static org.assertj.core.api.Assertions.assertThat;

import io.keymint.signature.PersonalSign;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.web3j.crypto.Sign;

class Secp256k1Test {

  @Test
  void theCurveBuiltByHandIsBouncyCastlesSecp256k1() {
    X9ECParameters table = CustomNamedCurves.getByName("secp256k1");

    assertThat(Secp256k1.CURVE.getCurve().equals(table.getCurve())).isTrue();
    assertThat(Secp256k1.CURVE.getG().equals(table.getG())).isTrue();
    assertThat(Secp256k1.CURVE.getN()).isEqualTo(table.getN());
    assertThat(Secp256k1.CURVE.getH()).isEqualTo(table.getH());
    assertThat(Secp256k1.CURVE.getG().isValid()).isTrue();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "1",
        "4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318",
        "fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364140",
        "0000000000000000000000000000000000000000000000000000000000000abc"
      })
  void publicKeyIsWhatWeb3jDerives(String hex) {
    BigInteger d = new BigInteger(hex, 16);

    assertThat(Secp256k1.publicKey(d)).isEqualTo(Sign.publicKeyFromPrivate(d));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "hello", "h\u00e9llo \u2603", "a.b.c", "x\ny"})
  void personalSignDigestIsWhatWeb3jComputes(String message) {
    assertThat(PersonalSign.digest(message))
        .isEqualTo(Sign.getEthereumMessageHash(message.getBytes(StandardCharsets.UTF_8)));
  }
}
