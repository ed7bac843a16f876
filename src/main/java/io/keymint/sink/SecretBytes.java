package io.keymint.sink;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A growable byte buffer for content that holds a secret. Unlike {@code ByteArrayOutputStream} it
 * wipes every array it outgrows and the final one on {@link #wipe()}, so no copy of the secret is
 * left for the garbage collector to keep around. Not thread-safe; used inside one write.
 */
final class SecretBytes {
  private byte[] buf;
  private int size;

  SecretBytes(int capacity) {
    buf = new byte[Math.max(16, capacity)];
  }

  SecretBytes append(byte[] b) {
    return append(b, 0, b.length);
  }

  SecretBytes append(byte[] b, int off, int len) {
    ensure(len);
    System.arraycopy(b, off, buf, size, len);
    size += len;
    return this;
  }

  SecretBytes append(byte b) {
    ensure(1);
    buf[size++] = b;
    return this;
  }

  SecretBytes appendAscii(String s) {
    for (int i = 0; i < s.length(); i++) {
      append((byte) s.charAt(i));
    }
    return this;
  }

  /** An exact-size copy; the caller wipes it. */
  byte[] toArray() {
    return Arrays.copyOf(buf, size);
  }

  void wipe() {
    Arrays.fill(buf, (byte) 0);
    size = 0;
  }

  private void ensure(int extra) {
    if (size + extra > buf.length) {
      byte[] bigger = Arrays.copyOf(buf, Math.max(buf.length * 2, size + extra));
      Arrays.fill(buf, (byte) 0);
      buf = bigger;
    }
  }

  /**
   * UTF-8 bytes of {@code chars}, without going through a {@code String}. The encoder's working
   * buffer is wiped; the caller wipes the result and {@code chars}.
   */
  static byte[] utf8(char[] chars) {
    ByteBuffer encoded;
    try {
      encoded =
          StandardCharsets.UTF_8
              .newEncoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .encode(CharBuffer.wrap(chars));
    } catch (CharacterCodingException e) {
      // Message deliberately without the input: it is the secret.
      throw new SinkException("the secret is not valid UTF-16 text and cannot be stored");
    }
    byte[] out = Arrays.copyOf(encoded.array(), encoded.limit());
    Arrays.fill(encoded.array(), (byte) 0);
    return out;
  }
}
