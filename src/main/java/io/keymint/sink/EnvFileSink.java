package io.keymint.sink;

import io.keymint.Setting;
import io.keymint.venice.ApiKey;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * {@link SecretSink#envFile(Path, String)}: sets one variable in a dotenv file, keeping every other
 * byte of the file as it was.
 *
 * <p>The file is handled as bytes, never decoded into a {@code String}: it may hold other secrets
 * (or the previous key), and strings cannot be wiped. Every line that assigns the variable ({@code
 * NAME=...}, {@code export NAME=...}, with optional blanks) gets the new value in place, so
 * whichever assignment a loader honours — first or last — it reads the new key. The text up to and
 * including {@code =} and the line ending are kept; the rest of the line (the old value) is
 * replaced.
 */
final class EnvFileSink implements ReadableSink {
  static final String DEFAULT_VARIABLE = "VENICE_API_KEY";
  private static final Pattern VARIABLE = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  private final Path target;
  private final byte[] variable;
  private final String description;
  private final Object lock = new Object();

  EnvFileSink(Path target, String variable) {
    Objects.requireNonNull(target, "path");
    Objects.requireNonNull(variable, "variable");
    if (!isVariableName(variable)) {
      throw new IllegalArgumentException(
          "not an environment variable name: '"
              + variable
              + "' (use letters, digits and _, not starting with a digit)");
    }
    this.target = target.toAbsolutePath().normalize();
    this.variable = variable.getBytes(StandardCharsets.US_ASCII);
    this.description = "env-file:" + this.target;
  }

  static boolean isVariableName(String s) {
    return VARIABLE.matcher(s).matches();
  }

  @Override
  public void preflight() {
    SinkFiles.checkWritable(target, description);
    MetadataFile.preflight(target, description);
    checkSize();
  }

  /**
   * An env file is read whole to rewrite one line (in memory twice, plus the secret), so one past
   * this is refused before the mint rather than running out of memory after it.
   */
  static final long MAX_BYTES = 1 << 20;

  private void checkSize() {
    long size;
    try {
      size = Files.size(target);
    } catch (NoSuchFileException e) {
      return;
    } catch (IOException e) {
      throw new SinkException(
          description + ": could not read " + target + " (" + SinkFiles.reason(e) + ")", e);
    }
    if (size > MAX_BYTES) {
      throw new SinkException(
          description
              + ": "
              + target
              + " is "
              + size
              + " bytes; an env file over 1 MiB is refused (keymint rewrites it whole): trim it"
              + " or choose another "
              + Setting.SINK.apiName(),
          Setting.SINK);
    }
  }

  @Override
  public void write(ApiKey key) {
    Objects.requireNonNull(key, "key");
    synchronized (lock) {
      byte[] value = null;
      byte[] old = null;
      SecretBytes out = null;
      byte[] content = null;
      try {
        value = encodeValue(key);
        old = readExisting();
        out = new SecretBytes(old.length + value.length + variable.length + 2);
        merge(old, value, out);
        content = out.toArray();
        SinkFiles.replace(target, content, description);
        MetadataFile.writeAfterSecret(target, key, "variable", variableName(), description);
      } finally {
        wipe(value);
        wipe(old);
        wipe(content);
        if (out != null) {
          out.wipe();
        }
      }
    }
  }

  private byte[] readExisting() {
    SinkFiles.checkShape(target, description);
    checkSize();
    try {
      return Files.readAllBytes(target);
    } catch (NoSuchFileException e) {
      return new byte[0];
    } catch (IOException e) {
      throw new SinkException(
          description + ": could not read " + target + " (" + SinkFiles.reason(e) + ")", e);
    }
  }

  /** Rewrites every assignment of the variable in {@code old}, or appends one, into {@code out}. */
  void merge(byte[] old, byte[] value, SecretBytes out) {
    boolean replaced = false;
    String eol = "\n";
    boolean eolKnown = false;
    int start = 0;
    while (start < old.length) {
      int nl = indexOf(old, (byte) '\n', start);
      int end = nl < 0 ? old.length : nl; // exclusive, before '\n'
      int contentEnd = end > start && old[end - 1] == '\r' ? end - 1 : end;
      if (!eolKnown && nl >= 0) {
        // Appended lines follow the file's own line ending style, judged by its first line.
        eol = contentEnd < end ? "\r\n" : "\n";
        eolKnown = true;
      }
      int valueStart = valueStart(old, start, contentEnd);
      if (valueStart >= 0) {
        out.append(old, start, valueStart - start).append(value);
        out.append(old, contentEnd, end - contentEnd); // a '\r', if any
        replaced = true;
      } else {
        out.append(old, start, end - start);
      }
      if (nl >= 0) {
        out.append((byte) '\n');
      }
      start = end + 1;
    }
    if (!replaced) {
      if (old.length > 0 && old[old.length - 1] != '\n') {
        out.appendAscii(eol);
      }
      out.append(variable).append((byte) '=').append(value).appendAscii(eol);
    }
  }

  /**
   * Where the value starts if {@code line[from, to)} assigns the variable ({@code [blanks] [export
   * blanks] NAME [blanks] =}), else -1.
   */
  private String variableName() {
    return new String(variable, StandardCharsets.US_ASCII);
  }

  @Override
  public Optional<StoredKey> read() {
    synchronized (lock) {
      byte[] old = readExisting();
      char[] value = null;
      try {
        value = firstValue(old);
        if (value == null || value.length == 0) {
          return Optional.empty();
        }
        io.keymint.ApiKeySecret secret =
            io.keymint.ApiKeySecret.of(java.nio.CharBuffer.wrap(value));
        ApiKey meta = MetadataFile.read(target, secret.lastSix(), "variable", variableName());
        return Optional.of(new StoredKey(secret, meta, description));
      } finally {
        wipe(old);
        if (value != null) {
          Arrays.fill(value, '\0');
        }
      }
    }
  }

  /**
   * The value of the first assignment of the variable, decoded the way {@link #encodeValue} encodes
   * it (bare, or double-quoted with backslash escapes; single quotes are taken literally), or null.
   */
  char[] firstValue(byte[] b) {
    int start = 0;
    while (start < b.length) {
      int nl = indexOf(b, (byte) '\n', start);
      int end = nl < 0 ? b.length : nl;
      int contentEnd = end > start && b[end - 1] == '\r' ? end - 1 : end;
      int vs = valueStart(b, start, contentEnd);
      if (vs >= 0) {
        return decodeValue(b, skipBlanks(b, vs, contentEnd), contentEnd);
      }
      start = end + 1;
    }
    return null;
  }

  private char[] decodeValue(byte[] b, int from, int to) {
    SecretBytes raw = new SecretBytes(to - from);
    byte[] bytes = null;
    try {
      if (from < to && (b[from] == '"' || b[from] == '\'')) {
        byte quote = b[from];
        for (int i = from + 1; i < to && b[i] != quote; i++) {
          if (quote == '"' && b[i] == '\\' && i + 1 < to) {
            i++;
          }
          raw.append(b[i]);
        }
      } else {
        int end = to;
        while (end > from && isBlank(b[end - 1])) {
          end--;
        }
        raw.append(b, from, end - from);
      }
      bytes = raw.toArray();
      java.nio.CharBuffer chars = StandardCharsets.UTF_8.decode(java.nio.ByteBuffer.wrap(bytes));
      char[] out = Arrays.copyOf(chars.array(), chars.limit());
      Arrays.fill(chars.array(), '\0');
      return out;
    } finally {
      raw.wipe();
      wipe(bytes);
    }
  }

  @Override
  public Path path() {
    return target;
  }

  private int valueStart(byte[] b, int from, int to) {
    int i = skipBlanks(b, from, to);
    if (startsWith(b, i, to, EXPORT) && i + EXPORT.length < to && isBlank(b[i + EXPORT.length])) {
      i = skipBlanks(b, i + EXPORT.length, to);
    }
    if (!startsWith(b, i, to, variable)) {
      return -1;
    }
    i = skipBlanks(b, i + variable.length, to);
    return i < to && b[i] == '=' ? i + 1 : -1;
  }

  private static final byte[] EXPORT = "export".getBytes(StandardCharsets.US_ASCII);

  private static int skipBlanks(byte[] b, int i, int to) {
    while (i < to && isBlank(b[i])) {
      i++;
    }
    return i;
  }

  private static boolean isBlank(byte c) {
    return c == ' ' || c == '\t';
  }

  private static boolean startsWith(byte[] b, int i, int to, byte[] prefix) {
    if (to - i < prefix.length) {
      return false;
    }
    for (int k = 0; k < prefix.length; k++) {
      if (b[i + k] != prefix[k]) {
        return false;
      }
    }
    return true;
  }

  private static int indexOf(byte[] b, byte c, int from) {
    for (int i = from; i < b.length; i++) {
      if (b[i] == c) {
        return i;
      }
    }
    return -1;
  }

  /**
   * The value as it goes after {@code =}: bare when every character is {@code [A-Za-z0-9_-]} (all
   * Venice secrets), else in double quotes with {@code \ " $ `} backslash-escaped so that both
   * dotenv loaders and a POSIX shell ({@code set -a; . file}) read the same text.
   */
  byte[] encodeValue(ApiKey key) {
    char[] chars = key.secret().revealChars();
    char[] quoted = null;
    try {
      boolean bare = true;
      int extra = 0;
      for (char c : chars) {
        if (c < 0x20 || c == 0x7f) {
          // A newline or other control character cannot round-trip through every dotenv dialect.
          throw new SinkException(
              description
                  + ": the secret contains a control character, which an env file cannot hold"
                  + " reliably: use a file: sink");
        }
        if (!isBareChar(c)) {
          bare = false;
        }
        if (c == '\\' || c == '"' || c == '$' || c == '`') {
          extra++;
        }
      }
      if (bare) {
        return SecretBytes.utf8(chars);
      }
      quoted = new char[chars.length + extra + 2];
      int j = 0;
      quoted[j++] = '"';
      for (char c : chars) {
        if (c == '\\' || c == '"' || c == '$' || c == '`') {
          quoted[j++] = '\\';
        }
        quoted[j++] = c;
      }
      quoted[j] = '"';
      return SecretBytes.utf8(quoted);
    } finally {
      Arrays.fill(chars, '\0');
      if (quoted != null) {
        Arrays.fill(quoted, '\0');
      }
    }
  }

  private static boolean isBareChar(char c) {
    return (c >= 'A' && c <= 'Z')
        || (c >= 'a' && c <= 'z')
        || (c >= '0' && c <= '9')
        || c == '_'
        || c == '-';
  }

  private static void wipe(byte[] b) {
    if (b != null) {
      Arrays.fill(b, (byte) 0);
    }
  }

  @Override
  public String description() {
    return description;
  }

  @Override
  public String toString() {
    return description;
  }
}
