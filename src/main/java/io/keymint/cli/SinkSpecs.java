package io.keymint.cli;

import io.keymint.sink.SecretSink;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.regex.Pattern;

/** The {@code --sink} syntax: the CLI's, so it lives here and not in the sink API. */
final class SinkSpecs {
  private static final Pattern VARIABLE = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
  private static final String FORMS =
      "use file:PATH, env-file:PATH, env-file:PATH#VARIABLE or stdout";

  private SinkSpecs() {}

  /**
   * Reads one {@code --sink} value:
   *
   * <ul>
   *   <li>{@code file:PATH} — {@link SecretSink#file(Path)};
   *   <li>{@code env-file:PATH} — {@link SecretSink#envFile(Path)}, variable {@code
   *       VENICE_API_KEY};
   *   <li>{@code env-file:PATH#VAR} — {@link SecretSink#envFile(Path, String)}: the text after the
   *       last {@code #} is the variable name (to name a path that itself contains {@code #}, add
   *       {@code #VENICE_API_KEY});
   *   <li>{@code stdout} — {@link SecretSink#stdout()}.
   * </ul>
   *
   * Relative paths are resolved against the working directory; {@code ~} is not expanded (that is
   * the shell's job).
   *
   * @throws IllegalArgumentException for anything else, with a one-line message listing the forms
   */
  static SecretSink parse(String spec) {
    Objects.requireNonNull(spec, "spec");
    if (spec.equals("stdout")) {
      return SecretSink.stdout();
    }
    try {
      if (spec.startsWith("file:") && spec.length() > "file:".length()) {
        return SecretSink.file(Path.of(spec.substring("file:".length())));
      }
      if (spec.startsWith("env-file:") && spec.length() > "env-file:".length()) {
        String rest = spec.substring("env-file:".length());
        int hash = rest.lastIndexOf('#');
        if (hash < 0) {
          return SecretSink.envFile(Path.of(rest));
        }
        String path = rest.substring(0, hash);
        String variable = rest.substring(hash + 1);
        if (path.isEmpty() || !VARIABLE.matcher(variable).matches()) {
          throw new IllegalArgumentException(
              "bad --sink '"
                  + spec
                  + "': after # comes a variable name like VENICE_API_KEY; "
                  + FORMS);
        }
        return SecretSink.envFile(Path.of(path), variable);
      }
    } catch (InvalidPathException e) {
      throw new IllegalArgumentException(
          "bad --sink '" + spec + "': not a valid path (" + e.getReason() + "); " + FORMS, e);
    }
    throw new IllegalArgumentException("unknown --sink '" + spec + "': " + FORMS);
  }
}
