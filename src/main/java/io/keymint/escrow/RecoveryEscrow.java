package io.keymint.escrow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keymint.escrow.EscrowException.Kind;
import io.keymint.internal.Json;
import io.keymint.internal.KeyFields;
import io.keymint.mint.UnstoredKeyHandler;
import io.keymint.sink.SecretSink;
import io.keymint.venice.ApiKey;
import io.keymint.wallet.Wallet;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.bouncycastle.jcajce.provider.digest.Keccak;

/**
 * Seals a minted key that no sink could store into a recovery file that only the minting wallet can
 * open, and opens it again. See {@code docs/THREAT-MODEL.md}.
 *
 * <p>Construction (version 2, written by this version):
 *
 * <ol>
 *   <li>The wallet signs, with {@link Wallet#signDigest}, the EIP-712 typed-data digest {@code
 *       keccak256("\x19\x01" ‖ domainSeparator ‖ structHash)} of {@code RecoveryEscrow(string
 *       purpose, address wallet)} in the domain {@code {name: "venice-keymint", version: "2"}}
 *       ({@link #escrowDigest(String)}). An EIP-191 {@code personal_sign} digest is the keccak256
 *       of {@code "\x19Ethereum Signed Message:\n"…}: its preimage differs from this one in the
 *       second byte, so no message a server can ask keymint (or any wallet) to personal_sign yields
 *       this signature. Deterministic signatures (RFC 6979) give the same 65 bytes every time.
 *   <li>{@code key = HKDF-SHA256(ikm = signature, salt = 32 random bytes, info = "venice-keymint
 *       recovery v2 AES-256-GCM")}, 32 bytes (BouncyCastle's {@code HKDFBytesGenerator}).
 *   <li>The secret's UTF-8 bytes are encrypted with AES-256-GCM, a random 96-bit nonce, a 128-bit
 *       tag, and as associated data the format, version, wallet address and key id, so none of them
 *       can be changed in the file without the tag failing.
 * </ol>
 *
 * <p>Version 1 files (derived from a {@code personal_sign} of {@link #message(String)}) are still
 * opened; see the threat model for what that needs and why keymint no longer writes them.
 *
 * <p>The file is JSON, mode 0600, written through the sinks' atomic replace (temp file, fsync,
 * rename, folder fsync, symlink refused): format and version, wallet address, key id, KDF and
 * cipher names, salt, nonce and ciphertext in base64, and the key's non-secret {@link ApiKey} (not
 * authenticated beyond the id; it is advisory, and the restored key is what Venice says it is).
 * {@link #sealToBytes} and {@link #openBytes} do the same without a file (to keep a sealed key
 * elsewhere).
 *
 * <p>Stateless and thread-safe.
 */
public final class RecoveryEscrow {
  /** The {@code format} field of a recovery file. */
  public static final String FORMAT = "venice-keymint-recovery";

  /** The version this class writes. */
  static final int VERSION = 2;

  private static final String INFO_V1 = "venice-keymint recovery v1 AES-256-GCM";
  private static final String INFO_V2 = "venice-keymint recovery v2 AES-256-GCM";

  /** The EIP-712 struct's purpose field. */
  static final String PURPOSE = "venice-keymint recovery escrow key";

  private RecoveryEscrow() {}

  /**
   * The version 1 derivation message (a {@code personal_sign} of it opened v1 files). Kept to open
   * those; version 2 signs {@link #escrowDigest(String)} instead.
   *
   * @param address the wallet's address (any case); not null
   * @return the message
   */
  public static String message(String address) {
    return "venice-keymint recovery escrow v1\naddress: " + address.toLowerCase(Locale.ROOT);
  }

  /**
   * The EIP-712 digest the wallet signs to derive a version 2 escrow key: {@code keccak256(0x19
   * 0x01 ‖ domainSeparator ‖ hashStruct(RecoveryEscrow{purpose, wallet}))} with the domain {@code
   * EIP712Domain(string name,string version)} = {@code {"venice-keymint", "2"}}.
   *
   * @param address the wallet's address, {@code 0x} and 40 hex digits (any case); not null
   * @return 32 bytes
   * @throws IllegalArgumentException if {@code address} is not an address
   */
  public static byte[] escrowDigest(String address) {
    String hex = address.startsWith("0x") || address.startsWith("0X") ? address.substring(2) : "";
    if (!hex.matches("[0-9a-fA-F]{40}")) {
      throw new IllegalArgumentException("not an Ethereum address: 0x and 40 hex digits expected");
    }
    byte[] domainType = keccak(ascii("EIP712Domain(string name,string version)"));
    byte[] domainSeparator =
        keccak(concat(domainType, keccak(ascii("venice-keymint")), keccak(ascii("2"))));
    byte[] structType = keccak(ascii("RecoveryEscrow(string purpose,address wallet)"));
    byte[] wallet = new byte[32];
    System.arraycopy(HexFormat.of().parseHex(hex), 0, wallet, 12, 20);
    byte[] structHash = keccak(concat(structType, keccak(ascii(PURPOSE)), wallet));
    return keccak(concat(new byte[] {0x19, 0x01}, domainSeparator, structHash));
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
   * @throws EscrowException ({@link Kind#RECOVERY_FAILED}) if the wallet's signatures are not
   *     deterministic, so no key could ever be derived again
   */
  public static Path seal(Wallet wallet, ApiKey key, Path folder) throws IOException {
    Objects.requireNonNull(key, "key");
    return Sealing.write(folder, key.id(), sealToBytes(wallet, key));
  }

  /**
   * The {@link io.keymint.mint.Web3KeyMinter.Builder#onUnstoredKey handler} that seals a key no
   * sink stored: into {@code recoveryDir}, else the first folder of {@code sinks}' readable sinks
   * that takes it, else the working directory; when no file can be written (a full disk), the
   * sealed text travels in the escrowed {@link EscrowException} ({@link EscrowException#sealed()})
   * for the caller to show.
   *
   * @param recoveryDir where to seal, or null for beside the sinks
   * @param sinks the mint's sinks; not null
   * @return the handler
   */
  public static UnstoredKeyHandler handler(Path recoveryDir, List<? extends SecretSink> sinks) {
    return new EscrowHandler(recoveryDir, sinks);
  }

  /** The line before a sealed key printed on a terminal. */
  public static final String BEGIN = "-----BEGIN VENICE-KEYMINT SEALED KEY-----";

  /** The line after a sealed key printed on a terminal. */
  public static final String END = "-----END VENICE-KEYMINT SEALED KEY-----";

  /**
   * Opens a sealed key from its text: a recovery file's content, or the block {@code keymint}
   * printed on stderr when no recovery file could be written (the text between the {@link #BEGIN}
   * and {@link #END} lines, which other lines may surround).
   *
   * @param wallet the minting wallet (unlocked); not null
   * @param text the sealed text; not null
   * @return the key with its secret
   * @throws EscrowException ({@link Kind#RECOVERY_FAILED}) as {@link #openBytes}
   */
  public static ApiKey openSealed(Wallet wallet, String text) {
    return openBytes(wallet, Sealing.strip(text).getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Seals {@code key} to the bytes of a version 2 recovery document (UTF-8 JSON, the content of a
   * recovery file). Safe to store anywhere and to show: only the wallet opens it.
   *
   * @param wallet the wallet that minted the key (unlocked); not null
   * @param key the key to seal; not null
   * @return the sealed document
   * @throws EscrowException ({@link Kind#RECOVERY_FAILED}) if the wallet's signatures are not
   *     deterministic
   */
  public static byte[] sealToBytes(Wallet wallet, ApiKey key) {
    Objects.requireNonNull(key, "key");
    String address = wallet.address();
    byte[] salt = Sealing.random(32);
    byte[] nonce = Sealing.random(12);
    byte[] aesKey = deriveKey(wallet, VERSION, salt, true);
    byte[] sealed = Sealing.encrypt(aesKey, nonce, aad(VERSION, address, key.id()), key.secret());
    ObjectNode o = Json.object();
    o.put("format", FORMAT);
    o.put("version", VERSION);
    o.put(KeyFields.WALLET_ADDRESS, address);
    o.put("keyId", key.id());
    o.put(
        "kdf",
        "HKDF-SHA256 over the signature of the EIP-712 digest of RecoveryEscrow(purpose, wallet)"
            + " in domain venice-keymint 2");
    o.put("cipher", "AES-256-GCM");
    o.put("createdAt", Instant.now().toString());
    o.put("salt", Base64.getEncoder().encodeToString(salt));
    o.put("nonce", Base64.getEncoder().encodeToString(nonce));
    o.put("ciphertext", Base64.getEncoder().encodeToString(sealed));
    o.set("metadata", Sealing.metadataNode(key));
    return Json.writeString(o, true).getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Opens a recovery file (version 1 or 2) with the wallet that sealed it.
   *
   * @param wallet the minting wallet (unlocked); not null
   * @param file the recovery file; not null
   * @return the key with its secret and the metadata stored in the file
   * @throws EscrowException ({@link Kind#RECOVERY_FAILED}) if the file is not a recovery file,
   *     belongs to another wallet, or does not decrypt (wrong wallet or altered file)
   */
  public static ApiKey open(Wallet wallet, Path file) {
    return open(wallet, Sealing.read(file), file.toString());
  }

  /**
   * Opens a sealed document from {@link #sealToBytes} (or a recovery file's content), version 1 or
   * 2, with the wallet that sealed it.
   *
   * @param wallet the minting wallet (unlocked); not null
   * @param sealed the document; not null
   * @return the key with its secret and the metadata stored with it
   * @throws EscrowException ({@link Kind#RECOVERY_FAILED}) if it is not a sealed key, belongs to
   *     another wallet, or does not decrypt
   */
  public static ApiKey openBytes(Wallet wallet, byte[] sealed) {
    return open(wallet, sealed, "the sealed key");
  }

  private static ApiKey open(Wallet wallet, byte[] bytes, String what) {
    JsonNode o = Sealing.parse(bytes, what);
    int version = o == null ? -1 : o.path("version").asInt(-1);
    if (!FORMAT.equals(Json.text(o, "format")) || (version != 1 && version != 2)) {
      throw failed(what + " is not a version 1 or 2 keymint recovery file", null);
    }
    String owner = Json.text(o, KeyFields.WALLET_ADDRESS);
    String keyId = Json.text(o, "keyId");
    String address = wallet.address();
    if (owner == null || keyId == null) {
      throw failed(what + " lacks walletAddress or keyId", null);
    }
    if (!owner.equalsIgnoreCase(address)) {
      throw failed(
          what
              + " was sealed by wallet "
              + owner
              + ", not "
              + address
              + ": recover with the wallet that minted the key",
          null);
    }
    byte[][] b64 =
        Sealing.base64(
            o, what + " has a malformed salt, nonce or ciphertext", "salt", "nonce", "ciphertext");
    byte[] salt = b64[0];
    byte[] nonce = b64[1];
    byte[] sealed = b64[2];
    byte[] aesKey = deriveKey(wallet, version, salt, false);
    try {
      return Sealing.decrypt(aesKey, nonce, aad(version, owner, keyId), sealed, o, keyId, owner);
    } catch (GeneralSecurityException e) {
      throw failed(
          what
              + " cannot be decrypted with wallet "
              + address
              + ": it was sealed by another wallet or altered",
          e);
    }
  }

  private static EscrowException failed(String message, Throwable cause) {
    return Sealing.failed(message, cause);
  }

  /** The associated data: format, version, address (lower case) and key id, one per line. */
  static byte[] aad(int version, String address, String keyId) {
    return (FORMAT
            + "\nversion: "
            + version
            + "\naddress: "
            + address.toLowerCase(Locale.ROOT)
            + "\nkeyId: "
            + keyId)
        .getBytes(StandardCharsets.UTF_8);
  }

  /**
   * The signature a version's key is derived from: v2 over the EIP-712 digest, v1 personal_sign.
   */
  private static byte[] escrowSignature(Wallet wallet, int version) {
    if (version == 1) {
      String signature = wallet.signPersonalMessage(message(wallet.address()));
      return HexFormat.of()
          .parseHex(signature.startsWith("0x") ? signature.substring(2) : signature);
    }
    return wallet.signDigest(escrowDigest(wallet.address()));
  }

  private static byte[] deriveKey(
      Wallet wallet, int version, byte[] salt, boolean checkDeterministic) {
    byte[] ikm = escrowSignature(wallet, version);
    try {
      if (checkDeterministic) {
        byte[] again = escrowSignature(wallet, version);
        boolean same = Arrays.equals(ikm, again);
        Arrays.fill(again, (byte) 0);
        if (!same) {
          // a randomized signer (some hardware wallets) could never derive this key again
          throw failed(
              "the wallet's signatures are not deterministic, so a recovery file could never be"
                  + " opened",
              null);
        }
      }
      String info = version == 1 ? INFO_V1 : INFO_V2;
      return Sealing.hkdfSha256(salt, ikm, info.getBytes(StandardCharsets.UTF_8), 32);
    } finally {
      Arrays.fill(ikm, (byte) 0);
    }
  }

  private static byte[] keccak(byte[] in) {
    Keccak.Digest256 d = new Keccak.Digest256();
    return d.digest(in);
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] concat(byte[]... parts) {
    int n = 0;
    for (byte[] p : parts) {
      n += p.length;
    }
    byte[] out = new byte[n];
    int at = 0;
    for (byte[] p : parts) {
      System.arraycopy(p, 0, out, at, p.length);
      at += p.length;
    }
    return out;
  }
}
