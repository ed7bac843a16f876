package io.keymint.escrow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keymint.Setting;
import io.keymint.escrow.EscrowException.Kind;
import io.keymint.internal.Json;
import io.keymint.internal.KeyFields;
import io.keymint.mint.UnstoredKeyHandler;
import io.keymint.sink.SecretSink;
import io.keymint.venice.ApiKey;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.NamedParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import javax.crypto.KeyAgreement;

/**
 * Seals a minted key that no sink could store to an operator's X25519 public key, and opens it with
 * the matching private key: the escrow for wallets whose signatures are randomised (PKCS#11 tokens,
 * KMS), which cannot derive {@link RecoveryEscrow}'s key twice. The wallet is not needed to open
 * the file, only the operator's private key, which never has to be on the machine that mints.
 *
 * <p>Construction (recipient version 1), ECIES-style with the JDK's own primitives:
 *
 * <ol>
 *   <li>an ephemeral X25519 key pair; {@code shared = X25519(ephemeral private, recipient public)};
 *   <li>{@code key = HKDF-SHA256(ikm = shared, salt = ephemeral public ‖ recipient public, info =
 *       "venice-keymint recovery recipient v1 X25519 AES-256-GCM")}, 32 bytes;
 *   <li>AES-256-GCM over the secret's UTF-8 bytes, a random 96-bit nonce, and as associated data
 *       the format, version, wallet address, key id and the recipient key's fingerprint.
 * </ol>
 *
 * <p>Keys are the PEM files OpenSSL writes: {@code openssl genpkey -algorithm X25519 -out op.pem}
 * (keep it offline), {@code openssl pkey -in op.pem -pubout -out op.pub.pem} (give it to keymint).
 *
 * <p>Stateless and thread-safe.
 */
public final class RecipientEscrow {
  /** The {@code format} field of a recipient-sealed recovery file. */
  public static final String FORMAT = "venice-keymint-recovery-recipient";

  static final int VERSION = 1;
  private static final String INFO = "venice-keymint recovery recipient v1 X25519 AES-256-GCM";

  private RecipientEscrow() {}

  /**
   * Reads an X25519 public key: a PEM {@code PUBLIC KEY} (SubjectPublicKeyInfo) file.
   *
   * @throws IllegalArgumentException if the file cannot be read or holds no X25519 public key
   */
  public static PublicKey readPublicKey(Path file) {
    byte[] der = pem(file, "PUBLIC KEY", Setting.ESCROW_RECIPIENT.apiName());
    try {
      return KeyFactory.getInstance("X25519").generatePublic(new X509EncodedKeySpec(der));
    } catch (GeneralSecurityException | ClassCastException e) {
      throw new IllegalArgumentException(
          file
              + " is not an X25519 public key: make one with openssl genpkey -algorithm X25519 -out"
              + " op.pem && openssl pkey -in op.pem -pubout -out op.pub.pem");
    }
  }

  /**
   * Reads an X25519 private key: a PEM {@code PRIVATE KEY} (PKCS#8) file.
   *
   * @throws IllegalArgumentException if the file cannot be read or holds no X25519 private key
   */
  public static PrivateKey readPrivateKey(Path file) {
    byte[] der = pem(file, "PRIVATE KEY", "the recipient's private key");
    try {
      return KeyFactory.getInstance("X25519").generatePrivate(new PKCS8EncodedKeySpec(der));
    } catch (GeneralSecurityException | ClassCastException e) {
      throw new IllegalArgumentException(
          file + " is not an X25519 private key (PEM PRIVATE KEY, as openssl genpkey writes)");
    } finally {
      Arrays.fill(der, (byte) 0);
    }
  }

  /**
   * Seals {@code key} for {@code recipient} into {@code folder/venice-keymint-recovery-ID.json},
   * atomically, mode 0600.
   *
   * @param recipient the operator's X25519 public key
   * @param walletAddress the minting wallet's address (recorded and authenticated)
   * @param key the key to seal
   * @param folder an existing folder
   * @return the file written
   * @throws IOException if the file cannot be written (atomically)
   */
  public static Path seal(PublicKey recipient, String walletAddress, ApiKey key, Path folder)
      throws IOException {
    Objects.requireNonNull(key, "key");
    return Sealing.write(folder, key.id(), sealToBytes(recipient, walletAddress, key));
  }

  /**
   * Seals {@code key} for {@code recipient} to the bytes of a recipient recovery document (UTF-8
   * JSON, the content of a recovery file). Safe to store anywhere and to show: only the holder of
   * the recipient's private key opens it.
   *
   * @param recipient the operator's X25519 public key
   * @param walletAddress the minting wallet's address (recorded and authenticated)
   * @param key the key to seal
   * @return the sealed document
   */
  public static byte[] sealToBytes(PublicKey recipient, String walletAddress, ApiKey key) {
    Objects.requireNonNull(recipient, "recipient");
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(walletAddress, "walletAddress");
    byte[] recipientRaw = recipient.getEncoded();
    KeyPair eph;
    byte[] shared;
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("XDH");
      g.initialize(NamedParameterSpec.X25519, Sealing.RANDOM);
      eph = g.generateKeyPair();
      shared = agree(eph.getPrivate(), recipient);
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("not an X25519 recipient key", e);
    }
    byte[] ephRaw = eph.getPublic().getEncoded();
    byte[] aesKey = derive(shared, ephRaw, recipientRaw);
    Arrays.fill(shared, (byte) 0);
    byte[] nonce = Sealing.random(12);
    String fingerprint = fingerprint(recipientRaw);
    byte[] sealed =
        Sealing.encrypt(aesKey, nonce, aad(walletAddress, key.id(), fingerprint), key.secret());
    ObjectNode o = Json.object();
    o.put("format", FORMAT);
    o.put("version", VERSION);
    o.put(KeyFields.WALLET_ADDRESS, walletAddress);
    o.put("keyId", key.id());
    o.put("kdf", "X25519 + HKDF-SHA256");
    o.put("cipher", "AES-256-GCM");
    o.put("recipientFingerprint", fingerprint);
    o.put("createdAt", Instant.now().toString());
    o.put("ephemeralPublicKey", Base64.getEncoder().encodeToString(ephRaw));
    o.put("nonce", Base64.getEncoder().encodeToString(nonce));
    o.put("ciphertext", Base64.getEncoder().encodeToString(sealed));
    o.set("metadata", Sealing.metadataNode(key));
    return Json.writeString(o, true).getBytes(StandardCharsets.UTF_8);
  }

  /** Whether {@code file} is a recipient-sealed recovery file (by its {@code format}). */
  public static boolean isRecipientFile(Path file) {
    try {
      return FORMAT.equals(Json.text(Json.parse(Files.readAllBytes(file)), "format"));
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * Whether {@code text} (a recovery file's content, or printed sealed text) is sealed to a
   * recipient.
   */
  public static boolean isRecipientText(String text) {
    try {
      return FORMAT.equals(
          Json.text(Json.parse(Sealing.strip(text).getBytes(StandardCharsets.UTF_8)), "format"));
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  /**
   * Opens recipient-sealed text (a recovery file's content, or the block keymint printed when no
   * file could be written, surrounding lines allowed) with the operator's private key.
   *
   * @throws EscrowException ({@link Kind#RECOVERY_FAILED}) as {@link #open(PrivateKey, Path)}
   */
  public static ApiKey openSealed(PrivateKey recipientKey, String text) {
    Objects.requireNonNull(text, "text");
    return openBytes(
        recipientKey, Sealing.strip(text).getBytes(StandardCharsets.UTF_8), "the sealed key");
  }

  /**
   * The {@link io.keymint.mint.Web3KeyMinter.Builder#onUnstoredKey handler} that seals a key no
   * sink stored — to {@code recipient} when given, else with the wallet-derived escrow ({@link
   * RecoveryEscrow}) — and, once the wallet is unlocked and before anything is minted, refuses a
   * wallet whose signatures are randomised when there is no recipient ({@link
   * EscrowException.Kind#NO_ESCROW}), or only warns when {@code requireEscrow} is false.
   *
   * @param recipient the operator's X25519 public key, or null
   * @param requireEscrow whether to refuse (true) or warn (false) when no escrow could work
   * @param recoveryDir where to seal, or null for beside the sinks
   * @param sinks the mint's sinks
   * @return the handler
   */
  public static UnstoredKeyHandler handler(
      PublicKey recipient,
      boolean requireEscrow,
      Path recoveryDir,
      List<? extends SecretSink> sinks) {
    return new EscrowHandler(recoveryDir, sinks, recipient, requireEscrow);
  }

  /**
   * Opens a recipient-sealed recovery file with the operator's private key.
   *
   * @throws EscrowException ({@link Kind#RECOVERY_FAILED}) if the file is not one, was sealed to
   *     another recipient, or was altered
   */
  public static ApiKey open(PrivateKey recipientKey, Path file) {
    Objects.requireNonNull(recipientKey, "recipientKey");
    return openBytes(recipientKey, Sealing.read(file), file.toString());
  }

  private static ApiKey openBytes(PrivateKey recipientKey, byte[] bytes, Object file) {
    Objects.requireNonNull(recipientKey, "recipientKey");
    JsonNode o = Sealing.parse(bytes, file);
    if (!FORMAT.equals(Json.text(o, "format")) || o.path("version").asInt(-1) != VERSION) {
      throw failed(
          file
              + " is not sealed to a recipient key (format "
              + Json.text(o, "format")
              + "): open it with the wallet that minted it, not "
              + Setting.RECIPIENT_KEY.apiName(),
          null);
    }
    String owner = Json.text(o, KeyFields.WALLET_ADDRESS);
    String keyId = Json.text(o, "keyId");
    String fingerprint = Json.text(o, "recipientFingerprint");
    if (owner == null || keyId == null || fingerprint == null) {
      throw failed(file + " lacks walletAddress, keyId or recipientFingerprint", null);
    }
    byte[][] b64 =
        Sealing.base64(
            o,
            file + " has a malformed ephemeral key, nonce or ciphertext",
            "ephemeralPublicKey",
            "nonce",
            "ciphertext");
    byte[] ephRaw = b64[0];
    byte[] nonce = b64[1];
    byte[] sealed = b64[2];
    byte[] recipientRaw;
    byte[] shared;
    try {
      recipientRaw = publicOf(recipientKey);
      if (!fingerprint.equals(fingerprint(recipientRaw))) {
        throw failed(
            file
                + " was sealed to recipient key "
                + fingerprint
                + ", not "
                + fingerprint(recipientRaw)
                + ": use the operator key whose public half keymint was given",
            null);
      }
      PublicKey eph =
          KeyFactory.getInstance("X25519").generatePublic(new X509EncodedKeySpec(ephRaw));
      shared = agree(recipientKey, eph);
    } catch (GeneralSecurityException e) {
      throw failed(file + " has an unreadable ephemeral key", e);
    }
    byte[] aesKey = derive(shared, ephRaw, recipientRaw);
    Arrays.fill(shared, (byte) 0);
    try {
      return Sealing.decrypt(
          aesKey, nonce, aad(owner, keyId, fingerprint), sealed, o, keyId, owner);
    } catch (GeneralSecurityException e) {
      throw failed(file + " does not decrypt with this recipient key: it was altered", e);
    }
  }

  /** SHA-256 of the recipient's SubjectPublicKeyInfo, hex: names the key without revealing it. */
  static String fingerprint(byte[] spki) {
    try {
      return "sha256:"
          + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(spki));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
    }
  }

  /** The SubjectPublicKeyInfo of an X25519 private key's public half. */
  private static byte[] publicOf(PrivateKey key) throws GeneralSecurityException {
    // X25519(k, 9) is the public key; the JDK has no direct accessor, so agree with the base point
    byte[] base = new byte[32];
    base[0] = 9;
    PublicKey basePoint =
        KeyFactory.getInstance("X25519")
            .generatePublic(
                new java.security.spec.XECPublicKeySpec(
                    NamedParameterSpec.X25519, java.math.BigInteger.valueOf(9)));
    byte[] u = agree(key, basePoint);
    // the agreement result is the little-endian u-coordinate: the public key's raw form
    java.math.BigInteger uInt = new java.math.BigInteger(1, reverse(u));
    return KeyFactory.getInstance("X25519")
        .generatePublic(new java.security.spec.XECPublicKeySpec(NamedParameterSpec.X25519, uInt))
        .getEncoded();
  }

  private static byte[] reverse(byte[] b) {
    byte[] r = new byte[b.length];
    for (int i = 0; i < b.length; i++) {
      r[i] = b[b.length - 1 - i];
    }
    return r;
  }

  private static byte[] agree(PrivateKey priv, PublicKey pub) throws GeneralSecurityException {
    KeyAgreement ka = KeyAgreement.getInstance("X25519");
    ka.init(priv);
    ka.doPhase(pub, true);
    return ka.generateSecret();
  }

  private static byte[] derive(byte[] shared, byte[] ephRaw, byte[] recipientRaw) {
    byte[] salt = new byte[ephRaw.length + recipientRaw.length];
    System.arraycopy(ephRaw, 0, salt, 0, ephRaw.length);
    System.arraycopy(recipientRaw, 0, salt, ephRaw.length, recipientRaw.length);
    return Sealing.hkdfSha256(salt, shared, INFO.getBytes(StandardCharsets.UTF_8), 32);
  }

  static byte[] aad(String address, String keyId, String fingerprint) {
    return (FORMAT
            + "\nversion: "
            + VERSION
            + "\naddress: "
            + address.toLowerCase(Locale.ROOT)
            + "\nkeyId: "
            + keyId
            + "\nrecipient: "
            + fingerprint)
        .getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] pem(Path file, String type, String option) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.US_ASCII);
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException(
          "cannot read " + file + " (" + e.getClass().getSimpleName() + "): check " + option);
    }
    String begin = "-----BEGIN " + type + "-----";
    String end = "-----END " + type + "-----";
    int b = text.indexOf(begin);
    int e = text.indexOf(end);
    if (b < 0 || e < b) {
      throw new IllegalArgumentException(file + " is not a PEM " + type + " file: check " + option);
    }
    try {
      return Base64.getMimeDecoder().decode(text.substring(b + begin.length(), e));
    } catch (IllegalArgumentException x) {
      throw new IllegalArgumentException(file + " has malformed base64: check " + option);
    }
  }

  private static EscrowException failed(String message, Throwable cause) {
    return Sealing.failed(message, cause);
  }
}
