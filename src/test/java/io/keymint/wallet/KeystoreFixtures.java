package io.keymint.wallet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keymint.internal.Json;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.web3j.crypto.Hash;

/** Shared keystore vectors and a tiny test-only encryptor. */
final class KeystoreFixtures {
  static final String ETHERS_PASSWORD = "keymint test password";
  static final String ETHERS_ADDRESS = "0xd8291E50E2e68fb2c70d77cCDc707D291a89f209";
  static final String ETHERS_KEY =
      "5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e";
  static final String SPEC_PASSWORD = "testpassword";
  static final String SPEC_ADDRESS = "0x008AeEda4D805471dF9b2A5B0f38A0C3bCBA786b";
  static final String SPEC_KEY = "7a28b5ba57c53603b0b07b56bba752f7784bf506fa95edc395f5cf6c7514fe9d";

  private KeystoreFixtures() {}

  static ObjectNode vector(String name) throws IOException {
    try (InputStream in =
        KeystoreFixtures.class.getResourceAsStream("/vectors/keystores/" + name)) {
      return (ObjectNode) Json.parse(in.readAllBytes());
    }
  }

  static Path write(Path dir, String name, JsonNode json) throws IOException {
    return Files.write(dir.resolve(name), Json.write(json));
  }

  /**
   * A v3 keystore with scrypt, from raw password bytes: the bytes are used as given (no
   * normalisation), so tests can prove what the reader does to the password.
   */
  static ObjectNode encrypt(byte[] privateKey, byte[] passwordBytes, int n, int r, int p)
      throws Exception {
    HexFormat hex = HexFormat.of();
    byte[] salt = hex.parseHex("00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff");
    byte[] iv = hex.parseHex("0f0e0d0c0b0a09080706050403020100");
    byte[] dk = Scrypt.derive(passwordBytes, salt, n, r, p, 32, 1);
    Cipher aes = Cipher.getInstance("AES/CTR/NoPadding");
    aes.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(dk, 0, 16, "AES"), new IvParameterSpec(iv));
    byte[] ciphertext = aes.doFinal(privateKey);
    byte[] macInput = new byte[16 + ciphertext.length];
    System.arraycopy(dk, 16, macInput, 0, 16);
    System.arraycopy(ciphertext, 0, macInput, 16, ciphertext.length);
    ObjectNode root = Json.object();
    root.put("version", 3);
    ObjectNode crypto = root.putObject("crypto");
    crypto.put("cipher", "aes-128-ctr");
    crypto.putObject("cipherparams").put("iv", hex.formatHex(iv));
    crypto.put("ciphertext", hex.formatHex(ciphertext));
    crypto.put("kdf", "scrypt");
    crypto
        .putObject("kdfparams")
        .put("dklen", 32)
        .put("n", n)
        .put("r", r)
        .put("p", p)
        .put("salt", hex.formatHex(salt));
    crypto.put("mac", hex.formatHex(Hash.sha3(macInput)));
    return root;
  }
}
