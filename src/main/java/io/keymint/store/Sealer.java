package io.keymint.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keymint.ApiKeySecret;
import io.keymint.internal.Json;
import io.keymint.sink.KeyMetadata;
import io.keymint.sink.StoredKey;
import io.keymint.venice.ApiKeyType;
import io.keymint.venice.IssuedKey;
import io.keymint.wallet.Wallet;
import io.keymint.wallet.WalletSource;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals a key for a shared store so that the store's operators, snapshots and backups never see the
 * secret: AES-256-GCM under {@code HKDF-SHA256(ikm = the wallet's deterministic EIP-191 signature
 * of "venice-keymint key store v1\naddress: 0x…", salt = 32 random bytes per record, info =
 * "venice-keymint key store v1 AES-256-GCM")}, the version, wallet address and key id as associated
 * data. The same construction as the recovery files ({@code RecoveryEscrow}) under its own message
 * and info string, so a store record and a recovery file never share a key. Every replica holds the
 * wallet, so every replica can open the record.
 *
 * <p>The wallet is unlocked once, on first use; the signature (the key material) stays in memory
 * for the store's life and is wiped by {@link #close()}.
 */
final class Sealer implements AutoCloseable {
  static final String FORMAT = "venice-keymint-store-record";
  private static final int VERSION = 1;
  private static final String INFO = "venice-keymint key store v1 AES-256-GCM";
  private static final SecureRandom RANDOM = new SecureRandom();

  private final WalletSource wallet;
  private byte[] ikm;
  private String address;

  Sealer(WalletSource wallet) {
    this.wallet = wallet;
  }

  static String message(String address) {
    return "venice-keymint key store v"
        + VERSION
        + "\naddress: "
        + address.toLowerCase(Locale.ROOT);
  }

  private synchronized byte[] ikm() {
    if (ikm == null) {
      try (Wallet w = wallet.unlock()) {
        String msg = message(w.address());
        String sig = w.signPersonalMessage(msg);
        if (!w.deterministic() && !sig.equals(w.signPersonalMessage(msg))) {
          throw new StoreException(
              "the wallet's signatures are not deterministic, so the replicas could never derive"
                  + " one sealing key: use a wallet with RFC 6979 signatures",
              null);
        }
        address = w.address();
        ikm = HexFormat.of().parseHex(sig.startsWith("0x") ? sig.substring(2) : sig);
      }
    }
    return ikm;
  }

  /** The record's JSON: the sealed secret, the non-secret metadata and who wrote it. */
  synchronized byte[] seal(IssuedKey key, String writer) {
    byte[] material = ikm();
    byte[] salt = random(32);
    byte[] nonce = random(12);
    byte[] aes = hkdf(salt, material);
    char[] chars = key.secret().revealChars();
    byte[] plain = null;
    try {
      ByteBuffer encoded = StandardCharsets.UTF_8.encode(CharBuffer.wrap(chars));
      plain = Arrays.copyOf(encoded.array(), encoded.limit());
      Arrays.fill(encoded.array(), (byte) 0);
      byte[] sealed = gcm(Cipher.ENCRYPT_MODE, aes, nonce, aad(address, key.id()), plain);
      ObjectNode o = Json.object();
      o.put("format", FORMAT);
      o.put("version", VERSION);
      o.put("walletAddress", address);
      o.put("keyId", key.id());
      o.put("cipher", "AES-256-GCM");
      o.put("salt", Base64.getEncoder().encodeToString(salt));
      o.put("nonce", Base64.getEncoder().encodeToString(nonce));
      o.put("ciphertext", Base64.getEncoder().encodeToString(sealed));
      o.set("metadata", KeyMetadata.of(key).toJson());
      o.put("writtenBy", writer);
      o.put("writtenAt", Instant.now().toString());
      return Json.writeString(o, false).getBytes(StandardCharsets.UTF_8);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-256-GCM is part of every Java runtime", e);
    } finally {
      Arrays.fill(aes, (byte) 0);
      Arrays.fill(chars, '\0');
      if (plain != null) {
        Arrays.fill(plain, (byte) 0);
      }
    }
  }

  /** Opens a record written by {@link #seal}. */
  synchronized StoredKey open(byte[] record, String where) {
    JsonNode o;
    try {
      o = Json.parse(record);
    } catch (Exception e) {
      throw new StoreException(where + " does not hold a keymint record (not JSON)", null);
    }
    if (!FORMAT.equals(Json.text(o, "format")) || o.path("version").asInt(-1) != VERSION) {
      throw new StoreException(
          where + " does not hold a version " + VERSION + " keymint store record", null);
    }
    byte[] material = ikm();
    String owner = Json.text(o, "walletAddress");
    String keyId = Json.text(o, "keyId");
    if (owner == null || keyId == null || !owner.equalsIgnoreCase(address)) {
      throw new StoreException(
          where
              + " holds a key sealed by wallet "
              + owner
              + ", not "
              + address
              + ": every replica must use the wallet that minted it",
          null);
    }
    byte[] salt;
    byte[] nonce;
    byte[] sealed;
    try {
      salt = Base64.getDecoder().decode(Json.text(o, "salt"));
      nonce = Base64.getDecoder().decode(Json.text(o, "nonce"));
      sealed = Base64.getDecoder().decode(Json.text(o, "ciphertext"));
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new StoreException(where + " has a malformed salt, nonce or ciphertext", null);
    }
    byte[] aes = hkdf(salt, material);
    byte[] plain = null;
    CharBuffer chars = null;
    try {
      if (nonce.length != 12) {
        throw new GeneralSecurityException("nonce must be 12 bytes");
      }
      plain = gcm(Cipher.DECRYPT_MODE, aes, nonce, aad(owner, keyId), sealed);
      chars = StandardCharsets.UTF_8.decode(ByteBuffer.wrap(plain));
      ApiKeySecret secret = ApiKeySecret.of(chars);
      KeyMetadata meta = null;
      JsonNode m = o.get("metadata");
      if (m != null && m.isObject()) {
        try {
          meta = KeyMetadata.fromJson(m);
        } catch (IllegalArgumentException ignored) {
          meta = null; // advisory only
        }
      }
      if (meta == null || !meta.id().equals(keyId)) {
        meta =
            KeyMetadata.of(
                IssuedKey.builder()
                    .id(keyId)
                    .type(ApiKeyType.INFERENCE)
                    .secret(secret)
                    .walletAddress(owner)
                    .build());
      }
      return new StoredKey(secret, meta, where);
    } catch (GeneralSecurityException e) {
      throw new StoreException(
          where + " holds a record that does not decrypt with wallet " + address + " (altered?)",
          null);
    } finally {
      Arrays.fill(aes, (byte) 0);
      if (plain != null) {
        Arrays.fill(plain, (byte) 0);
      }
      if (chars != null && chars.hasArray()) {
        Arrays.fill(chars.array(), '\0');
      }
    }
  }

  private static byte[] aad(String address, String keyId) {
    return (FORMAT
            + "\nversion: "
            + VERSION
            + "\naddress: "
            + address.toLowerCase(Locale.ROOT)
            + "\nkeyId: "
            + keyId)
        .getBytes(StandardCharsets.UTF_8);
  }

  /** RFC 5869 HKDF-SHA256, 32 bytes. */
  private static byte[] hkdf(byte[] salt, byte[] ikm) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(salt, "HmacSHA256"));
      byte[] prk = mac.doFinal(ikm);
      mac.init(new SecretKeySpec(prk, "HmacSHA256"));
      mac.update(INFO.getBytes(StandardCharsets.UTF_8));
      mac.update((byte) 1);
      byte[] out = mac.doFinal();
      Arrays.fill(prk, (byte) 0);
      return out;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
    }
  }

  private static byte[] gcm(int mode, byte[] key, byte[] nonce, byte[] aad, byte[] input)
      throws GeneralSecurityException {
    Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
    c.init(mode, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, nonce));
    c.updateAAD(aad);
    return c.doFinal(input);
  }

  private static byte[] random(int n) {
    byte[] b = new byte[n];
    RANDOM.nextBytes(b);
    return b;
  }

  @Override
  public synchronized void close() {
    if (ikm != null) {
      Arrays.fill(ikm, (byte) 0);
      ikm = null;
    }
  }
}
