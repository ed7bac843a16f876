package io.keymint.sink;

import io.keymint.ApiKeySecret;
import io.keymint.venice.ApiKey;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * {@link SecretSink#file(Path)}: a file holding the secret and a newline, mode 0600, with its
 * metadata in {@code PATH.meta.json} (also 0600), written after the secret.
 */
final class FileSink implements ReadableSink {
  private final Path target;
  private final String description;
  private final Object lock = new Object();

  FileSink(Path target) {
    this.target = Objects.requireNonNull(target, "path").toAbsolutePath().normalize();
    this.description = "file:" + this.target;
  }

  @Override
  public void preflight() {
    SinkFiles.checkWritable(target, description);
    MetadataFile.preflight(target, description);
  }

  @Override
  public void write(ApiKey key) {
    Objects.requireNonNull(key, "key");
    synchronized (lock) {
      char[] chars = key.secret().revealChars();
      byte[] secret = null;
      byte[] content = null;
      try {
        secret = SecretBytes.utf8(chars);
        content = Arrays.copyOf(secret, secret.length + 1);
        content[secret.length] = '\n';
        SinkFiles.replace(target, content, description);
        MetadataFile.writeAfterSecret(target, key, null, null, description);
      } finally {
        Arrays.fill(chars, '\0');
        if (secret != null) {
          Arrays.fill(secret, (byte) 0);
        }
        if (content != null) {
          Arrays.fill(content, (byte) 0);
        }
      }
    }
  }

  @Override
  public Optional<StoredKey> read() {
    synchronized (lock) {
      SinkFiles.checkShape(target, description);
      byte[] bytes = null;
      CharBuffer chars = null;
      try {
        bytes = Files.readAllBytes(target);
        int end = bytes.length;
        // the sink writes one trailing newline; tolerate CRLF and blanks left by hand edits
        while (end > 0
            && (bytes[end - 1] == '\n' || bytes[end - 1] == '\r' || bytes[end - 1] == ' ')) {
          end--;
        }
        if (end == 0) {
          return Optional.empty();
        }
        chars =
            StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(bytes, 0, end));
        ApiKeySecret secret = ApiKeySecret.of(chars);
        return Optional.of(
            new StoredKey(
                secret, MetadataFile.read(target, secret.lastSix(), null, null), description));
      } catch (NoSuchFileException e) {
        return Optional.empty();
      } catch (CharacterCodingException e) {
        throw new SinkException(
            description + ": " + target + " is not UTF-8 text: is it a key file?");
      } catch (IOException e) {
        throw new SinkException(
            description + ": could not read " + target + " (" + SinkFiles.reason(e) + ")", e);
      } finally {
        if (bytes != null) {
          Arrays.fill(bytes, (byte) 0);
        }
        if (chars != null && chars.hasArray()) {
          Arrays.fill(chars.array(), '\0');
        }
      }
    }
  }

  @Override
  public Path path() {
    return target;
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
