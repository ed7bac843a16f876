package io.keymint.escrow;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keymint.ApiKeySecret;
import io.keymint.internal.Json;
import io.keymint.internal.Tokens;
import io.keymint.signature.PersonalSign;
import io.keymint.testing.LeakWatch;
import io.keymint.testing.TestKeys;
import io.keymint.venice.ApiKeyType;
import io.keymint.venice.IssuedKey;
import io.keymint.wallet.Wallet;
import io.keymint.wallet.WalletSource;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.web3j.crypto.Hash;

/**
 * Escrow version 2: the key comes from a signature over an EIP-712 digest that no personal_sign can
 * produce; version 1 files (a fixture sealed by keymint 0.1.0's code) still open.
 */
class RecoveryEscrowV2Test {
  static final String SECRET = "VENICE_INFERENCE_KEY_escrowV2Secret0123456789abcdefghijk";
  static final String V1_SECRET = "VENICE_INFERENCE_KEY_v1FixtureSecret0123456789abcdef";

  static {
    LeakWatch.secret(SECRET);
    LeakWatch.secret(V1_SECRET);
  }

  @TempDir Path dir;

  private static Wallet wallet() {
    return WalletSource.privateKey(TestKeys.VECTOR_PRIVATE_KEY.toCharArray()).unlock();
  }

  private static IssuedKey key() {
    return IssuedKey.builder()
        .id("k-v2")
        .type(ApiKeyType.INFERENCE)
        .secret(ApiKeySecret.of(SECRET))
        .description("v2")
        .build();
  }

  @Test
  void escrowDigestFollowsEip712() {
    // spelled out from the EIP-712 text with web3j's keccak, apart from the code under test
    byte[] domain =
        Hash.sha3(
            concat(
                Hash.sha3("EIP712Domain(string name,string version)".getBytes(UTF_8)),
                Hash.sha3("venice-keymint".getBytes(UTF_8)),
                Hash.sha3("2".getBytes(UTF_8))));
    byte[] struct =
        Hash.sha3(
            concat(
                Hash.sha3("RecoveryEscrow(string purpose,address wallet)".getBytes(UTF_8)),
                Hash.sha3(RecoveryEscrow.PURPOSE.getBytes(UTF_8)),
                HexFormat.of()
                    .parseHex("000000000000000000000000" + TestKeys.VECTOR_ADDRESS.substring(2))));
    byte[] expected = Hash.sha3(concat(new byte[] {0x19, 0x01}, domain, struct));
    assertThat(RecoveryEscrow.escrowDigest(TestKeys.VECTOR_ADDRESS)).isEqualTo(expected);
    assertThat(RecoveryEscrow.escrowDigest(TestKeys.VECTOR_ADDRESS.toLowerCase()))
        .isEqualTo(expected);
  }

  private static byte[] concat(byte[]... parts) {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }

  @Test
  void theV2SignatureIsNoPersonalSignOfTheMessagesAServerCouldSend() {
    try (Wallet w = wallet()) {
      byte[] digest = RecoveryEscrow.escrowDigest(w.address());
      String v2 = PersonalSign.toHex(w.signDigest(digest));
      String hexDigest = "0x" + HexFormat.of().formatHex(digest);
      String[] candidates = {
        RecoveryEscrow.message(w.address()), // the v1 message
        hexDigest, // the digest as text
        new String(digest, StandardCharsets.ISO_8859_1), // the digest's bytes as a string
      };
      for (String c : candidates) {
        assertThat(w.signPersonalMessage(c)).as(c).isNotEqualTo(v2);
        assertThat(PersonalSign.digest(c)).isNotEqualTo(digest);
      }
    }
  }

  @Test
  void escrowMessagesInEitherFormAreNotTokens() {
    byte[] digest = RecoveryEscrow.escrowDigest(TestKeys.VECTOR_ADDRESS);
    assertThat(Tokens.problem(RecoveryEscrow.message(TestKeys.VECTOR_ADDRESS))).isNotNull();
    assertThat(Tokens.problem("0x" + HexFormat.of().formatHex(digest))).isNotNull();
    assertThat(Tokens.problem(new String(digest, StandardCharsets.ISO_8859_1))).isNotNull();
    assertThat(Tokens.problem("a.b")).isNotNull();
    assertThat(Tokens.problem("a.b.c d")).contains("whitespace");
    assertThat(Tokens.problem("a".repeat(5000) + ".b.c")).contains("over");
    assertThat(Tokens.problem("eyJh.eyJz.c2ln")).isNull();
  }

  @Test
  void sealsVersion2AndOpensIt_fileAndBytes() throws Exception {
    Path file;
    byte[] sealed;
    try (Wallet w = wallet()) {
      file = RecoveryEscrow.seal(w, key(), dir);
      sealed = RecoveryEscrow.sealToBytes(w, key());
    }
    assertThat(Json.parse(Files.readAllBytes(file)).get("version").asInt()).isEqualTo(2);
    assertThat(Files.readString(file)).doesNotContain(SECRET);
    assertThat(new String(sealed, StandardCharsets.UTF_8)).doesNotContain(SECRET);
    assertThat(Files.getPosixFilePermissions(file))
        .containsExactlyInAnyOrder(
            java.nio.file.attribute.PosixFilePermission.OWNER_READ,
            java.nio.file.attribute.PosixFilePermission.OWNER_WRITE);
    try (Wallet w = wallet()) {
      assertThat(RecoveryEscrow.open(w, file).secret().reveal()).isEqualTo(SECRET);
      IssuedKey k = RecoveryEscrow.openBytes(w, sealed);
      assertThat(k.secret().reveal()).isEqualTo(SECRET);
      assertThat(k.id()).isEqualTo("k-v2");
    }
  }

  /**
   * A v2 document relabelled: as v1 it does not open (the v1 derivation cannot reach its key), as
   * an unknown version it is refused before any derivation.
   */
  @ParameterizedTest
  @CsvSource({"1, cannot be decrypted", "3, not a version 1 or 2"})
  void aV2FileRelabelled_doesNotOpen(int version, String why) throws Exception {
    byte[] sealed;
    try (Wallet w = wallet()) {
      sealed = RecoveryEscrow.sealToBytes(w, key());
    }
    ObjectNode o = (ObjectNode) Json.parse(sealed);
    o.put("version", version);
    try (Wallet w = wallet()) {
      assertThatThrownBy(() -> RecoveryEscrow.openBytes(w, Json.write(o)))
          .isInstanceOf(EscrowException.class)
          .hasMessageContaining(why);
    }
  }

  @Test
  void aVersion1FileSealedByTheOldCodeStillOpens() throws Exception {
    Path v1 = Path.of("src/test/resources/escrow/venice-keymint-recovery-0b1d-v1-fixture.json");
    assertThat(Json.parse(Files.readAllBytes(v1)).get("version").asInt()).isEqualTo(1);
    try (Wallet w = wallet()) {
      IssuedKey k = RecoveryEscrow.open(w, v1);
      assertThat(k.secret().reveal()).isEqualTo(V1_SECRET);
      assertThat(k.id()).isEqualTo("0b1d-v1-fixture");
    }
  }

  @Test
  void aSymlinkWhereTheFileGoesIsRefused() throws Exception {
    Path target = dir.resolve("elsewhere");
    Files.writeString(target, "x");
    Files.createSymbolicLink(dir.resolve(RecoveryEscrow.fileName("k-v2")), target);
    try (Wallet w = wallet()) {
      assertThatThrownBy(() -> RecoveryEscrow.seal(w, key(), dir))
          .isInstanceOf(java.io.IOException.class)
          .hasMessageContaining("symbolic link");
    }
    assertThat(Files.readString(target)).isEqualTo("x");
  }

  @Test
  void hkdf_matchesRfc5869TestCase1() {
    byte[] ikm = new byte[22];
    java.util.Arrays.fill(ikm, (byte) 0x0b);
    byte[] salt = java.util.HexFormat.of().parseHex("000102030405060708090a0b0c");
    byte[] info = java.util.HexFormat.of().parseHex("f0f1f2f3f4f5f6f7f8f9");
    assertThat(java.util.HexFormat.of().formatHex(Sealing.hkdfSha256(salt, ikm, info, 42)))
        .isEqualTo(
            "3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865");
  }

  @Test
  void escrowMessage_isFixedVersionedAndNamesTheWallet() {
    assertThat(RecoveryEscrow.message(TestKeys.VECTOR_ADDRESS))
        .isEqualTo(
            "venice-keymint recovery escrow v1\naddress: " + TestKeys.VECTOR_ADDRESS.toLowerCase());
    assertThat(new String(RecoveryEscrow.aad(1, "0xAB", "id"), StandardCharsets.UTF_8))
        .isEqualTo("venice-keymint-recovery\nversion: 1\naddress: 0xab\nkeyId: id");
  }
}
