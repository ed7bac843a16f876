package io.keymint.sink;

import io.keymint.venice.ApiKey;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * Where a newly issued key's secret goes. Venice shows a secret once, so a sink is checked before
 * any key is minted ({@link #preflight()}) and written right after ({@link #write(ApiKey)}).
 *
 * <p>Implementations must be thread-safe, must never log or put the secret in an exception message,
 * and should make {@code write} atomic: a reader sees the old content or the new, never a torn
 * file. The minter retries a failing {@code write} with backoff while it keeps the secret in memory
 * (see {@link SinkSet}), so {@code write} must be safe to call again after it failed.
 *
 * <p>Built-ins come from the static factories (the CLI's {@code --sink} syntax is the CLI's own).
 * All built-ins are thread-safe: each serializes its own writes.
 *
 * <p><b>File sinks</b> ({@link #file(Path)}, {@link #envFile(Path, String)}) replace the target
 * atomically: a temp file beside it, mode 0600 set explicitly (never left to the umask), fsync,
 * {@code rename(2)}, fsync of the folder. They never create folders — a missing folder fails
 * preflight with "create it or choose another SecretSink" — and refuse a target that is a symbolic
 * link or not a regular file, because a rename would replace the link itself rather than the file
 * it points to. Symlinks among the parent folders are followed. On filesystems without POSIX
 * permissions the file inherits the folder's access rules.
 */
public interface SecretSink {

  /**
   * Checks, without writing the secret, that {@link #write} can succeed: the folder exists and is
   * writable, the store answers. Called before a key is minted.
   *
   * @throws SinkException with a message saying what to fix
   */
  void preflight();

  /**
   * Stores the key. On return the secret is durable (for file sinks: fsynced and renamed into
   * place).
   *
   * @param key the key to store, with its secret ({@link ApiKey#hasSecret()}); not null
   * @throws SinkException if it could not be stored; the caller may retry
   */
  void write(ApiKey key);

  /**
   * A human description for logs and the CLI summary, e.g. {@code file:/run/secrets/venice}. Never
   * the secret.
   *
   * @return the description, not null
   */
  String description();

  /**
   * A file holding exactly the secret and a newline, mode 0600, replaced atomically on each write.
   * See the class comment for symlink and folder rules.
   *
   * @param path the file; relative paths are resolved against the working directory now; not null
   * @return a sink described as {@code file:/absolute/path}
   */
  static ReadableSink file(Path path) {
    return new FileSink(path);
  }

  /**
   * A dotenv file in which {@code VENICE_API_KEY} is set to the secret. Same as {@link
   * #envFile(Path, String) envFile(path, "VENICE_API_KEY")}.
   *
   * @param path the file, created if absent (its folder must exist); not null
   * @return a sink described as {@code env-file:/absolute/path}
   */
  static ReadableSink envFile(Path path) {
    return new EnvFileSink(path, EnvFileSink.DEFAULT_VARIABLE);
  }

  /**
   * A dotenv file in which {@code variable} is set to the secret. Every other line — comments,
   * blank lines, other variables — is kept byte for byte. Each existing assignment of the variable
   * ({@code NAME=...} or {@code export NAME=...}) gets the new value in place, keeping its {@code
   * export} prefix and line ending; if there is none, {@code NAME=secret} is appended. The value is
   * written bare (Venice secrets are {@code [A-Za-z0-9_-]}); any other value is double-quoted with
   * {@code \ " $ `} escaped. The file is then replaced atomically with mode 0600, like {@link
   * #file(Path)}.
   *
   * <p>The read-modify-rename is serialized per sink object only: two processes (or two sink
   * objects) updating the same file at the same moment can lose one update — the last rename wins.
   *
   * @param path the file, created if absent (its folder must exist); not null
   * @param variable the variable name, {@code [A-Za-z_][A-Za-z0-9_]*}; not null
   * @return a sink described as {@code env-file:/absolute/path}
   * @throws IllegalArgumentException if {@code variable} is not a valid name
   */
  static ReadableSink envFile(Path path, String variable) {
    return new EnvFileSink(path, variable);
  }

  /**
   * Prints the secret and a newline to {@code System.out}, looked up at write time. Only for when
   * the user explicitly asked for it: the secret then lives in a terminal or pipe. A failed write
   * (for example a closed pipe) is reported as a {@link SinkException}.
   *
   * @return the stdout sink, described as {@code stdout}
   */
  static SecretSink stdout() {
    return StdoutSink.INSTANCE;
  }

  /**
   * Hands the key to {@code consumer}, for code that embeds keymint and keeps the key itself (in
   * memory, a vault, a test). Calls are serialized per sink, so the consumer need not be
   * thread-safe. A {@code RuntimeException} it throws becomes a {@link SinkException} (carrying it
   * as the cause) and the write may be retried.
   *
   * @param consumer receives the key; not null
   * @return a sink described as {@code callback}
   */
  static SecretSink callback(Consumer<ApiKey> consumer) {
    return new CallbackSink(consumer);
  }
}
