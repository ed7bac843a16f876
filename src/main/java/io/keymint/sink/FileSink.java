package io.keymint.sink;

import io.keymint.venice.IssuedKey;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Objects;

/** {@link SecretSink#file(Path)}: a file holding the secret and a newline, mode 0600. */
final class FileSink implements SecretSink {
  private final Path target;
  private final String description;
  private final Object lock = new Object();

  FileSink(Path target) {
    this.target = Objects.requireNonNull(target, "path").toAbsolutePath().normalize();
    this.description = "file:" + this.target;
  }

  @Override
  public void preflight() {
    AtomicFiles.checkWritable(target, description);
  }

  @Override
  public void write(IssuedKey key) {
    Objects.requireNonNull(key, "key");
    synchronized (lock) {
      char[] chars = key.secret().revealChars();
      byte[] secret = null;
      byte[] content = null;
      try {
        secret = SecretBytes.utf8(chars);
        content = Arrays.copyOf(secret, secret.length + 1);
        content[secret.length] = '\n';
        AtomicFiles.replace(target, content, description);
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
  public String description() {
    return description;
  }

  @Override
  public String toString() {
    return description;
  }
}
