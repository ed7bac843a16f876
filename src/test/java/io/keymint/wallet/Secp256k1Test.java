package io.keymint.wallet;

import static org.assertj.core.api.Assertions.assertThat;

import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.junit.jupiter.api.Test;

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
}
