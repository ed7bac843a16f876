package io.keymint.wallet;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.keymint.internal.Json;
import io.keymint.testing.TestKeys;
import java.io.InputStream;
import java.lang.reflect.Field;
import java.math.BigInteger;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.ECKeyPair;

/** web3j {@link Credentials} as a wallet: ethers' signatures, by reference, deterministic. */
class CredentialsWalletTest {

  @Test
  void credentials_signLikeEthers_forEveryVector() throws Exception {
    try (InputStream in = getClass().getResourceAsStream("/vectors/eip191-personal-sign.json")) {
      JsonNode root = Json.parse(in.readAllBytes());
      int n = 0;
      for (JsonNode v : root.get("vectors")) {
        Credentials c = Credentials.create(v.get("privateKey").asText());
        try (Wallet w = WalletSource.credentials(c).unlock()) {
          assertThat(w.address()).isEqualTo(v.get("address").asText());
          assertThat(w.signPersonalMessage(v.get("message").asText()))
              .isEqualTo(v.get("signature").asText());
        }
        n++;
      }
      assertThat(n).isEqualTo(24);
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
