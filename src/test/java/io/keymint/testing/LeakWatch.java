package io.keymint.testing;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.extension.Extension;

/**
 * Watches everything the test JVM prints — System.out, System.err (where slf4j-simple logs), and
 * the output of child processes that tests hand in with {@link #record} — and remembers every
 * secret and private key the run used. {@code LeakSweepTest}, which runs last, asserts that none of
 * them was ever printed. A test that asks for the stdout sink captures System.out itself, so what
 * it asked for does not count.
 *
 * <p>Registered for every test class by JUnit's extension auto-detection; loading it installs the
 * tee.
 */
public final class LeakWatch implements Extension {
  private static final ByteArrayOutputStream seen = new ByteArrayOutputStream();
  private static final Set<String> secrets = ConcurrentHashMap.newKeySet();
  private static final List<String> captures = new CopyOnWriteArrayList<>();

  static {
    System.setOut(tee(System.out));
    System.setErr(tee(System.err));
    secret(TestKeys.VECTOR_PRIVATE_KEY);
    secret(TestKeys.LIGHT_PRIVATE_KEY);
    secret(TestKeys.STANDARD_PRIVATE_KEY);
    secret(TestKeys.SPEC_VECTOR_PRIVATE_KEY);
    secret(TestKeys.ETHERS_VECTOR_PRIVATE_KEY);
    secret(TestKeys.MNEMONIC);
  }

  private static PrintStream tee(PrintStream original) {
    return new PrintStream(
        new OutputStream() {
          @Override
          public void write(int b) {
            original.write(b);
            synchronized (seen) {
              seen.write(b);
            }
          }

          @Override
          public void write(byte[] b, int off, int len) {
            original.write(b, off, len);
            synchronized (seen) {
              seen.write(b, off, len);
            }
          }

          @Override
          public void flush() {
            original.flush();
          }
        },
        true,
        StandardCharsets.UTF_8);
  }

  /** Remembers a secret (API key) or private key (with or without 0x) to sweep for. */
  public static void secret(String value) {
    if (value == null || value.length() < 16) {
      return;
    }
    secrets.add(value);
    if (value.startsWith("0x")) {
      secrets.add(value.substring(2));
    }
  }

  public static void secrets(Collection<String> values) {
    values.forEach(LeakWatch::secret);
  }

  /** Adds output captured elsewhere (a child process, a captured stream) to what is swept. */
  public static void record(String output) {
    byte[] b = output.getBytes(StandardCharsets.UTF_8);
    synchronized (seen) {
      seen.write(b, 0, b.length);
    }
  }

  /** A test action that may throw, as JUnit's test methods may. */
  @FunctionalInterface
  public interface Action {
    void run() throws Exception;
  }

  /**
   * Runs {@code action} with System.out captured instead of printed, and returns what it printed.
   * The capture is swept at the end of the run like everything else, less the lines that are a
   * secret alone — what the stdout sink prints when a test asked for it. A secret anywhere else in
   * those lines (a log line, a summary) is still a leak. This is the only way a test may swap
   * System.out: {@code LeakSweepTest} fails on a test source that calls {@code System.setOut}
   * itself, since what it printed would never be swept.
   */
  public static String captureStdout(Action action) {
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    try {
      withStdout(new PrintStream(captured, true, StandardCharsets.UTF_8), action);
    } finally {
      captures.add(captured.toString(StandardCharsets.UTF_8));
    }
    return captured.toString(StandardCharsets.UTF_8);
  }

  /**
   * Runs {@code action} with System.out replaced by {@code replacement} (a broken stream, say),
   * then puts the watched stream back. Whatever reaches {@code replacement} is not swept: use
   * {@link #captureStdout} for output a test reads.
   */
  public static void withStdout(PrintStream replacement, Action action) {
    PrintStream original = System.out;
    System.setOut(replacement);
    try {
      action.run();
    } catch (RuntimeException | Error e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    } finally {
      System.setOut(original);
    }
  }

  /** Everything {@link #captureStdout} captured, less the lines that are one secret alone. */
  static String capturedLessAskedFor() {
    StringBuilder swept = new StringBuilder();
    for (String capture : captures) {
      for (String line : capture.split("\n", -1)) {
        if (!secrets.contains(line.strip())) {
          swept.append(line).append('\n');
        }
      }
    }
    return swept.toString();
  }

  static int captureCount() {
    return captures.size();
  }

  static String everythingSeen() {
    synchronized (seen) {
      return seen.toString(StandardCharsets.UTF_8);
    }
  }

  static Set<String> allSecrets() {
    return Set.copyOf(secrets);
  }
}
