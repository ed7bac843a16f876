package io.keymint.signature;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.web3j.crypto.ECKeyPair;

/** Known answers from ethers 6 {@code Wallet.signMessage}: vectors/eip191-personal-sign.json. */
class PersonalSignTest {

  static List<Arguments> vectors() {
    return io.keymint.testing.Vectors.eip191();
  }

  @Test
  void vectors_all24ArePresent() throws Exception {
    assertThat(vectors()).hasSize(24);
  }

  @ParameterizedTest(name = "vector {0}")
  @MethodSource("vectors")
  void sign_vector_equalsEthersByteForByte(
      int index, String privateKey, String address, String message, String signature) {
    ECKeyPair keyPair = ECKeyPair.create(new BigInteger(privateKey.substring(2), 16));

    String actual;
    try (io.keymint.wallet.Wallet w =
        io.keymint.wallet.WalletSource.privateKey(privateKey.toCharArray()).unlock()) {
      actual = w.signPersonalMessage(message);
      assertThat(w.address()).isEqualTo(address);
    }

    assertThat(actual).isEqualTo(signature);
    assertThat(actual).hasSize(132);
    int v = Integer.parseInt(actual.substring(130), 16);
    assertThat(v).isIn(27, 28);
    assertThat(io.keymint.testing.Web3jSigning.sign(message, keyPair)).isEqualTo(signature);
    assertThat(io.keymint.testing.Web3jSigning.address(keyPair)).isEqualTo(address);
  }

  @ParameterizedTest(name = "vector {0}")
  @MethodSource("vectors")
  void recoverAddress_vector_roundTripsToTheSigner(
      int index, String privateKey, String address, String message, String signature) {
    assertThat(PersonalSign.recoverAddress(message, signature)).isEqualTo(address);
  }

  @ParameterizedTest(name = "vector {0}")
  @MethodSource("vectors")
  void recoverAddress_vZeroOrOne_isAcceptedLike27Or28(
      int index, String privateKey, String address, String message, String signature) {
    int v = Integer.parseInt(signature.substring(130), 16);
    String zeroBased = signature.substring(0, 130) + String.format("%02x", v - 27);
    assertThat(PersonalSign.recoverAddress(message, zeroBased)).isEqualTo(address);
  }
}
