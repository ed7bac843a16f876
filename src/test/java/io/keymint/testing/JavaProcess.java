package io.keymint.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs a main class in a child JVM on the test classpath, with the environment it is given (and
 * nothing secret inherited), and hands everything it printed to {@link LeakWatch}.
 */
public final class JavaProcess {
  /**
   * Options for short-lived keymint children that many start at once (a fleet): a small heap, C1
   * only, the serial GC, class-data sharing when the JDK has its archive — they start fastest.
   */
  public static final List<String> SHORT_LIVED =
      List.of("-Xmx256m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xshare:auto");

  private JavaProcess() {}

  /** What a finished child did. */
  public static final class Result {
    public final int exitCode;
    public final String stdout;
    public final String stderr;

    Result(int exitCode, String stdout, String stderr) {
      this.exitCode = exitCode;
      this.stdout = stdout;
      this.stderr = stderr;
    }

    @Override
    public String toString() {
      return "exit " + exitCode + "\n--- stdout\n" + stdout + "\n--- stderr\n" + stderr;
    }
  }

  public static Process start(
      Path workDir,
      Map<String, String> env,
      List<String> jvmArgs,
      String mainClass,
      String... args) {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(jvmArgs);
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(mainClass);
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(workDir.toFile());
    Map<String, String> e = pb.environment();
    e.keySet()
        .removeIf(
            k -> k.startsWith("VENICE_") || k.startsWith("KEYMINT_") || k.equals("WALLET_KEY"));
    e.putAll(env);
    try {
      return pb.start();
    } catch (IOException ex) {
      throw new UncheckedIOException(ex);
    }
  }

  /** Runs to completion (at most two minutes) and returns what it printed. */
  public static Result run(
      Path workDir, Map<String, String> env, String mainClass, String... args) {
    Process p = start(workDir, env, List.of("-Xmx512m"), mainClass, args);
    return finish(p);
  }

  public static Result finish(Process p) {
    CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> read(p.getInputStream()));
    CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(p.getErrorStream()));
    try {
      if (!p.waitFor(2, TimeUnit.MINUTES)) {
        p.destroyForcibly();
        throw new AssertionError("child JVM did not finish in 2 minutes");
      }
      Result r = new Result(p.exitValue(), out.get(), err.get());
      LeakWatch.record(r.stdout);
      LeakWatch.record(r.stderr);
      return r;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    } catch (java.util.concurrent.ExecutionException e) {
      throw new AssertionError(e);
    }
  }

  private static String read(InputStream in) {
    try (in) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
