package io.keymint.wallet;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.keymint.internal.Json;
import io.keymint.signature.PersonalSign;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Locale;
import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.modes.CTRModeCipher;
import org.bouncycastle.crypto.modes.SICBlockCipher;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.crypto.params.ParametersWithIV;
import org.web3j.crypto.ECKeyPair;
import org.web3j.crypto.Hash;

/**
 * Reads and decrypts Web3 Secret Storage v3 keystores (what geth, ethers, MetaMask exports and
 * web3j write). Our own reader because web3j's lives in its {@code core} module, which we do not
 * take.
 *
 * <p>Every parameter of a file is checked before anything is allocated for it: a keystore is input,
 * and a crafted one must not be able to make us allocate gigabytes or spin for hours. The bounds,
 * each far above what any wallet writes (geth's "standard" is n=2^18 r=8 p=1, pbkdf2 c=262144):
 *
 * <ul>
 *   <li>scrypt n: a power of two, 2 ≤ n ≤ 2^22;
 *   <li>scrypt r: 1 ≤ r ≤ 32; p: 1 ≤ p ≤ 16 (so r·p &lt; 2^30, RFC 7914's limit, always holds);
 *   <li>scrypt memory per lane, 128·r·n bytes: at most 4 GiB (this also keeps V's int index below
 *       2^31) — and then it must fit the memory scrypt may use, see {@link ScryptMemory}; when it
 *       does not, V keeps only part of its rows (scrypt's time-memory trade: same key, slower);
 *   <li>pbkdf2: prf hmac-sha256 only, 1 ≤ c ≤ 10,000,000;
 *   <li>dklen = 32; salt 1 to 256 bytes; iv 16 bytes; ciphertext 32 bytes (a private key); mac 32
 *       bytes; the file itself at most 1 MiB.
 * </ul>
 *
 * <p>The MAC, keccak256(derivedKey[16..32] ‖ ciphertext), is compared in constant time before
 * anything is decrypted; a mismatch is reported as a wrong password, since that is what it almost
 * always is.
 */
final class KeystoreV3 {
  static final int MAX_LOG2_N = 22;
  static final int MAX_R = 32;
  static final int MAX_P = 16;
  static final long MAX_LANE_BYTES = 4L << 30;

  /** Bound on scrypt's total work, p·128·r·n bytes mixed: 16× a standard keystore's 256 MiB. */
  static final long MAX_WORK_BYTES = 4L << 30;

  static final long MAX_PBKDF2_C = 10_000_000;
  static final int MAX_SALT_BYTES = 256;
  static final long MAX_FILE_BYTES = 1 << 20;

  private final Path file;
  private final String where;

  private KeystoreV3(Path file) {
    this.file = file;
    this.where = "keystore " + file;
  }

  /**
   * Decrypts the private key in {@code file} with {@code password} (not wiped here: the caller owns
   * it).
   *
   * @throws WalletException for anything wrong, with a one-line message naming the file and, where
   *     it applies, the field
   */
  /** The keystore's {@code address} field, 0x-prefixed, if it has a well-formed one. */
  static java.util.Optional<String> declaredAddress(Path file) {
    KeystoreV3 k = new KeystoreV3(file);
    String declared = Json.text(k.parse(k.read()), "address");
    if (declared == null) {
      return java.util.Optional.empty();
    }
    String a = declared.startsWith("0x") || declared.startsWith("0X") ? declared : "0x" + declared;
    return PersonalSign.isAddress(a) ? java.util.Optional.of(a) : java.util.Optional.empty();
  }

  static ECKeyPair decrypt(Path file, char[] password, ScryptMemory memory) {
    return new KeystoreV3(file).decrypt(password, memory);
  }

  private ECKeyPair decrypt(char[] password, ScryptMemory memory) {
    JsonNode root = parse(read());
    if (!root.isObject()) {
      throw fail("is not a JSON object: is it a Web3 Secret Storage v3 keystore?");
    }
    JsonNode version = root.get("version");
    if (version != null && !(version.canConvertToInt() && version.asInt() == 3)) {
      throw fail("has version " + abbreviate(version) + ": only version 3 keystores are supported");
    }
    JsonNode crypto = root.has("crypto") ? root.get("crypto") : root.get("Crypto");
    if (crypto == null || !crypto.isObject()) {
      throw fail("has no crypto (or Crypto) object: is it a Web3 Secret Storage v3 keystore?");
    }

    String cipher = text(crypto, "cipher", "crypto.cipher");
    if (!cipher.equals("aes-128-ctr")) {
      throw fail(
          "uses unsupported crypto.cipher \"" + clip(cipher) + "\" (supported: aes-128-ctr)");
    }
    JsonNode cipherParams = crypto.get("cipherparams");
    if (cipherParams == null || !cipherParams.isObject()) {
      throw fail("has no crypto.cipherparams object");
    }
    byte[] iv = hex(cipherParams, "iv", "crypto.cipherparams.iv", 16, 16);
    byte[] ciphertext = hex(crypto, "ciphertext", "crypto.ciphertext", 32, 32);
    byte[] mac = hex(crypto, "mac", "crypto.mac", 32, 32);

    String kdf = text(crypto, "kdf", "crypto.kdf");
    JsonNode kdfParams = crypto.get("kdfparams");
    if (kdfParams == null || !kdfParams.isObject()) {
      throw fail("has no crypto.kdfparams object");
    }
    Kdf derivation;
    switch (kdf) {
      case "scrypt":
        derivation = scrypt(kdfParams, memory);
        break;
      case "pbkdf2":
        derivation = pbkdf2(kdfParams);
        break;
      default:
        throw fail("uses unsupported crypto.kdf \"" + clip(kdf) + "\" (supported: scrypt, pbkdf2)");
    }

    byte[] passwordBytes = KeystorePassword.nfkcUtf8(password);
    byte[] derivedKey = null;
    byte[] plain = null;
    try {
      derivedKey = derivation.derive(passwordBytes);
      byte[] macInput = new byte[16 + ciphertext.length];
      System.arraycopy(derivedKey, 16, macInput, 0, 16);
      System.arraycopy(ciphertext, 0, macInput, 16, ciphertext.length);
      byte[] expected = Hash.sha3(macInput);
      Arrays.fill(macInput, (byte) 0);
      if (!MessageDigest.isEqual(expected, mac)) {
        throw new WalletException(
            "wrong password for keystore "
                + file
                + " (the MAC does not match): check --password-file / KEYMINT_KEYSTORE_PASSWORD");
      }
      plain = aes128Ctr(derivedKey, iv, ciphertext);
      ECKeyPair keyPair = PrivateKeys.keyPair(plain);
      if (keyPair == null) {
        throw fail("decrypts to a value that is not a secp256k1 private key: the file is corrupt");
      }
      checkAddress(root, keyPair);
      return keyPair;
    } finally {
      Arrays.fill(passwordBytes, (byte) 0);
      if (derivedKey != null) {
        Arrays.fill(derivedKey, (byte) 0);
      }
      if (plain != null) {
        Arrays.fill(plain, (byte) 0);
      }
    }
  }

  @FunctionalInterface
  private interface Kdf {
    byte[] derive(byte[] password);
  }

  private Kdf scrypt(JsonNode params, ScryptMemory memory) {
    long n = integer(params, "n", "crypto.kdfparams.n");
    long r = integer(params, "r", "crypto.kdfparams.r");
    long p = integer(params, "p", "crypto.kdfparams.p");
    checkDklen(params);
    if (n < 2 || n > (1L << MAX_LOG2_N) || Long.bitCount(n) != 1) {
      throw fail(
          "has crypto.kdfparams.n " + n + ": it must be a power of two from 2 to 2^" + MAX_LOG2_N);
    }
    if (r < 1 || r > MAX_R) {
      throw fail("has crypto.kdfparams.r " + r + ": it must be from 1 to " + MAX_R);
    }
    if (p < 1 || p > MAX_P) {
      throw fail("has crypto.kdfparams.p " + p + ": it must be from 1 to " + MAX_P);
    }
    if (r * p
        >= (1L << 30)) { // RFC 7914's bound; unreachable with the bounds above, kept for clarity
      throw fail("has crypto.kdfparams r·p " + (r * p) + ": it must be below 2^30");
    }
    long laneBytes = 128 * r * n;
    if (laneBytes > MAX_LANE_BYTES) {
      throw fail(
          "asks scrypt for "
              + laneBytes / ScryptMemory.MIB
              + " MiB (128·r·n with n="
              + n
              + ", r="
              + r
              + "): more than the 4096 MiB this reader allows");
    }
    long workBytes = laneBytes * p;
    if (workBytes > MAX_WORK_BYTES) {
      throw fail(
          "asks scrypt for "
              + workBytes / ScryptMemory.MIB
              + " MiB of work (p·128·r·n with n="
              + n
              + ", r="
              + r
              + ", p="
              + p
              + "): more than the 4096 MiB this reader allows (a standard keystore is 256 MiB)");
    }
    byte[] salt = hex(params, "salt", "crypto.kdfparams.salt", 1, MAX_SALT_BYTES);
    int cpus = Runtime.getRuntime().availableProcessors();
    ScryptMemory.Plan first = memory.plan((int) n, (int) r, (int) p, cpus, where);
    return password -> {
      ScryptMemory.Plan plan = first;
      while (true) {
        try {
          return Scrypt.derive(
              password,
              salt,
              (int) r,
              (int) p,
              32,
              plan.lanes,
              plan.layout,
              Scrypt.CHUNK_INTS,
              Scrypt.OFF_HEAP_INTS);
        } catch (OutOfMemoryError e) {
          // The plan is necessary, not sufficient: direct memory or the heap may be short of it
          // (other buffers, a lower -XX:MaxDirectMemorySize). The failed lane is dropped (its
          // chunks are garbage), so half of V is tried, and failing that the error reported
          // instead of letting the JVM die.
          plan = plan.smaller((int) r);
          if (plan == null) {
            throw ScryptMemory.notEnough(
                where,
                128 * r * n,
                (int) n,
                (int) r,
                (int) p,
                "the JVM could not allocate it: run java with -Xmx"
                    + ScryptMemory.suggestedXmxMib(128 * r * n)
                    + "m (or set JAVA_TOOL_OPTIONS)");
          }
        }
      }
    };
  }

  private Kdf pbkdf2(JsonNode params) {
    String prf = text(params, "prf", "crypto.kdfparams.prf");
    if (!prf.equals("hmac-sha256")) {
      throw fail(
          "uses unsupported crypto.kdfparams.prf \"" + clip(prf) + "\" (supported: hmac-sha256)");
    }
    long c = integer(params, "c", "crypto.kdfparams.c");
    if (c < 1 || c > MAX_PBKDF2_C) {
      throw fail("has crypto.kdfparams.c " + c + ": it must be from 1 to " + MAX_PBKDF2_C);
    }
    checkDklen(params);
    byte[] salt = hex(params, "salt", "crypto.kdfparams.salt", 1, MAX_SALT_BYTES);
    return password -> Scrypt.pbkdf2HmacSha256(password, salt, (int) c, 32);
  }

  private void checkDklen(JsonNode params) {
    long dklen = integer(params, "dklen", "crypto.kdfparams.dklen");
    if (dklen != 32) {
      throw fail("has crypto.kdfparams.dklen " + dklen + ": it must be 32");
    }
  }

  private void checkAddress(JsonNode root, ECKeyPair keyPair) {
    String declared = Json.text(root, "address");
    if (declared == null) {
      return;
    }
    String actual = PersonalSign.address(keyPair);
    String normalized =
        declared.startsWith("0x") || declared.startsWith("0X") ? declared.substring(2) : declared;
    if (!normalized.equalsIgnoreCase(actual.substring(2))) {
      throw fail(
          "decrypts to address "
              + actual
              + " but its address field says "
              + clip(declared)
              + ": the file was edited or is corrupt");
    }
  }

  private byte[] read() {
    return SmallFiles.read(file, MAX_FILE_BYTES, "keystore file", "--keystore");
  }

  private JsonNode parse(byte[] bytes) {
    try {
      return Json.parse(bytes);
    } catch (JsonProcessingException e) {
      // Neither Jackson's message nor the exception as cause: both quote the input, and the file
      // given as a keystore might be a password or key file by mistake.
      JsonLocation at = e.getLocation();
      String position =
          at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")";
      throw fail("is not valid JSON" + position + ": is it a Web3 Secret Storage v3 keystore?");
    }
  }

  private String text(JsonNode node, String name, String field) {
    JsonNode v = node.get(name);
    if (v == null || v.isNull()) {
      throw fail("has no " + field);
    }
    if (!v.isTextual()) {
      throw fail("has a " + field + " that is not a string");
    }
    return v.asText().toLowerCase(Locale.ROOT);
  }

  private long integer(JsonNode node, String name, String field) {
    JsonNode v = node.get(name);
    if (v == null || v.isNull()) {
      throw fail("has no " + field);
    }
    if (v.isIntegralNumber() && v.canConvertToLong()) {
      return v.asLong();
    }
    if (v.isTextual() && v.asText().matches("[0-9]{1,18}")) { // some writers quote numbers
      return Long.parseLong(v.asText());
    }
    throw fail("has a " + field + " that is not an integer");
  }

  private byte[] hex(JsonNode node, String name, String field, int minBytes, int maxBytes) {
    String s = text(node, name, field);
    if (s.startsWith("0x")) {
      s = s.substring(2);
    }
    if (s.length() % 2 != 0) {
      throw fail("has a " + field + " that is not hex (odd number of digits)");
    }
    int bytes = s.length() / 2;
    if (bytes < minBytes || bytes > maxBytes) {
      String expected = minBytes == maxBytes ? "" + minBytes : minBytes + " to " + maxBytes;
      throw fail("has a " + field + " of " + bytes + " bytes: expected " + expected);
    }
    byte[] out = new byte[bytes];
    for (int i = 0; i < bytes; i++) {
      int hi = SmallFiles.hexDigit(s.charAt(2 * i));
      int lo = SmallFiles.hexDigit(s.charAt(2 * i + 1));
      if (hi < 0 || lo < 0) {
        throw fail("has a " + field + " that is not hex");
      }
      out[i] = (byte) ((hi << 4) | lo);
    }
    return out;
  }

  /**
   * AES-128-CTR with the first half of the derived key, through BouncyCastle's engine rather than
   * {@code javax.crypto.Cipher}: the first {@code Cipher.getInstance} loads every JCA provider and
   * parses the crypto policy, ≈ 18 ms between scrypt and the signature (docs/PERFORMANCE.md). The
   * key's copy is wiped; the engine's round keys cannot be, and are left to the GC like the key
   * pair's {@code BigInteger}.
   */
  private static byte[] aes128Ctr(byte[] derivedKey, byte[] iv, byte[] ciphertext) {
    KeyParameter key = new KeyParameter(derivedKey, 0, 16);
    try {
      CTRModeCipher aes = SICBlockCipher.newInstance(AESEngine.newInstance());
      aes.init(false, new ParametersWithIV(key, iv));
      byte[] plain = new byte[ciphertext.length];
      aes.processBytes(ciphertext, 0, ciphertext.length, plain, 0);
      return plain;
    } finally {
      Arrays.fill(key.getKey(), (byte) 0);
    }
  }

  private WalletException fail(String what) {
    return new WalletException(where + " " + what);
  }

  private static String abbreviate(JsonNode v) {
    return clip(v.toString());
  }

  /** Keeps a value from a (possibly crafted) file short enough for a one-line message. */
  private static String clip(String s) {
    String oneLine = s.replaceAll("\\p{Cntrl}", "?");
    return oneLine.length() <= 40 ? oneLine : oneLine.substring(0, 40) + "…";
  }
}
