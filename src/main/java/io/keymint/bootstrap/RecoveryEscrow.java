package io.keymint.bootstrap;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keymint.ApiKeySecret;
import io.keymint.bootstrap.BootstrapException.Kind;
import io.keymint.internal.Json;
import io.keymint.sink.KeyMetadata;
import io.keymint.venice.IssuedKey;
import io.keymint.wallet.Wallet;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Objects;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals a minted key that no sink could store into a recovery file that only the minting wallet can
 * open, and opens it again. See {@code docs/THREAT-MODEL.md}.
 *
 * <p>Construction (version 1):
 *
 * <ol>
 *   <li>The wallet signs, with EIP-191 {@code personal_sign}, the fixed message {@link
 *       #message(String) "venice-keymint recovery escrow v1\naddress: 0x…"}. keymint's signatures
 *       are deterministic (RFC 6979), so the same wallet always yields the same 65 bytes, and only
 *       the holder of the private key can produce them. The message is versioned and names its
 *       purpose, so it is never a signature Venice or anyone else asks for in another context.
 *   <li>{@code key = HKDF-SHA256(ikm = signature, salt = 32 random bytes, info = "venice-keymint
 *       recovery v1 AES-256-GCM")}, 32 bytes.
 *   <li>The secret's UTF-8 bytes are encrypted with AES-256-GCM, a random 96-bit nonce, a 128-bit
 *       tag, and as associated data the version, the wallet address and the key id, so none of them
 *       can be changed in the file without the tag failing.
 * </ol>
 *
 * <p>The file is JSON, mode 0600: format and version, wallet address, key id, KDF and cipher names,
 * salt, nonce and ciphertext in base64, and the key's non-secret {@link KeyMetadata} (not
 * authenticated beyond the id; it is advisory, and the restored key is what Venice says it is).
 *
 * <p>Stateless and thread-safe.
 */
public final class RecoveryEscrow {
  /** The {@code format} field of a recovery file. */
  public static final String FORMAT = "venice-keymint-recovery";

  static final int VERSION = 1;
  private static final String INFO = "venice-keymint recovery v1 AES-256-GCM";
  private static final SecureRandom RANDOM = new SecureRandom();

  private RecoveryEscrow() {}

  /**
   * The message the wallet signs to derive the escrow key: fixed, versioned and naming its purpose.
   *
   * @param address the wallet's address (any case); not null
   * @return the message
   */
  public static String message(String address) {
    return "venice-keymint recovery escrow v"
        + VERSION
        + "\naddress: "
        + address.toLowerCase(Locale.ROOT);
  }

  /**
   * The recovery file name for a key id: {@code venice-keymint-recovery-ID.json}.
   *
   * @param keyId the key's id; not null
   * @return a file name without folders
   */
  public static String fileName(String keyId) {
    return "venice-keymint-recovery-" + keyId.replaceAll("[^A-Za-z0-9_-]", "_") + ".json";
  }

  /**
   * Seals {@code key} into {@code folder/venice-keymint-recovery-ID.json}, atomically, mode 0600.
   *
   * @param wallet the wallet that minted the key (unlocked); not null
   * @param key the key to seal; not null
   * @param folder an existing folder; not null
   * @return the file written
   * @throws IOException if the file cannot be written
   * @throws BootstrapException ({@link Kind#RECOVERY_FAILED}) if the wallet's signatures are not
   *     deterministic, so no key could ever be derived again
   */
  public static Path seal(Wallet wallet, IssuedKey key, Path folder) throws IOException {
    return write(folder, key.id(), sealed(wallet, key));
  }

  /** Writes sealed text as {@code folder/venice-keymint-recovery-ID.json}, atomically, 0600. */
  static Path write(Path folder, String keyId, String sealed) throws IOException {
    Path file = folder.resolve(fileName(keyId));
    writeOwnerOnly(file, sealed.getBytes(StandardCharsets.UTF_8));
    return file;
  }

  /**
   * Seals {@code key} as {@link #seal} does, without writing a file: the recovery file's text, safe
   * to show (only the wallet opens it).
   *
   * @param wallet the wallet that minted the key (unlocked); not null
   * @param key the key to seal; not null
   * @return the JSON text of a recovery file
   */
  public static String sealed(Wallet wallet, IssuedKey key) {
    Objects.requireNonNull(key, "key");
    String address = wallet.address();
    byte[] salt = random(32);
    byte[] nonce = random(12);
    byte[] aesKey = deriveKey(wallet, salt, true);
    byte[] plain = null;
    char[] chars = key.secret().revealChars();
    try {
      ByteBuffer encoded = StandardCharsets.UTF_8.encode(CharBuffer.wrap(chars));
      plain = Arrays.copyOf(encoded.array(), encoded.limit());
      Arrays.fill(encoded.array(), (byte) 0);
      byte[] sealed;
      try {
        sealed = gcm(Cipher.ENCRYPT_MODE, aesKey, nonce, aad(address, key.id()), plain);
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException("AES-256-GCM is part of every Java runtime", e);
      }

      ObjectNode o = Json.object();
      o.put("format", FORMAT);
      o.put("version", VERSION);
      o.put("walletAddress", address);
      o.put("keyId", key.id());
      o.put("kdf", "HKDF-SHA256 over the EIP-191 signature of the escrow message");
      o.put("cipher", "AES-256-GCM");
      o.put("createdAt", Instant.now().toString());
      o.put("salt", Base64.getEncoder().encodeToString(salt));
      o.put("nonce", Base64.getEncoder().encodeToString(nonce));
      o.put("ciphertext", Base64.getEncoder().encodeToString(sealed));
      o.set("metadata", KeyMetadata.of(key).toJson());
      return Json.writeString(o, true);
    } finally {
      Arrays.fill(aesKey, (byte) 0);
      Arrays.fill(chars, '\0');
      if (plain != null) {
        Arrays.fill(plain, (byte) 0);
      }
    }
  }

  /**
   * The {@link io.keymint.mint.Web3KeyMinter.Builder#onUnstoredKey handler} that seals a key no
   * sink stored: into {@code recoveryDir}, else the first folder of {@code sinks}' readable sinks
   * that takes it, else the working directory; when no file can be written (a full disk), the
   * sealed text travels in the {@link KeyEscrowedException} ({@link KeyEscrowedException#sealed()})
   * for the caller to show.
   *
   * @param recoveryDir where to seal, or null for beside the sinks
   * @param sinks the mint's sinks; not null
   * @return the handler
   */
  public static io.keymint.mint.UnstoredKeyHandler handler(
      Path recoveryDir, java.util.List<? extends io.keymint.sink.SecretSink> sinks) {
    return new EscrowHandler(recoveryDir, sinks);
  }

  /**
   * Opens a recovery file with the wallet that sealed it.
   *
   * @param wallet the minting wallet (unlocked); not null
   * @param file the recovery file; not null
   * @return the key with its secret and the metadata stored in the file
   * @throws BootstrapException ({@link Kind#RECOVERY_FAILED}) if the file is not a recovery file,
   *     belongs to another wallet, or does not decrypt (wrong wallet or altered file)
   */
  public static IssuedKey open(Wallet wallet, Path file) {
    byte[] content;
    try {
      content = Files.readAllBytes(file);
    } catch (IOException e) {
      throw failed(
          "cannot read recovery file " + file + " (" + e.getClass().getSimpleName() + ")", e);
    }
    return open(wallet, content, file.toString());
  }

  /**
   * Opens a sealed key from its text: a recovery file's content, or the block {@code keymint}
   * printed on stderr when no recovery file could be written (the text between the {@link #BEGIN}
   * and {@link #END} lines, which may surround it, as may other lines).
   *
   * @param wallet the minting wallet (unlocked); not null
   * @param text the sealed text; not null
   * @return the key with its secret
   * @throws BootstrapException ({@link Kind#RECOVERY_FAILED}) as {@link #open(Wallet, Path)}
   */
  public static IssuedKey openSealed(Wallet wallet, String text) {
    String t = text;
    int b = t.indexOf(BEGIN);
    if (b >= 0) {
      int e = t.indexOf(END, b);
      t = e < 0 ? t.substring(b + BEGIN.length()) : t.substring(b + BEGIN.length(), e);
    }
    return open(wallet, t.strip().getBytes(StandardCharsets.UTF_8), "the sealed key");
  }

  /** The line before a sealed key printed on a terminal. */
  public static final String BEGIN = "-----BEGIN VENICE-KEYMINT SEALED KEY-----";

  /** The line after a sealed key printed on a terminal. */
  public static final String END = "-----END VENICE-KEYMINT SEALED KEY-----";

  private static IssuedKey open(Wallet wallet, byte[] content, String file) {
    JsonNode o;
    try {
      o = Json.parse(content);
    } catch (JsonProcessingException e) {
      throw failed(file + " is not a keymint recovery file (not JSON)", e);
    }
    if (!FORMAT.equals(Json.text(o, "format")) || o.path("version").asInt(-1) != VERSION) {
      throw failed(file + " is not a version " + VERSION + " keymint recovery file", null);
    }
    String owner = Json.text(o, "walletAddress");
    String keyId = Json.text(o, "keyId");
    String address = wallet.address();
    if (owner == null || keyId == null) {
      throw failed(file + " lacks walletAddress or keyId", null);
    }
    if (!owner.equalsIgnoreCase(address)) {
      throw failed(
          file
              + " was sealed by wallet "
              + owner
              + ", not "
              + address
              + ": recover with the wallet that minted the key",
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
      throw failed(file + " has a malformed salt, nonce or ciphertext", e);
    }
    byte[] aesKey = deriveKey(wallet, salt, false);
    byte[] plain = null;
    CharBuffer chars = null;
    try {
      plain = gcm(Cipher.DECRYPT_MODE, aesKey, nonce, aad(owner, keyId), sealed);
      chars = StandardCharsets.UTF_8.decode(ByteBuffer.wrap(plain));
      ApiKeySecret secret = ApiKeySecret.of(chars);
      JsonNode meta = o.get("metadata");
      KeyMetadata m = null;
      if (meta != null && meta.isObject()) {
        try {
          m = KeyMetadata.fromJson(meta);
        } catch (IllegalArgumentException ignored) {
          m = null; // advisory only
        }
      }
      if (m == null || !m.id().equals(keyId)) {
        return IssuedKey.builder()
            .id(keyId)
            .type(io.keymint.venice.ApiKeyType.INFERENCE)
            .secret(secret)
            .walletAddress(owner)
            .build();
      }
      return m.withSecret(secret);
    } catch (GeneralSecurityException e) {
      throw failed(
          file
              + " cannot be decrypted with wallet "
              + address
              + ": it was sealed by another wallet or altered",
          e);
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

  private static BootstrapException failed(String message, Throwable cause) {
    return new BootstrapException(Kind.RECOVERY_FAILED, message, cause);
  }

  /** The associated data: version, address (lower case) and key id, one per line. */
  static byte[] aad(String address, String keyId) {
    return (FORMAT
            + "\nversion: "
            + VERSION
            + "\naddress: "
            + address.toLowerCase(Locale.ROOT)
            + "\nkeyId: "
            + keyId)
        .getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] deriveKey(Wallet wallet, byte[] salt, boolean checkDeterministic) {
    String msg = message(wallet.address());
    String signature = wallet.signPersonalMessage(msg);
    if (checkDeterministic && !signature.equals(wallet.signPersonalMessage(msg))) {
      // a randomized signer (some hardware wallets) could never derive this key again
      throw failed(
          "the wallet's signatures are not deterministic, so a recovery file could never be opened",
          null);
    }
    byte[] ikm =
        HexFormat.of().parseHex(signature.startsWith("0x") ? signature.substring(2) : signature);
    try {
      return hkdfSha256(salt, ikm, INFO.getBytes(StandardCharsets.UTF_8), 32);
    } finally {
      Arrays.fill(ikm, (byte) 0);
    }
  }

  /** RFC 5869 HKDF with HMAC-SHA256. */
  static byte[] hkdfSha256(byte[] salt, byte[] ikm, byte[] info, int length) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(salt.length == 0 ? new byte[32] : salt, "HmacSHA256"));
      byte[] prk = mac.doFinal(ikm);
      mac.init(new SecretKeySpec(prk, "HmacSHA256"));
      byte[] out = new byte[length];
      byte[] t = new byte[0];
      int done = 0;
      for (int i = 1; done < length; i++) {
        mac.update(t);
        mac.update(info);
        mac.update((byte) i);
        t = mac.doFinal();
        int n = Math.min(t.length, length - done);
        System.arraycopy(t, 0, out, done, n);
        done += n;
      }
      Arrays.fill(prk, (byte) 0);
      Arrays.fill(t, (byte) 0);
      return out;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
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

  private static byte[] random(int n) {
    byte[] b = new byte[n];
    RANDOM.nextBytes(b);
    return b;
  }

  private static void writeOwnerOnly(Path file, byte[] content) throws IOException {
    Path dir = file.toAbsolutePath().getParent();
    boolean posix = Files.getFileStore(dir).supportsFileAttributeView(PosixFileAttributeView.class);
    Path tmp =
        posix
            ? Files.createTempFile(
                dir,
                "." + file.getFileName() + ".",
                ".tmp",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))
            : Files.createTempFile(dir, "." + file.getFileName() + ".", ".tmp");
    boolean moved = false;
    try {
      if (posix) {
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
      }
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
        ByteBuffer buf = ByteBuffer.wrap(content);
        while (buf.hasRemaining()) {
          ch.write(buf);
        }
        ch.force(true);
      }
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      moved = true;
    } finally {
      if (!moved) {
        Files.deleteIfExists(tmp);
      }
    }
  }
}
