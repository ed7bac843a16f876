package io.keymint.wallet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.keymint.signature.PersonalSign;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class WalletSourcesTest {
  private static final String KEY =
      "4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318";
  private static final String ADDRESS = "0x2c7536E3605D9C16a7a3D7b1898e529396a65c23";
  private static final String HARDHAT_MNEMONIC =
      "test test test test test test test test test test test junk";
  private static final String HARDHAT_0 = "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266";

  @ParameterizedTest
  @ValueSource(
      strings = {
        KEY,
        "0x" + KEY,
        "0X" + KEY,
        "  0x" + KEY + "\n",
        "4C0883A69102937D6231471B5DBB6204FE5129617082792AE468D01A3F362318"
      })
  void privateKeyEnv_hexWithOrWithout0x_unlocksToTheAddress(String value) {
    WalletSource source = Wallets.privateKeyEnv("WALLET_KEY", Map.of("WALLET_KEY", value)::get);

    try (Wallet wallet = source.unlock()) {
      assertThat(wallet.address()).isEqualTo(ADDRESS);
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f36231", // 63 digits
        "4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f3623180", // 65 digits
        "4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f36231g",
        "0x 4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f36231"
      })
  void privateKeyEnv_notHexKey_failsWithoutEchoingTheValue(String value) {
    WalletSource source = Wallets.privateKeyEnv("WALLET_KEY", Map.of("WALLET_KEY", value)::get);

    assertThatThrownBy(source::unlock)
        .isInstanceOf(WalletException.class)
        .hasMessage(
            "WALLET_KEY is not a 32-byte hex private key (expected 64 hex digits, with or without 0x)")
        .message()
        .doesNotContain(value.strip().substring(0, 20));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "0000000000000000000000000000000000000000000000000000000000000000",
        "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141", // the order itself
        "ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff"
      })
  void privateKeyEnv_zeroOrNotBelowCurveOrder_isRefused(String value) {
    WalletSource source = Wallets.privateKeyEnv("K", Map.of("K", value)::get);

    assertThatThrownBy(source::unlock)
        .isInstanceOf(WalletException.class)
        .hasMessage(
            "K is not a valid secp256k1 private key (it is zero or not below the curve order)");
  }

  @Test
  void privateKeyEnv_curveOrderMinusOne_isAccepted() {
    WalletSource source =
        Wallets.privateKeyEnv(
            "K",
            Map.of("K", "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364140")::get);
    try (Wallet wallet = source.unlock()) {
      assertThat(PersonalSign.isAddress(wallet.address())).isTrue();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "  "})
  void privateKeyEnv_emptyValue_saysNotSet(String value) {
    WalletSource source = Wallets.privateKeyEnv("WALLET_KEY", Map.of("WALLET_KEY", value)::get);
    assertThatThrownBy(source::unlock)
        .hasMessage(
            "environment variable WALLET_KEY is not set: export a hex private key or use WalletSource.keystore");
  }

  @Test
  void privateKeyEnv_unset_saysNotSetAndDescribesTheVariableOnly() {
    WalletSource source = Wallets.privateKeyEnv("WALLET_KEY", Map.<String, String>of()::get);

    assertThatThrownBy(source::unlock)
        .isInstanceOf(WalletException.class)
        .hasMessage(
            "environment variable WALLET_KEY is not set: export a hex private key or use WalletSource.keystore");
    assertThat(io.keymint.KeymintException.settingOf(catchThrowable(source::unlock)))
        .contains(io.keymint.Setting.KEYSTORE);
    assertThat(source.description()).isEqualTo("env WALLET_KEY");
    assertThat(source.toString()).isEqualTo("WalletSource[env WALLET_KEY]");
  }

  @Test
  void privateKeyEnv_publicFactory_readsTheRealEnvironmentLazily() {
    // a name no environment has: building the source must not fail, unlocking must
    WalletSource source = WalletSource.privateKeyEnv("KEYMINT_TEST_SURELY_UNSET_7f3a");
    assertThat(source.description()).isEqualTo("env KEYMINT_TEST_SURELY_UNSET_7f3a");
    assertThatThrownBy(source::unlock)
        .hasMessageContaining("KEYMINT_TEST_SURELY_UNSET_7f3a is not set");
  }

  @Test
  void privateKey_callerWipesItsArray_sourceStillUnlocks() {
    char[] mine = ("0x" + KEY).toCharArray();
    WalletSource source = WalletSource.privateKey(mine);
    java.util.Arrays.fill(mine, '\0');

    try (Wallet wallet = source.unlock()) {
      assertThat(wallet.address()).isEqualTo(ADDRESS);
    }
    assertThat(source.description()).isEqualTo("private key").doesNotContain(KEY);
    assertThat(source.toString()).doesNotContain(KEY);
  }

  @Test
  void close_wallet_refusesFurtherSigning() {
    Wallet wallet = WalletSource.privateKey(KEY.toCharArray()).unlock();
    String sig = wallet.signPersonalMessage("hello");
    assertThat(PersonalSign.recoverAddress("hello", sig)).isEqualTo(ADDRESS);

    wallet.close();
    wallet.close(); // idempotent

    assertThatThrownBy(() -> wallet.signPersonalMessage("hello"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("wallet " + ADDRESS + " is closed");
    assertThat(wallet.address()).isEqualTo(ADDRESS);
  }

  @Test
  void mnemonicEnv_hardhatMnemonic_derivesHardhatAccount0() {
    WalletSource source =
        Wallets.mnemonicEnv("MNEMONIC", Map.of("MNEMONIC", HARDHAT_MNEMONIC)::get);

    try (Wallet wallet = source.unlock()) {
      assertThat(wallet.address()).isEqualTo(HARDHAT_0);
    }
    assertThat(source.description()).isEqualTo("mnemonic env MNEMONIC");
  }

  @Test
  void mnemonicEnv_extraWhitespaceAndCapitals_derivesTheSameAccount() {
    String messy = "  Test test\ttest test\n test test  test test test test test JUNK \r\n";
    WalletSource source = Wallets.mnemonicEnv("M", Map.of("M", messy)::get);

    try (Wallet wallet = source.unlock()) {
      assertThat(wallet.address()).isEqualTo(HARDHAT_0);
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "test test test test test test test test test test test test", // bad checksum
        "test test test test test test test test test test test jnuk", // not a word
        "test test test test test test test test test test junk", // 11 words
        "zoo"
      })
  void mnemonicEnv_invalidPhrase_failsWithoutEchoingTheWords(String phrase) {
    WalletSource source = Wallets.mnemonicEnv("MNEMONIC", Map.of("MNEMONIC", phrase)::get);

    assertThatThrownBy(source::unlock)
        .isInstanceOf(WalletException.class)
        .hasMessageStartingWith("MNEMONIC is not a valid BIP-39 English mnemonic")
        .message()
        .doesNotContain("test")
        .doesNotContain("zoo")
        .doesNotContain("jnuk");
  }

  @Test
  void mnemonicEnv_unset_saysNotSet() {
    WalletSource source = Wallets.mnemonicEnv("MNEMONIC", Map.<String, String>of()::get);
    assertThatThrownBy(source::unlock)
        .isInstanceOf(WalletException.class)
        .hasMessage(
            "environment variable MNEMONIC is not set: export a BIP-39 mnemonic or use WalletSource.keystore");
  }
}
