package io.keymint.wallet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.keymint.emulator.VeniceEmulator;
import io.keymint.mint.MintResult;
import io.keymint.mint.Web3KeyMinter;
import io.keymint.signature.PersonalSign;
import io.keymint.sink.SecretSink;
import io.keymint.testing.Emulators;
import io.keymint.testing.LeakWatch;
import io.keymint.testing.SoftHsm;
import io.keymint.venice.KeySpec;
import io.keymint.venice.VeniceClient;
import java.lang.reflect.Field;
import java.math.BigInteger;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.ECPrivateKeySpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.ECKeyPair;

/**
 * The PKCS#11 wallet against a real SoftHSM2 token in this JVM (SOFTHSM2_CONF set by surefire;
 * {@link SoftHsm#forThisJvm()} makes the tokens before the module is loaded): keys generated in the
 * token, signatures that recover like ethers' verifyMessage, a mint end to end, and no private key
 * bytes on this side.
 */
class Pkcs11WalletTest {
  static final String TOKEN = SoftHsm.TOKEN;
  private static SoftHsm hsm;
  private static String agentAddress;

  @BeforeAll
  static void tokens() {
    hsm = SoftHsm.forThisJvm();
    agentAddress =
        PersonalSign.addressOfPublicKey(
            EcdsaSignatures.publicKeyFromSpki(hsm.agentPublicKey(), "test"));
    assertThat(agentAddress).isEqualTo(SoftHsm.address(hsm.agentPublicKey()));
  }

  private static WalletSource source(String token, String key, String pin) {
    return WalletSource.pkcs11(hsm.module(), token, key, pin::toCharArray);
  }

  @Test
  void unlock_addressIsTheTokenKeys_andPersonalSignRecoversToIt() {
    try (Wallet w = source(TOKEN, "agent", SoftHsm.PIN).unlock()) {
      assertThat(w.address()).isEqualTo(agentAddress);
      assertThat(w.deterministic()).isFalse();
      Set<String> seen = new HashSet<>();
      for (int i = 0; i < 20; i++) {
        String message = "venice token " + i;
        String sig = w.signPersonalMessage(message);
        seen.add(sig);
        // what ethers' verifyMessage does: recover the address from the EIP-191 digest
        assertThat(PersonalSign.recoverAddress(message, sig)).isEqualTo(agentAddress);
        byte[] raw = java.util.HexFormat.of().parseHex(sig.substring(2));
        BigInteger s = new BigInteger(1, java.util.Arrays.copyOfRange(raw, 32, 64));
        assertThat(s).isLessThanOrEqualTo(EcdsaSignatures.N.shiftRight(1));
        assertThat(raw[64]).isIn((byte) 27, (byte) 28);
      }
      // the token picks k at random: no two signatures alike, which is why escrow needs a recipient
      assertThat(seen).hasSize(20);
    }
  }

  @Test
  void tokenKey_isNonExtractable_andNoPrivateKeyBytesExistInTheJvm() throws Exception {
    try (Wallet w = source(TOKEN, "agent", SoftHsm.PIN).unlock()) {
      Pkcs11Wallets.Pkcs11Wallet p11 = (Pkcs11Wallets.Pkcs11Wallet) w;
      PrivateKey handle = p11.handle();
      assertThat(handle.getClass().getName()).startsWith("sun.security.pkcs11.P11Key");
      assertThat(handle.getEncoded()).isNull();
      assertThat(handle.getFormat()).isNull();
      assertThat(handle.toString()).contains("token object", "sensitive", "unextractable");
      // export through the provider is refused
      KeyFactory kf = KeyFactory.getInstance("EC", Pkcs11Wallets.provider(hsm.module(), TOKEN));
      assertThatThrownBy(() -> kf.getKeySpec(handle, ECPrivateKeySpec.class))
          .isInstanceOf(java.security.GeneralSecurityException.class);
      assertThatThrownBy(() -> kf.getKeySpec(handle, PKCS8EncodedKeySpec.class))
          .isInstanceOf(java.security.GeneralSecurityException.class);
      // the wallet holds a handle, a public key and strings: no ECKeyPair, no private scalar
      for (Field f : Pkcs11Wallets.Pkcs11Wallet.class.getDeclaredFields()) {
        assertThat(f.getType()).isNotEqualTo(ECKeyPair.class);
        if (f.getType() == BigInteger.class) {
          assertThat(f.getName()).isEqualTo("publicKey");
        }
      }
    }
    // and the token itself says so, and refuses to hand the key out
    String objects =
        hsm.run(
            "pkcs11-tool",
            "--module",
            hsm.module().toString(),
            "--token-label",
            TOKEN,
            "--login",
            "--pin",
            SoftHsm.PIN,
            "--list-objects",
            "--type",
            "privkey");
    assertThat(objects).contains("never extractable").contains("sensitive");
  }

  @Test
  void mint_endToEnd_emulatorRecoversTheTokenAddress() {
    VeniceEmulator venice = Emulators.start(agentAddress);
    try (VeniceClient client = VeniceClient.builder().baseUrl(venice.baseUrl()).build()) {
      AtomicReference<String> got = new AtomicReference<>();
      MintResult r =
          Web3KeyMinter.builder()
              .client(client)
              .wallet(source(TOKEN, "agent", SoftHsm.PIN))
              .sink(SecretSink.callback(k -> got.set(k.secret().reveal())))
              .build()
              .mint(KeySpec.builder().usdLimit(java.math.BigDecimal.TEN).build());
      LeakWatch.secret(got.get());
      assertThat(venice.mintCount()).isEqualTo(1);
      assertThat(r.key().walletAddress())
          .hasValueSatisfying(a -> assertThat(a).isEqualToIgnoringCase(agentAddress));
      assertThat(got.get()).isEqualTo(venice.issuedSecrets().get(0));
    } finally {
      Emulators.stop(venice);
    }
  }

  @Test
  void twoWalletsOnOneToken_closingOneLeavesTheOtherSigning() {
    Wallet first = source(TOKEN, "agent", SoftHsm.PIN).unlock();
    try (Wallet second = source(TOKEN, "agent", SoftHsm.PIN).unlock()) {
      first.close();
      assertThat(
              PersonalSign.recoverAddress("still here", second.signPersonalMessage("still here")))
          .isEqualTo(agentAddress);
    }
  }

  @Test
  void wrongPin_isOneLineNamingThePinOptions_evenAfterAnEarlierLogin() {
    source(TOKEN, "agent", SoftHsm.PIN).unlock().close(); // the last close logs out
    assertThatThrownBy(() -> source(TOKEN, "bare", SoftHsm.PIN).unlock()) // so does a failed unlock
        .isInstanceOf(WalletException.class);
    assertThatThrownBy(() -> source(TOKEN, "agent", "9999").unlock())
        .isInstanceOf(WalletException.class)
        .hasMessageContaining("refused the PIN")
        .hasMessageContaining("--pkcs11-pin-file")
        .hasMessageNotContaining("9999");
  }

  @Test
  void unknownToken_listsTheTokensThere() {
    assertThatThrownBy(() -> source("no-such-token", "agent", SoftHsm.PIN).unlock())
        .isInstanceOf(WalletException.class)
        .hasMessageContaining("no token labelled 'no-such-token'")
        .hasMessageContaining(TOKEN)
        .hasMessageContaining("--pkcs11-token-label");
  }

  @Test
  void keyWithoutCertificate_pointsToTheSetUpStep() {
    assertThatThrownBy(() -> source(TOKEN, "bare", SoftHsm.PIN).unlock())
        .isInstanceOf(WalletException.class)
        .hasMessageContaining("no private key labelled bare with a certificate")
        .hasMessageContaining("PKCS#11 set-up");
  }

  @Test
  void certificateOfAnotherKey_isRefusedNotTrusted() {
    assertThatThrownBy(() -> source(TOKEN, "mismatched", SoftHsm.PIN).unlock())
        .isInstanceOf(WalletException.class)
        .hasMessageContaining("does not hold that key's public key");
  }

  @Test
  void missingModule_saysWhichOption() {
    assertThatThrownBy(
            () ->
                WalletSource.pkcs11(
                        Path.of("/nonexistent/libp11.so"), TOKEN, "agent", "1"::toCharArray)
                    .unlock())
        .isInstanceOf(WalletException.class)
        .hasMessageContaining("--pkcs11-module");
  }

  @Test
  void closedWallet_signsNothing_andPinIsWipedAfterLogin() {
    char[][] handedOut = new char[1][];
    WalletSource s =
        WalletSource.pkcs11(
            hsm.module(),
            TOKEN,
            "agent",
            () -> {
              handedOut[0] = SoftHsm.PIN.toCharArray();
              return handedOut[0];
            });
    Wallet w = s.unlock();
    assertThat(new String(handedOut[0])).isEqualTo("\0\0\0\0");
    assertThat(w.toString()).contains(agentAddress).contains("pkcs11 token " + TOKEN);
    w.close();
    assertThatThrownBy(() -> w.signDigest(new byte[32])).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> s.unlock().signDigest(new byte[31]))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
