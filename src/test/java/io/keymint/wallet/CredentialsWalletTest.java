package io.keymint.wallet;

import static org.assertj.core.api.Assertions.assertThat;

import io.keymint.testing.TestKeys;
import io.keymint.testing.Vectors;
import java.lang.reflect.Field;
import java.math.BigInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.ECKeyPair;

/** web3j {@link Credentials} as a wallet: ethers' signatures, by reference, deterministic. */
class CredentialsWalletTest {

  @Test
  void vectors_all24ArePresent() {
    assertThat(Vectors.eip191()).hasSize(24);
  }

  @ParameterizedTest(name = "vector {0}")
  @MethodSource("io.keymint.testing.Vectors#eip191")
  void credentials_signLikeEthers_forEveryVector(
      int index, String privateKey, String address, String message, String signature) {
    Credentials c = Credentials.create(privateKey);
    try (Wallet w = WalletSource.credentials(c).unlock()) {
      assertThat(w.address()).isEqualTo(address);
      assertThat(w.signPersonalMessage(message)).isEqualTo(signature);
    }
  }

  @Test
  void credentials_theWalletSignsWithTheCallersOwnKeyPair_noCopy() throws Exception {
    Credentials c = Credentials.create(TestKeys.VECTOR_PRIVATE_KEY);
    WalletSource source = WalletSource.credentials(c);
    assertThat(source.description()).isEqualTo("web3j credentials " + c.getAddress());
    assertThat(source.toString()).doesNotContain(TestKeys.VECTOR_PRIVATE_KEY.substring(2));
    try (Wallet w = source.unlock()) {
      Field f = KeyWallet.class.getDeclaredField("keyPair");
      f.setAccessible(true);
      assertThat(f.get(w)).isSameAs(c.getEcKeyPair());
      assertThat(w.deterministic()).isTrue();
      assertThat(w.signDigest(new byte[32])).isEqualTo(w.signDigest(new byte[32]));
      assertThat(w.toString()).isEqualTo("Wallet[" + TestKeys.VECTOR_ADDRESS + "]");
    }
    // closing the wallet leaves the caller's credentials usable
    assertThat(c.getEcKeyPair().getPrivateKey()).isNotNull();
  }

  @Test
  void credentials_whoseAddressDoesNotMatchTheirKey_areRefused() {
    ECKeyPair a = ECKeyPair.create(new BigInteger(TestKeys.VECTOR_PRIVATE_KEY.substring(2), 16));
    ECKeyPair b = ECKeyPair.create(new BigInteger(TestKeys.LIGHT_PRIVATE_KEY.substring(2), 16));
    Credentials forged = Credentials.create(a);
    // Credentials built from a key pair and someone else's address (web3j allows it)
    Credentials mismatched;
    try {
      java.lang.reflect.Constructor<Credentials> ctor =
          Credentials.class.getDeclaredConstructor(ECKeyPair.class, String.class);
      ctor.setAccessible(true);
      mismatched = ctor.newInstance(b, forged.getAddress());
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> WalletSource.credentials(mismatched).unlock())
        .isInstanceOf(WalletException.class)
        .hasMessageContaining("does not match");
  }
}
