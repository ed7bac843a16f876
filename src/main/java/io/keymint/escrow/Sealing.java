package io.keymint.escrow;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.keymint.ApiKeySecret;
import io.keymint.internal.AtomicFiles;
import io.keymint.internal.Json;
import io.keymint.internal.codec.KeyJson;
import io.keymint.venice.ApiKey;
import io.keymint.venice.ApiKeyType;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.generators.HKDFBytesGenerator;
import org.bouncycastle.crypto.params.HKDFParameters;

/**
 * What both escrows share: AES-256-GCM over the secret (every intermediate copy wiped), HKDF, the
 * document's file, the printed block around it, and the key a document restores.
 */
final class Sealing {
  static final SecureRandom RANDOM = new SecureRandom();

  private Sealing() {}

  static byte[] random(int n) {
    byte[] b = new byte[n];
    RANDOM.nextBytes(b);
    return b;
  }

  /** Encrypts the secret's UTF-8 bytes; wipes {@code aesKey} and every copy of the secret. */
  static byte[] encrypt(byte[] aesKey, byte[] nonce, byte[] aad, ApiKeySecret secret) {
    char[] chars = secret.revealChars();
    byte[] plain = null;
    try {
      ByteBuffer encoded = StandardCharsets.UTF_8.encode(CharBuffer.wrap(chars));
      plain = Arrays.copyOf(encoded.array(), encoded.limit());
      Arrays.fill(encoded.array(), (byte) 0);
      return gcm(Cipher.ENCRYPT_MODE, aesKey, nonce, aad, plain);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-256-GCM is part of every Java runtime", e);
    } finally {
      Arrays.fill(aesKey, (byte) 0);
      Arrays.fill(chars, '\0');
      if (plain != null) {
        Arrays.fill(plain, (byte) 0);
      }
    }
  }

  /**
   * Decrypts a document's ciphertext into the key it restores ({@link #restored}); wipes {@code
   * aesKey} and every copy of the secret.
   *
   * @throws GeneralSecurityException if the tag does not verify (wrong key, altered document)
   */
  static ApiKey decrypt(
      byte[] aesKey,
      byte[] nonce,
      byte[] aad,
      byte[] sealed,
      JsonNode doc,
      String keyId,
      String owner)
      throws GeneralSecurityException {
    byte[] plain = null;
    CharBuffer chars = null;
    try {
      plain = gcm(Cipher.DECRYPT_MODE, aesKey, nonce, aad, sealed);
      chars = StandardCharsets.UTF_8.decode(ByteBuffer.wrap(plain));
      return restored(ApiKeySecret.of(chars), doc.get("metadata"), keyId, owner);
    } finally {
      Arrays.fill(aesKey, (byte) 0);
      if (plain != null) {
        Arrays.fill(plain, (byte) 0);
      }
      if (chars != null && chars.hasArray()) {
        Arrays.fill(chars.array(), '\0');
      }
    }
  }

  private static byte[] gcm(int mode, byte[] key, byte[] nonce, byte[] aad, byte[] input)
      throws GeneralSecurityException {
    if (nonce.length != 12) {
      throw new AEADBadTagException("nonce must be 12 bytes");
    }
    Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
    c.init(mode, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, nonce));
    c.updateAAD(aad);
    return c.doFinal(input);
  }

  /** RFC 5869 HKDF with HMAC-SHA256, through BouncyCastle. */
  static byte[] hkdfSha256(byte[] salt, byte[] ikm, byte[] info, int length) {
    HKDFBytesGenerator hkdf = new HKDFBytesGenerator(new SHA256Digest());
    hkdf.init(new HKDFParameters(ikm, salt.length == 0 ? null : salt, info));
    byte[] out = new byte[length];
    hkdf.generateBytes(out, 0, length);
    return out;
  }

  /** The document between the BEGIN and END lines, when they are there. */
  static String strip(String text) {
    String t = text;
    int b = t.indexOf(RecoveryEscrow.BEGIN);
    if (b >= 0) {
      int e = t.indexOf(RecoveryEscrow.END, b);
      t =
          e < 0
              ? t.substring(b + RecoveryEscrow.BEGIN.length())
              : t.substring(b + RecoveryEscrow.BEGIN.length(), e);
    }
    return t.strip();
  }

  /** A recovery file's bytes, or {@link EscrowException.Kind#RECOVERY_FAILED}. */
  static byte[] read(Path file) {
    try {
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw failed(
          "cannot read recovery file " + file + " (" + e.getClass().getSimpleName() + ")", e);
    }
  }

  /** A document as JSON, or {@link EscrowException.Kind#RECOVERY_FAILED}. */
  static JsonNode parse(byte[] bytes, Object what) {
    try {
      return Json.parse(bytes);
    } catch (JsonProcessingException e) {
      throw failed(what + " is not a keymint recovery file (not JSON)", e);
    }
  }

  /**
   * The document's base64 members, decoded in order, or {@link
   * EscrowException.Kind#RECOVERY_FAILED} with {@code malformed} as its message when one is missing
   * or malformed.
   */
  static byte[][] base64(JsonNode doc, String malformed, String... names) {
    byte[][] out = new byte[names.length][];
    try {
      for (int i = 0; i < names.length; i++) {
        out[i] = Base64.getDecoder().decode(Json.text(doc, names[i]));
      }
    } catch (IllegalArgumentException | NullPointerException e) {
      throw failed(malformed, e);
    }
    return out;
  }

  /** Writes a sealed document as {@code folder/venice-keymint-recovery-ID.json}, atomically. */
  static Path write(Path folder, String keyId, byte[] sealed) throws IOException {
    Path file = folder.resolve(RecoveryEscrow.fileName(keyId));
    AtomicFiles.replace(file, sealed, "recovery file");
    return file;
  }

  static EscrowException failed(String message, Throwable cause) {
    return new EscrowException(EscrowException.Kind.RECOVERY_FAILED, message, cause);
  }

  /**
   * The key a recovery document restores: its secret with the document's metadata when that names
   * the same key id (the metadata is advisory: unreadable or another id's is ignored), else a
   * minimal INFERENCE key with the authenticated id and owner.
   */
  static ApiKey restored(ApiKeySecret secret, JsonNode meta, String keyId, String owner) {
    ApiKey m = null;
    if (meta != null && meta.isObject()) {
      try {
        m = KeyJson.readMetadata(meta);
      } catch (IllegalArgumentException ignored) {
        m = null; // advisory only
      }
    }
    if (m == null || !m.id().equals(keyId)) {
      return ApiKey.builder()
          .id(keyId)
          .type(ApiKeyType.INFERENCE)
          .secret(secret)
          .walletAddress(owner)
          .build();
    }
    return m.withSecret(secret);
  }

  /** The key's non-secret metadata, stored beside the ciphertext. */
  static JsonNode metadataNode(ApiKey key) {
    return KeyJson.metadata(key);
  }
}
