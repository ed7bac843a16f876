package io.keymint.sink;

import io.keymint.Setting;
import io.keymint.venice.ApiKey;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.Objects;

/** {@link SecretSink#stdout()}: the secret and a newline on {@code System.out}. */
final class StdoutSink implements SecretSink {
  static final StdoutSink INSTANCE = new StdoutSink();

  private StdoutSink() {}

  @Override
  public void preflight() {
    // Nothing to check without writing: a closed pipe only shows when written to.
  }

  @Override
  public void write(ApiKey key) {
    Objects.requireNonNull(key, "key");
    // Resolved at write time so System.setOut (tests, embedding hosts) is honoured.
    PrintStream out = System.out;
    char[] chars = key.secret().revealChars();
    byte[] secret = null;
    try {
      secret = SecretBytes.utf8(chars);
      synchronized (out) {
        out.write(secret, 0, secret.length);
        out.write('\n');
        out.flush();
      }
    } finally {
      Arrays.fill(chars, '\0');
      if (secret != null) {
        Arrays.fill(secret, (byte) 0);
      }
    }
    // PrintStream swallows IOExceptions; checkError is the only way to learn the secret was lost.
    if (out.checkError()) {
      throw new SinkException(
          "stdout: writing failed (closed pipe or full disk?): choose another "
              + Setting.SINK.apiName(),
          Setting.SINK);
    }
  }

  @Override
  public String description() {
    return "stdout";
  }

  @Override
  public String toString() {
    return "stdout";
  }
}
