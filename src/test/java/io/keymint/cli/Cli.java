package io.keymint.cli;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.keymint.testing.JavaProcess;
import io.keymint.testing.LeakWatch;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;

/**
 * Runs keymint's {@code Main} in this JVM, as every in-process CLI test does: the arguments and an
 * environment map in, the exit code and both outputs back. Both outputs go to the leak sweep
 * ({@link LeakWatch#record}), so no run can print a secret unseen.
 */
final class Cli {
  private Cli() {}

  /** Runs {@code keymint args…} with {@code env} as its whole environment. */
  static CliResult run(Map<String, String> env, String... args) {
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    ByteArrayOutputStream e = new ByteArrayOutputStream();
    int code =
        Main.run(args, env, new PrintStream(o, true, UTF_8), new PrintStream(e, true, UTF_8));
    CliResult result = new CliResult(code, o.toString(UTF_8), e.toString(UTF_8));
    LeakWatch.record(result.out());
    LeakWatch.record(result.err());
    return result;
  }

  /**
   * Runs {@code keymint args…} in a child JVM on the test classpath, in this folder, with {@code
   * env} over this JVM's environment less anything secret ({@link JavaProcess}); its output goes to
   * the leak sweep.
   */
  static JavaProcess.Result inChildJvm(Map<String, String> env, String... args) {
    return JavaProcess.run(Path.of("").toAbsolutePath(), env, Main.class.getName(), args);
  }
}
