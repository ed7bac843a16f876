package io.keymint.wallet;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.text.Normalizer;
import java.util.Arrays;
import java.util.Objects;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The password of a keystore file. It is normalised to Unicode NFKC before use, as ethers does, so
 * a password typed on another system (composed or decomposed accents, ligatures) still opens the
 * file. Never printed: {@code toString} names the source only.
 *
 * <p>A password may be used any number of times: a {@link WalletSource} can be unlocked more than
 * once. {@link #fromFile} and {@link #fromEnv} read the file or variable anew at each unlock, and
 * every copy made for an unlock is wiped right after it. {@link #of} keeps its own copy of the
 * characters for as long as this object lives (it cannot re-read them from anywhere else); drop the
 * object when the wallet is unlocked.
 *
 * <p>Immutable and thread-safe.
 */
public final class KeystorePassword {
  private static final Logger log = LoggerFactory.getLogger(KeystorePassword.class);

  private final String description;
  private final Reader reader;

  /** Yields a fresh copy of the password that the caller wipes. */
  @FunctionalInterface
  interface Reader {
    char[] read();
  }

  private KeystorePassword(String description, Reader reader) {
    this.description = description;
    this.reader = reader;
  }

  /**
   * The content of {@code file} (UTF-8), less one trailing newline ({@code \n} or {@code \r\n}), as
   * {@code echo secret > file} and Kubernetes secret mounts leave one. The file is read at each
   * unlock.
   *
   * @throws NullPointerException if {@code file} is null
   */
  public static KeystorePassword fromFile(Path file) {
    Objects.requireNonNull(file, "file");
    return new KeystorePassword("password file " + file, () -> readFile(file));
  }

  /**
   * The value of environment variable {@code name}, read at each unlock. An unset or empty variable
   * fails the unlock with a {@link WalletException} naming the variable (use {@link #of} for a
   * deliberately empty password). The JVM holds environment values as immutable strings, which
   * cannot be wiped.
   *
   * @throws NullPointerException if {@code name} is null
   */
  public static KeystorePassword fromEnv(String name) {
    return fromEnv(name, System::getenv);
  }

  /**
   * The value of variable {@code name} as {@code env} resolves it (a map in tests, a custom secret
   * resolver), read at each unlock.
   */
  public static KeystorePassword fromEnv(String name, Function<String, String> env) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(env, "env");
    return new KeystorePassword(
        "environment variable " + name,
        () -> {
          String value = env.apply(name);
          if (value == null || value.isEmpty()) {
            throw new WalletException(
                "environment variable "
                    + name
                    + " is not set (or is empty): export the keystore password or use --password-file");
          }
          return value.toCharArray();
        });
  }

  /**
   * The given characters. The array is copied, so the caller may wipe its own right away; the copy
   * lives as long as this object (see the class comment).
   *
   * @throws NullPointerException if {@code password} is null
   */
  public static KeystorePassword of(char[] password) {
    char[] copy = Objects.requireNonNull(password, "password").clone();
    return new KeystorePassword("given password", copy::clone);
  }

  /** A fresh copy of the password; the caller wipes it. */
  char[] read() {
    return reader.read();
  }

  /** Where the password comes from, e.g. {@code password file /run/secrets/pw}. */
  String description() {
    return description;
  }

  /** Names the source of the password, never the password. */
  @Override
  public String toString() {
    return "KeystorePassword[" + description + "]";
  }

  /**
   * The UTF-8 bytes of the NFKC form of {@code password}, the bytes keystores are derived from.
   * When the password is already NFKC (every ASCII password is) no {@code String} is made, so
   * nothing unwipeable holds it; otherwise {@link Normalizer} returns one, which we cannot wipe. An
   * ASCII password is not even checked: ASCII is NFKC already, and the check loads the JDK's ICU
   * normalisation data (≈ 10 ms of a cold start).
   */
  static byte[] nfkcUtf8(char[] password) {
    CharBuffer chars = CharBuffer.wrap(password);
    char[] normalized =
        isAscii(password) || Normalizer.isNormalized(chars, Normalizer.Form.NFKC)
            ? password
            : Normalizer.normalize(chars, Normalizer.Form.NFKC).toCharArray();
    try {
      ByteBuffer encoded = StandardCharsets.UTF_8.encode(CharBuffer.wrap(normalized));
      byte[] out = new byte[encoded.remaining()];
      encoded.get(out);
      Arrays.fill(encoded.array(), (byte) 0);
      return out;
    } finally {
      if (normalized != password) {
        Arrays.fill(normalized, '\0');
      }
    }
  }

  private static boolean isAscii(char[] chars) {
    for (char c : chars) {
      if (c >= 0x80) {
        return false;
      }
    }
    return true;
  }

  /** A password file is one line; anything this large is not one. */
  static final long MAX_FILE_BYTES = 64 * 1024;

  private static char[] readFile(Path file) {
    byte[] bytes = SmallFiles.read(file, MAX_FILE_BYTES, "password file", "--password-file");
    try {
      CharsetDecoder decoder =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT);
      CharBuffer decoded = decoder.decode(ByteBuffer.wrap(bytes));
      int start = 0;
      if (decoded.limit() > 0 && decoded.get(0) == '\uFEFF') {
        // editors on Windows write a byte-order mark; it is never part of a password
        start = 1;
        log.debug("password file {} starts with a UTF-8 byte-order mark: ignored", file);
      }
      int end = decoded.limit();
      if (end > 0 && decoded.get(end - 1) == '\n') {
        end--;
        if (end > 0 && decoded.get(end - 1) == '\r') {
          end--;
        }
      }
      char[] out = new char[Math.max(0, end - start)];
      decoded.get(start, out, 0, out.length);
      Arrays.fill(decoded.array(), '\0');
      return out;
    } catch (CharacterCodingException e) {
      throw new WalletException("password file " + file + " is not valid UTF-8 text");
    } finally {
      Arrays.fill(bytes, (byte) 0);
    }
  }
}
