package io.keymint.sink;

import java.nio.file.Path;

/**
 * Run in a child JVM by {@code FileSinkTest} under a chosen umask (the JVM cannot change its own):
 * writes {@link SinkFixtures#SECRET} with {@code SecretSink.file(args[0])} or {@code envFile} when
 * {@code args[1]} is {@code env}.
 */
public final class UmaskProbeMain {
  private UmaskProbeMain() {}

  public static void main(String[] args) {
    Path target = Path.of(args[0]);
    SecretSink sink =
        args.length > 1 && args[1].equals("env")
            ? SecretSink.envFile(target)
            : SecretSink.file(target);
    sink.preflight();
    sink.write(SinkFixtures.key());
  }
}
