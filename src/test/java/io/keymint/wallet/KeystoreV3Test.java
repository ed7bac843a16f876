package io.keymint.wallet;

import static io.keymint.wallet.KeystoreFixtures.ETHERS_ADDRESS;
import static io.keymint.wallet.KeystoreFixtures.ETHERS_KEY;
import static io.keymint.wallet.KeystoreFixtures.ETHERS_PASSWORD;
import static io.keymint.wallet.KeystoreFixtures.SPEC_ADDRESS;
import static io.keymint.wallet.KeystoreFixtures.SPEC_KEY;
import static io.keymint.wallet.KeystoreFixtures.SPEC_PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keymint.signature.PersonalSign;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.web3j.crypto.ECKeyPair;

class KeystoreV3Test {
  private static final HeapBudget PLENTY = HeapBudget.fixed(Long.MAX_VALUE / 4);
  private static final String LIGHT = "ethers-light-n4096.json";

  @TempDir Path dir;

  private Path copyOf(String vector) throws Exception {
    return KeystoreFixtures.write(dir, vector, KeystoreFixtures.vector(vector));
  }

  private Path mutated(Consumer<ObjectNode> change) throws Exception {
    ObjectNode json = KeystoreFixtures.vector(LIGHT);
    change.accept(json);
    return KeystoreFixtures.write(dir, "mutated.json", json);
  }

  private static ObjectNode crypto(ObjectNode root) {
    return (ObjectNode) (root.has("crypto") ? root.get("crypto") : root.get("Crypto"));
  }

  private static ObjectNode kdfparams(ObjectNode root) {
    return (ObjectNode) crypto(root).get("kdfparams");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "ethers-light-n4096.json, " + ETHERS_PASSWORD + ", " + ETHERS_ADDRESS + ", " + ETHERS_KEY,
    "ethers-default-n131072.json, " + ETHERS_PASSWORD + ", " + ETHERS_ADDRESS + ", " + ETHERS_KEY,
    "web3-secret-storage-spec-pbkdf2.json, "
        + SPEC_PASSWORD
        + ", "
        + SPEC_ADDRESS
        + ", "
        + SPEC_KEY,
    "web3-secret-storage-spec-scrypt-r1.json, "
        + SPEC_PASSWORD
        + ", "
        + SPEC_ADDRESS
        + ", "
        + SPEC_KEY,
  })
  void decrypt_sharedVector_yieldsTheDocumentedKey(
      String vector, String password, String address, String key) throws Exception {
    ECKeyPair keyPair =
        KeystoreV3.decrypt(copyOf(vector), password.toCharArray(), HeapBudget.runtime());

    assertThat(keyPair.getPrivateKey().toString(16)).isEqualTo(key);
    assertThat(PersonalSign.address(keyPair)).isEqualTo(address);
  }

  @Test
  void unlock_ethersVector_givesAWalletThatSignsAsTheAddress() throws Exception {
    Path file = copyOf(LIGHT);
    WalletSource source =
        WalletSource.keystore(file, KeystorePassword.of(ETHERS_PASSWORD.toCharArray()));

    try (Wallet wallet = source.unlock()) {
      assertThat(wallet.address()).isEqualTo(ETHERS_ADDRESS);
      String sig = wallet.signPersonalMessage("hello");
      assertThat(PersonalSign.recoverAddress("hello", sig)).isEqualTo(ETHERS_ADDRESS);
      assertThat(wallet.toString()).isEqualTo("Wallet[" + ETHERS_ADDRESS + "]");
    }
    assertThat(source.description()).isEqualTo("keystore " + file);
  }

  @Test
  void unlock_wrongPassword_saysSoWithoutThePassword() throws Exception {
    Path file = copyOf(LIGHT);
    String wrong = "not the keymint password";

    assertThatThrownBy(() -> KeystoreV3.decrypt(file, wrong.toCharArray(), PLENTY))
        .isInstanceOf(WalletException.class)
        .hasMessage(
            "wrong password for keystore "
                + file
                + " (the MAC does not match): check --password-file / KEYMINT_KEYSTORE_PASSWORD")
        .hasNoCause()
        .message()
        .doesNotContain(wrong)
        .doesNotContain(ETHERS_PASSWORD)
        .doesNotContainIgnoringCase(ETHERS_KEY);
  }

  @Test
  void unlock_tamperedMac_isRefusedAsAWrongPassword() throws Exception {
    Path file =
        mutated(
            root -> {
              String mac = crypto(root).get("mac").asText();
              crypto(root).put("mac", (mac.charAt(0) == '0' ? "1" : "0") + mac.substring(1));
            });

    assertThatThrownBy(() -> KeystoreV3.decrypt(file, ETHERS_PASSWORD.toCharArray(), PLENTY))
        .isInstanceOf(WalletException.class)
        .hasMessageStartingWith("wrong password for keystore " + file);
  }

  @Test
  void unlock_tamperedCiphertext_failsTheMacCheckBeforeDecrypting() throws Exception {
    Path file =
        mutated(
            root -> {
              String ct = crypto(root).get("ciphertext").asText();
              crypto(root).put("ciphertext", (ct.charAt(0) == '0' ? "1" : "0") + ct.substring(1));
            });

    assertThatThrownBy(() -> KeystoreV3.decrypt(file, ETHERS_PASSWORD.toCharArray(), PLENTY))
        .hasMessageStartingWith("wrong password for keystore " + file);
  }

  @Test
  void unlock_lowerCaseCryptoMember_isAcceptedLikeCapital() throws Exception {
    Path file =
        mutated(
            root -> {
              root.set("crypto", root.remove("Crypto"));
            });

    assertThat(
            PersonalSign.address(KeystoreV3.decrypt(file, ETHERS_PASSWORD.toCharArray(), PLENTY)))
        .isEqualTo(ETHERS_ADDRESS);
  }

  @Test
  void unlock_addressFieldOfAnotherWallet_isRefusedNamingBoth() throws Exception {
    Path file = mutated(root -> root.put("address", "008aeeda4d805471df9b2a5b0f38a0c3bcba786b"));

    assertThatThrownBy(() -> KeystoreV3.decrypt(file, ETHERS_PASSWORD.toCharArray(), PLENTY))
        .isInstanceOf(WalletException.class)
        .hasMessageContaining("decrypts to address " + ETHERS_ADDRESS)
        .hasMessageContaining("its address field says 008aeeda4d805471df9b2a5b0f38a0c3bcba786b")
        .message()
        .doesNotContainIgnoringCase(ETHERS_KEY);
  }

  @Test
  void unlock_addressFieldWith0xPrefixAndChecksumCase_isAccepted() throws Exception {
    Path file = mutated(root -> root.put("address", ETHERS_ADDRESS));

    assertThat(
            PersonalSign.address(KeystoreV3.decrypt(file, ETHERS_PASSWORD.toCharArray(), PLENTY)))
        .isEqualTo(ETHERS_ADDRESS);
  }

  @Test
  void unlock_composedPasswordFile_opensWithDecomposedPassword() throws Exception {
    // created from the NFC bytes of "café ﬁ" (é = U+00E9, ﬁ ligature NFKC-folds to "fi")
    byte[] createdWith = "caf\u00e9 fi".getBytes(StandardCharsets.UTF_8);
    byte[] key = HexFormat.of().parseHex(ETHERS_KEY);
    Path file =
        KeystoreFixtures.write(
            dir, "nfkc.json", KeystoreFixtures.encrypt(key, createdWith, 16, 8, 1));

    ECKeyPair keyPair = KeystoreV3.decrypt(file, "cafe\u0301 \ufb01".toCharArray(), PLENTY);

    assertThat(PersonalSign.address(keyPair)).isEqualTo(ETHERS_ADDRESS);
  }

  @Test
  void unlock_notEnoughFreeHeap_refusesNamingTheXmxToPass() throws Exception {
    Path file = copyOf("ethers-default-n131072.json");

    assertThatThrownBy(
            () ->
                KeystoreV3.decrypt(
                    file, ETHERS_PASSWORD.toCharArray(), HeapBudget.fixed(20 * HeapBudget.MIB)))
        .isInstanceOf(WalletException.class)
        .hasMessage(
            "keystore "
                + file
                + " needs 128 MiB for scrypt (n=131072, r=8, p=1) but only 20 MiB of heap is free:"
                + " run java with -Xmx256m (or set JAVA_TOOL_OPTIONS)");
  }

  @Test
  void unlock_heapBelowTheFullWorkingSet_unlocksWithAStride() throws Exception {
    Path file = copyOf("ethers-default-n131072.json");

    // 128 MiB wanted, 120 MiB free: V at half size (stride 2), same key
    ECKeyPair keyPair =
        KeystoreV3.decrypt(
            file, ETHERS_PASSWORD.toCharArray(), HeapBudget.fixed(120 * HeapBudget.MIB));

    assertThat(PersonalSign.address(keyPair)).isEqualTo(ETHERS_ADDRESS);
  }

  @Test
  void heapBudget_strideThatFits_halvesVUntilItFits() {
    long n = 1 << 18;
    HeapBudget oneGibContainer = HeapBudget.fixed(240 * HeapBudget.MIB); // -Xmx256m, a little used
    assertThat(oneGibContainer.strideThatFits(n, 8, 1)).isEqualTo(2);
    assertThat(HeapBudget.fixed(100 * HeapBudget.MIB).strideThatFits(n, 8, 1)).isEqualTo(4);
    assertThat(HeapBudget.fixed(300 * HeapBudget.MIB).strideThatFits(n, 8, 1)).isEqualTo(1);
    assertThat(HeapBudget.fixed(40 * HeapBudget.MIB).strideThatFits(n, 8, 1)).isZero();
    assertThat(HeapBudget.fixed(300 * HeapBudget.MIB).strideThatFits(n, 8, 2)).isEqualTo(2);
  }

  @Test
  void heapBudget_standardKeystore_suggests512m() {
    assertThat(HeapBudget.suggestedXmxMib(128L * 8 * (1 << 18))).isEqualTo(512);
    assertThat(HeapBudget.fixed(300 * HeapBudget.MIB).lanesThatFit(256 * HeapBudget.MIB, 1))
        .isEqualTo(1);
  }

  @Test
  void heapBudget_roomForTwoLanesOnly_runsTwo() {
    HeapBudget heap = HeapBudget.fixed(80 * HeapBudget.MIB);
    assertThat(heap.lanesThatFit(32 * HeapBudget.MIB, 8)).isEqualTo(2);
    assertThat(heap.lanesThatFit(128 * HeapBudget.MIB, 1)).isZero();
  }

  @Test
  void unlock_missingFile_saysItDoesNotExist() {
    Path file = dir.resolve("nope.json");
    assertThatThrownBy(() -> KeystoreV3.decrypt(file, "x".toCharArray(), PLENTY))
        .isInstanceOf(WalletException.class)
        .hasMessage("keystore file " + file + " does not exist: check --keystore");
  }

  @Test
  void unlock_privateKeyFileGivenAsKeystore_doesNotQuoteItsContent() throws Exception {
    Path file = Files.writeString(dir.resolve("key.txt"), ETHERS_KEY + "\n");

    assertThatThrownBy(() -> KeystoreV3.decrypt(file, "x".toCharArray(), PLENTY))
        .isInstanceOf(WalletException.class)
        .hasNoCause()
        .hasMessageStartingWith("keystore " + file + " is not valid JSON (line 1, column")
        .message()
        .doesNotContain(ETHERS_KEY.substring(0, 8));
  }

  @Test
  void unlock_jsonArray_isNotAKeystore() throws Exception {
    Path file = Files.writeString(dir.resolve("a.json"), "[1,2]");
    assertThatThrownBy(() -> KeystoreV3.decrypt(file, "x".toCharArray(), PLENTY))
        .hasMessage(
            "keystore " + file + " is not a JSON object: is it a Web3 Secret Storage v3 keystore?");
  }

  static Stream<Arguments> malformed() {
    return Stream.of(
        Arguments.of(
            "no crypto",
            (Consumer<ObjectNode>) r -> r.remove("Crypto"),
            "has no crypto (or Crypto) object"),
        Arguments.of(
            "version 1",
            (Consumer<ObjectNode>) r -> r.put("version", 1),
            "has version 1: only version 3"),
        Arguments.of(
            "no cipher",
            (Consumer<ObjectNode>) r -> crypto(r).remove("cipher"),
            "has no crypto.cipher"),
        Arguments.of(
            "cbc",
            (Consumer<ObjectNode>) r -> crypto(r).put("cipher", "aes-128-cbc"),
            "uses unsupported crypto.cipher \"aes-128-cbc\" (supported: aes-128-ctr)"),
        Arguments.of(
            "no iv",
            (Consumer<ObjectNode>) r -> crypto(r).remove("cipherparams"),
            "has no crypto.cipherparams object"),
        Arguments.of(
            "short iv",
            (Consumer<ObjectNode>)
                r -> ((ObjectNode) crypto(r).get("cipherparams")).put("iv", "0011"),
            "has a crypto.cipherparams.iv of 2 bytes: expected 16"),
        Arguments.of(
            "non-hex iv",
            (Consumer<ObjectNode>)
                r -> ((ObjectNode) crypto(r).get("cipherparams")).put("iv", "zz".repeat(16)),
            "has a crypto.cipherparams.iv that is not hex"),
        Arguments.of(
            "no ciphertext",
            (Consumer<ObjectNode>) r -> crypto(r).remove("ciphertext"),
            "has no crypto.ciphertext"),
        Arguments.of(
            "long ciphertext",
            (Consumer<ObjectNode>) r -> crypto(r).put("ciphertext", "00".repeat(4096)),
            "has a crypto.ciphertext of 4096 bytes: expected 32"),
        Arguments.of(
            "no mac", (Consumer<ObjectNode>) r -> crypto(r).remove("mac"), "has no crypto.mac"),
        Arguments.of(
            "odd mac",
            (Consumer<ObjectNode>) r -> crypto(r).put("mac", "abc"),
            "has a crypto.mac that is not hex (odd number of digits)"),
        Arguments.of(
            "argon2",
            (Consumer<ObjectNode>) r -> crypto(r).put("kdf", "argon2id"),
            "uses unsupported crypto.kdf \"argon2id\" (supported: scrypt, pbkdf2)"),
        Arguments.of(
            "no kdf", (Consumer<ObjectNode>) r -> crypto(r).remove("kdf"), "has no crypto.kdf"),
        Arguments.of(
            "no kdfparams",
            (Consumer<ObjectNode>) r -> crypto(r).remove("kdfparams"),
            "has no crypto.kdfparams object"),
        Arguments.of(
            "no n",
            (Consumer<ObjectNode>) r -> kdfparams(r).remove("n"),
            "has no crypto.kdfparams.n"),
        Arguments.of(
            "n text",
            (Consumer<ObjectNode>) r -> kdfparams(r).put("n", "lots"),
            "has a crypto.kdfparams.n that is not an integer"),
        Arguments.of(
            "n not power of two",
            (Consumer<ObjectNode>) r -> kdfparams(r).put("n", 4095),
            "has crypto.kdfparams.n 4095: it must be a power of two from 2 to 2^22"),
        Arguments.of(
            "n one",
            (Consumer<ObjectNode>) r -> kdfparams(r).put("n", 1),
            "has crypto.kdfparams.n 1:"),
        Arguments.of(
            "n zero",
            (Consumer<ObjectNode>) r -> kdfparams(r).put("n", 0),
            "has crypto.kdfparams.n 0:"),
        Arguments.of(
            "n 2^23",
            (Consumer<ObjectNode>) r -> kdfparams(r).put("n", 1 << 23),
            "has crypto.kdfparams.n 8388608:"),
        Arguments.of(
            "n 2^62",
            (Consumer<ObjectNode>) r -> kdfparams(r).put("n", 1L << 62),
            "has crypto.kdfparams.n 4611686018427387904:"),
        Arguments.of(
            "r 0",
            (Consumer<ObjectNode>) r -> kdfparams(r).put("r", 0),
            "has crypto.kdfparams.r 0: it must be from 1 to 32"),
        Arguments.of(
            "r 33",
            (Consumer<ObjectNode>) r -> kdfparams(r).put("r", 33),
            "has crypto.kdfparams.r 33: it must be from 1 to 32"),
        Arguments.of(
            "p 0",
            (Consumer<ObjectNode>) r -> kdfparams(r).put("p", 0),
            "has crypto.kdfparams.p 0: it must be from 1 to 16"),
        Arguments.of(
            "p 2^30",
            (Consumer<ObjectNode>) r -> kdfparams(r).put("p", 1 << 30),
            "has crypto.kdfparams.p 1073741824: it must be from 1 to 16"),
        Arguments.of(
            "8 GiB lane",
            (Consumer<ObjectNode>) r -> kdfparams(r).put("n", 1 << 22).put("r", 16),
            "asks scrypt for 8192 MiB (128·r·n with n=4194304, r=16): more than the 4096 MiB"),
        Arguments.of(
            "dklen 64",
            (Consumer<ObjectNode>) r -> kdfparams(r).put("dklen", 64),
            "has crypto.kdfparams.dklen 64: it must be 32"),
        Arguments.of(
            "empty salt",
            (Consumer<ObjectNode>) r -> kdfparams(r).put("salt", ""),
            "has a crypto.kdfparams.salt of 0 bytes: expected 1 to 256"),
        Arguments.of(
            "huge salt",
            (Consumer<ObjectNode>) r -> kdfparams(r).put("salt", "ab".repeat(257)),
            "has a crypto.kdfparams.salt of 257 bytes: expected 1 to 256"),
        Arguments.of(
            "pbkdf2 sha512",
            (Consumer<ObjectNode>) r -> pbkdf2(r, "hmac-sha512", 1000),
            "uses unsupported crypto.kdfparams.prf \"hmac-sha512\" (supported: hmac-sha256)"),
        Arguments.of(
            "pbkdf2 c huge",
            (Consumer<ObjectNode>) r -> pbkdf2(r, "hmac-sha256", 10_000_001),
            "has crypto.kdfparams.c 10000001: it must be from 1 to 10000000"),
        Arguments.of(
            "pbkdf2 c 0",
            (Consumer<ObjectNode>) r -> pbkdf2(r, "hmac-sha256", 0),
            "has crypto.kdfparams.c 0: it must be from 1 to 10000000"));
  }

  private static void pbkdf2(ObjectNode root, String prf, long c) {
    crypto(root).put("kdf", "pbkdf2");
    ObjectNode params = kdfparams(root);
    params.remove("n");
    params.remove("r");
    params.remove("p");
    params.put("prf", prf).put("c", c);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("malformed")
  void unlock_malformedOrAbsurdFile_failsNamingFileAndField(
      String name, Consumer<ObjectNode> change, String expected) throws Exception {
    Path file = mutated(change);
    // a heap that refuses everything: the parameter checks must come before the heap check
    HeapBudget noHeap = HeapBudget.fixed(0);

    assertThatThrownBy(() -> KeystoreV3.decrypt(file, ETHERS_PASSWORD.toCharArray(), noHeap))
        .isInstanceOf(WalletException.class)
        .hasMessageStartingWith("keystore " + file + " ")
        .hasMessageContaining(expected)
        .message()
        .doesNotContain("\n")
        .doesNotContain(ETHERS_PASSWORD);
  }
}
