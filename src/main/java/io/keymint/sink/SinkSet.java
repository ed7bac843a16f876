package io.keymint.sink;

import io.keymint.venice.ApiKey;
import io.keymint.venice.RetryPolicy;
import io.keymint.venice.Sleeper;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The sinks of one mint, checked together before minting and written together after. All must
 * succeed.
 *
 * <p>{@link #write(ApiKey)} writes to every sink in the given order. A sink that fails does not
 * stop the others: the secret should land in as many places as it can. Failed sinks are retried in
 * rounds with jittered exponential backoff ({@link RetryPolicy#halfJitter}) — by default 5
 * attempts, steps of 200 ms doubling, capped at 5 s, each wait between half a step and a step —
 * while the secret stays in memory, the way Vault Agent's sinks retry. The jitter keeps processes
 * that share a sink (and failed together) from retrying in lock-step. If some sinks still fail, a
 * {@link SinkWriteException} says which, and carries the key so the caller can save it elsewhere.
 *
 * <p>Immutable and thread-safe; each built-in sink serializes its own writes.
 */
public final class SinkSet {

  private final List<SecretSink> sinks;

  /** The default waits between write rounds. */
  static final RetryPolicy DEFAULT_RETRY =
      RetryPolicy.halfJitter(Duration.ofMillis(200), Duration.ofSeconds(5));

  private final int maxAttempts;
  private final RetryPolicy retry;
  private final Sleeper sleeper;

  private SinkSet(List<SecretSink> sinks, int maxAttempts, RetryPolicy retry, Sleeper sleeper) {
    this.sinks = sinks;
    this.maxAttempts = maxAttempts;
    this.retry = retry;
    this.sleeper = sleeper;
  }

  /**
   * A set of sinks with the default retry policy (5 attempts, steps of 200 ms doubling, capped at 5
   * s, half-jittered).
   *
   * @param sinks the sinks, written in this order; not null, not empty, no null elements
   * @return the set
   * @throws IllegalArgumentException if {@code sinks} is empty
   * @throws NullPointerException if {@code sinks} or an element is null
   */
  public static SinkSet of(List<? extends SecretSink> sinks) {
    List<SecretSink> copy = List.copyOf(sinks);
    if (copy.isEmpty()) {
      throw new IllegalArgumentException(
          "at least one sink is needed: a minted key must go somewhere");
    }
    java.util.Map<Path, String> files = new java.util.HashMap<>();
    for (SecretSink s : copy) {
      if (s instanceof ReadableSink) {
        Path real = realPath(((ReadableSink) s).path());
        String other = files.putIfAbsent(real, s.description());
        if (other != null) {
          throw new IllegalArgumentException(
              other
                  + " and "
                  + s.description()
                  + " are the same file ("
                  + real
                  + "): one file cannot hold both; give each sink its own file");
        }
      }
    }
    return new SinkSet(copy, 5, DEFAULT_RETRY, Sleeper.SYSTEM);
  }

  /**
   * A copy with another retry policy: the wait before retry round {@code n} (1-based) is between
   * half and all of {@code initialDelay * 2^(n-1)}, at most {@code maxDelay} ({@link
   * RetryPolicy#halfJitter}).
   *
   * @param maxAttempts attempts per sink including the first, at least 1
   * @param initialDelay the first backoff step, not negative; not null
   * @param maxDelay cap on any one step, not negative; not null
   * @return the new set
   * @throws IllegalArgumentException if a value is out of range
   */
  public SinkSet withRetry(int maxAttempts, Duration initialDelay, Duration maxDelay) {
    return withRetry(maxAttempts, RetryPolicy.halfJitter(initialDelay, maxDelay));
  }

  /**
   * A copy with {@code maxAttempts} per sink that waits between rounds as {@code policy} says.
   *
   * @param maxAttempts attempts per sink including the first, at least 1
   * @param policy the waits; not null
   * @return the new set
   * @throws IllegalArgumentException if {@code maxAttempts} is below 1
   */
  public SinkSet withRetry(int maxAttempts, RetryPolicy policy) {
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be at least 1, was " + maxAttempts);
    }
    return new SinkSet(sinks, maxAttempts, Objects.requireNonNull(policy, "policy"), sleeper);
  }

  /** A copy that waits between retry rounds with {@code sleeper} (tests pass one that records). */
  public SinkSet withSleeper(Sleeper sleeper) {
    return new SinkSet(sinks, maxAttempts, retry, Objects.requireNonNull(sleeper));
  }

  /**
   * The sinks, in write order.
   *
   * @return an immutable list
   */
  public List<SecretSink> sinks() {
    return sinks;
  }

  /**
   * Runs every sink's {@link SecretSink#preflight()}, all of them even after a failure, so that one
   * run shows everything to fix. Call it before minting.
   *
   * @throws SinkException listing each sink that is not ready and why; each failure is attached as
   *     a suppressed exception
   */
  public void preflight() {
    List<String> problems = new ArrayList<>();
    List<RuntimeException> causes = new ArrayList<>();
    for (SecretSink sink : sinks) {
      try {
        sink.preflight();
      } catch (RuntimeException e) {
        problems.add(describe(sink, e.getMessage(), e));
        causes.add(e);
      }
    }
    if (problems.isEmpty()) {
      return;
    }
    String head =
        sinks.size() == 1
            ? "sink not ready: "
            : problems.size() + " of " + sinks.size() + " sinks not ready: ";
    SinkException failure = new SinkException(head + String.join("; ", problems));
    causes.forEach(failure::addSuppressed);
    throw failure;
  }

  /**
   * Writes the key to every sink, retrying failed ones with backoff. Blocks for the backoff delays
   * (about 3 s in total with the defaults). If the thread is interrupted while waiting, retries
   * stop, the interrupt flag is kept and the failure is reported as below.
   *
   * @param key the key to store; not null
   * @throws SinkWriteException if some sink still fails; it names the failed and the successful
   *     sinks and carries {@code key}. Its message never contains the secret.
   */
  public void write(ApiKey key) {
    Objects.requireNonNull(key, "key");
    int n = sinks.size();
    boolean[] stored = new boolean[n];
    RuntimeException[] lastFailure = new RuntimeException[n];
    int attempt = 1;
    boolean interrupted = false;
    while (true) {
      boolean pending = false;
      for (int i = 0; i < n; i++) {
        if (stored[i]) {
          continue;
        }
        try {
          sinks.get(i).write(key);
          stored[i] = true;
          lastFailure[i] = null;
        } catch (RuntimeException e) {
          // Any exception, not only SinkException: a buggy custom sink must not cost the key.
          lastFailure[i] = e;
          pending = true;
        }
      }
      if (!pending) {
        return;
      }
      if (attempt >= maxAttempts) {
        break;
      }
      try {
        sleeper.sleep(delayBefore(attempt));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        interrupted = true;
        break;
      }
      attempt++;
    }
    throw writeFailure(key, stored, lastFailure, attempt, interrupted);
  }

  /** The file a sink path ends in: its folder's real path, and the link's target for a link. */
  private static Path realPath(Path p) {
    Path abs = p.toAbsolutePath().normalize();
    try {
      return abs.toRealPath();
    } catch (java.io.IOException absent) {
      Path dir = abs.getParent();
      try {
        return dir == null ? abs : dir.toRealPath().resolve(abs.getFileName());
      } catch (java.io.IOException noFolder) {
        return abs; // the preflight says the folder is missing
      }
    }
  }

  /** The wait before retry round {@code round} (1-based), by the retry policy. */
  Duration delayBefore(int round) {
    return retry.sleepTime(round - 1);
  }

  private SinkWriteException writeFailure(
      ApiKey key,
      boolean[] stored,
      RuntimeException[] lastFailure,
      int attempts,
      boolean interrupted) {
    char[] secret = secretOrEmpty(key);
    try {
      List<String> failed = new ArrayList<>();
      List<String> ok = new ArrayList<>();
      List<String> reasons = new ArrayList<>();
      List<Throwable> suppressed = new ArrayList<>();
      for (int i = 0; i < sinks.size(); i++) {
        SecretSink sink = sinks.get(i);
        String desc = safeDescription(sink, secret);
        if (stored[i]) {
          ok.add(desc);
          continue;
        }
        failed.add(desc);
        RuntimeException e = lastFailure[i];
        if (secret.length == 0 || mentions(e, secret)) {
          // Never echo text that contains the secret, even from a careless custom sink.
          String withheld =
              e.getClass().getName() + " (message withheld: it may contain the secret)";
          reasons.add(desc + ": " + withheld);
          suppressed.add(new SinkException(desc + ": failed with " + withheld));
        } else {
          reasons.add(describe(sink, e.getMessage(), e));
          suppressed.add(e);
        }
      }
      StringBuilder m = new StringBuilder();
      m.append("key ")
          .append(key.id())
          .append(" (ends ")
          .append(key.secret().lastSix())
          .append(") was minted but is NOT stored in ")
          .append(String.join("; ", reasons))
          .append(interrupted ? " (interrupted after " : " (after ")
          .append(attempts)
          .append(attempts == 1 ? " attempt)" : " attempts)");
      if (!ok.isEmpty()) {
        m.append("; it is stored in ").append(String.join(", ", ok));
      }
      m.append(": save it from SinkWriteException.key() or revoke key ").append(key.id());
      SinkWriteException failure = new SinkWriteException(m.toString(), key, failed, ok);
      suppressed.forEach(failure::addSuppressed);
      return failure;
    } finally {
      Arrays.fill(secret, '\0');
    }
  }

  private static char[] secretOrEmpty(ApiKey key) {
    try {
      return key.secret().revealChars();
    } catch (IllegalStateException destroyed) {
      // Cannot check messages against a destroyed secret: every message gets withheld.
      return new char[0];
    }
  }

  private static String safeDescription(SecretSink sink, char[] secret) {
    String d = sink.description();
    return d == null || secret.length == 0 || indexOf(d, secret) >= 0
        ? sink.getClass().getName()
        : d;
  }

  /** "desc: reason", without repeating the description if the message already starts with it. */
  private static String describe(SecretSink sink, String message, RuntimeException e) {
    String desc = sink.description();
    if (message == null || message.isBlank()) {
      return desc + ": " + e.getClass().getName();
    }
    return message.startsWith(desc + ":") ? message : desc + ": " + message;
  }

  /** Whether the secret appears in the text of {@code t}, its causes or suppressed exceptions. */
  static boolean mentions(Throwable t, char[] secret) {
    Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    List<Throwable> todo = new ArrayList<>();
    todo.add(t);
    while (!todo.isEmpty()) {
      Throwable x = todo.remove(todo.size() - 1);
      if (x == null || !seen.add(x)) {
        continue;
      }
      String text = String.valueOf(x) + '\n' + x.getMessage() + '\n' + x.getLocalizedMessage();
      if (indexOf(text, secret) >= 0) {
        return true;
      }
      todo.add(x.getCause());
      todo.addAll(Arrays.asList(x.getSuppressed()));
    }
    return false;
  }

  private static int indexOf(CharSequence hay, char[] needle) {
    outer:
    for (int i = 0; i + needle.length <= hay.length(); i++) {
      for (int k = 0; k < needle.length; k++) {
        if (hay.charAt(i + k) != needle[k]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  /**
   * The sinks' descriptions, comma separated.
   *
   * @return e.g. {@code SinkSet[file:/run/secrets/venice, stdout]}
   */
  @Override
  public String toString() {
    List<String> d = new ArrayList<>();
    sinks.forEach(s -> d.add(s.description()));
    return "SinkSet" + d;
  }
}
