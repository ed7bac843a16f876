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
  private static final long MIB = ScryptMemory.MIB;

  private static final ScryptMemory PLENTY = ScryptMemory.fixed(Long.MAX_VALUE / 4);
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
        KeystoreV3.decrypt(copyOf(vector), password.toCharArray(), ScryptMemory.runtime());

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
  void unlock_notEnoughMemory_refusesNamingTheXmxToPass() throws Exception {
    Path file = copyOf("ethers-default-n131072.json");

    // 20 MiB less the 16 MiB margin: not even V at 1/8 (16 MiB) fits
    assertThatThrownBy(
            () ->
                KeystoreV3.decrypt(
                    file, ETHERS_PASSWORD.toCharArray(), ScryptMemory.fixed(20 * MIB)))
        .isInstanceOf(WalletException.class)
        .hasMessage(
            "keystore "
                + file
                + " needs 128 MiB for scrypt (n=131072, r=8, p=1) but only 20 MiB of memory is"
                + " free for it: run java with -Xmx256m (or set JAVA_TOOL_OPTIONS)");
  }

  @Test
  void unlock_capBelowOneEighth_refusesNamingTheProperty() throws Exception {
    Path file = copyOf("ethers-default-n131072.json");

    assertThatThrownBy(
            () ->
                KeystoreV3.decrypt(
                    file,
                    ETHERS_PASSWORD.toCharArray(),
                    ScryptMemory.fixed(Long.MAX_VALUE / 4, 8 * MIB)))
        .isInstanceOf(WalletException.class)
        .hasMessageEndingWith(
            "but keymint.scrypt.maxMemory allows only 8 MiB: raise it (for example"
                + " -Dkeymint.scrypt.maxMemory=256m)");
  }

  @ParameterizedTest(name = "room {0} MiB, cap {1} MiB")
  @CsvSource({"120, -1", "300, 100", "300, 20", "1000, 127"})
  void unlock_memoryBelowTheFullWorkingSet_unlocksWithPartOfV(long roomMib, long capMib)
      throws Exception {
    Path file = copyOf("ethers-default-n131072.json");
    ScryptMemory memory = ScryptMemory.fixed(roomMib * MIB, capMib < 0 ? capMib : capMib * MIB);

    // 128 MiB wanted, less allowed: part of V is recomputed, same key
    ECKeyPair keyPair = KeystoreV3.decrypt(file, ETHERS_PASSWORD.toCharArray(), memory);

    assertThat(PersonalSign.address(keyPair)).isEqualTo(ETHERS_ADDRESS);
  }

  @Test
  void plan_standardKeystore_defaultCapKeeps224MiB_anywhere() {
    int n = 1 << 18;
    // a 24 GiB host (6 GiB heap): the default cap, 224 MiB, not the room, decides
    ScryptMemory.Plan big = ScryptMemory.fixed(6L << 30).plan(n, 8, 1, 2, "k");
    assertThat(big.lanes).isEqualTo(1);
    assertThat(big.layout.bytes(8)).isLessThanOrEqualTo(224 * MIB).isGreaterThan(223 * MIB);
    assertThat(big.layout.stride).isEqualTo(2);
    // a 1 GiB container (256 MiB heap, so 256 MiB of direct memory): the same
    ScryptMemory.Plan container = ScryptMemory.fixed(256 * MIB).plan(n, 8, 1, 2, "k");
    assertThat(container.layout.keptRows()).isEqualTo(big.layout.keptRows());
    // no cap: every row
    ScryptMemory.Plan uncapped =
        ScryptMemory.fixed(6L << 30, ScryptMemory.parseCap("0")).plan(n, 8, 1, 2, "k");
    assertThat(uncapped.layout.stride).isEqualTo(1);
    assertThat(uncapped.layout.bytes(8)).isEqualTo(256 * MIB);
  }

  @Test
  void plan_defaultCap_neverTrimsMoreThanHalf_ofALargeV() {
    // n=2^20, r=8: V = 1 GiB; the default cap becomes half of it, stride 2 throughout
    ScryptMemory.Plan plan = ScryptMemory.fixed(6L << 30).plan(1 << 20, 8, 1, 2, "k");
    assertThat(plan.layout.bytes(8)).isEqualTo(512 * MIB);
    assertThat(plan.layout.dense).isZero();
  }

  @Test
  void plan_roomForTwoLanesOnly_runsTwo() {
    // n=2^15, r=8: 32 MiB a lane; 80 MiB less the margin holds two of the eight wanted
    ScryptMemory.Plan plan = ScryptMemory.fixed(80 * MIB).plan(1 << 15, 8, 8, 8, "k");
    assertThat(plan.lanes).isEqualTo(2);
    assertThat(plan.layout.stride).isEqualTo(1);
  }

  @Test
  void plan_refusedByTheJvm_halvesVUntilOneEighth() {
    ScryptMemory.Plan plan = new ScryptMemory.Plan(1, Scrypt.Layout.full(1 << 18));
    long[] bytes = new long[3];
    for (int i = 0; i < 3; i++) {
      plan = plan.smaller(8);
      bytes[i] = plan.layout.bytes(8);
    }
    assertThat(bytes).containsExactly(128 * MIB, 64 * MIB, 32 * MIB);
    assertThat(plan.smaller(8)).isNull();
  }

  @Test
  void parseCap_acceptsSizesLikeXmx_andRefusesTheRest() {
    assertThat(ScryptMemory.parseCap(null)).isEqualTo(-1);
    assertThat(ScryptMemory.parseCap("512m")).isEqualTo(512 * MIB);
    assertThat(ScryptMemory.parseCap("1G")).isEqualTo(1024 * MIB);
    assertThat(ScryptMemory.parseCap("65536k")).isEqualTo(64 * MIB);
    assertThat(ScryptMemory.parseCap("1048576")).isEqualTo(MIB);
    assertThat(ScryptMemory.parseCap("0")).isEqualTo(Long.MAX_VALUE);
    assertThatThrownBy(() -> ScryptMemory.parseCap("lots"))
        .isInstanceOf(WalletException.class)
        .hasMessage(
            "system property keymint.scrypt.maxMemory is \"lots\": it must be a size like 512m"
                + " or 1g (0 for no cap)");
    assertThatThrownBy(() -> ScryptMemory.parseCap("-5m")).isInstanceOf(WalletException.class);
  }

  @Test
  void suggestedXmx_standardKeystore_is512m() {
    assertThat(ScryptMemory.suggestedXmxMib(128L * 8 * (1 << 18))).isEqualTo(512);
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
            "64 GiB of work: n 2^22, r 8, p 16",
            (Consumer<ObjectNode>) r -> kdfparams(r).put("n", 1 << 22).put("r", 8).put("p", 16),
            "asks scrypt for 65536 MiB of work (p·128·r·n with n=4194304, r=8, p=16): more than"),
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
    ScryptMemory noHeap = ScryptMemory.fixed(0);

    assertThatThrownBy(() -> KeystoreV3.decrypt(file, ETHERS_PASSWORD.toCharArray(), noHeap))
        .isInstanceOf(WalletException.class)
        .hasMessageStartingWith("keystore " + file + " ")
        .hasMessageContaining(expected)
        .message()
        .doesNotContain("\n")
        .doesNotContain(ETHERS_PASSWORD);
  }
}
