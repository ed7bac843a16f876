package io.keymint.cli;

import io.keymint.sink.SecretSink;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** The {@code --sink} option, shared by every command that creates a key. */
final class SinkOptions {
  @Option(
      names = "--sink",
      paramLabel = "SPEC",
      description =
          "Where to write the secret (repeatable; all must succeed): file:PATH, env-file:PATH[#VAR], stdout.")
  List<String> specs = new ArrayList<>();

  /** The sinks, possibly none (with {@code --store} they are local copies). */
  List<SecretSink> optionalSinks(CommandSpec spec) {
    return specs.isEmpty() ? List.of() : sinks(spec);
  }

  List<SecretSink> sinks(CommandSpec spec) {
    if (specs.isEmpty()) {
      throw new ParameterException(
          spec.commandLine(),
          "no --sink given: Venice shows a key once, so say where it goes, e.g. --sink file:/run/secrets/venice-api-key");
    }
    // one stream cannot carry both the secret and a summary that scripts parse
    var json = spec.findOption("--json");
    if (specs.contains("stdout") && json != null && Boolean.TRUE.equals(json.getValue())) {
      throw new ParameterException(
          spec.commandLine(),
          "--json and --sink stdout both write to stdout: drop one, or write the key to a file");
    }
    List<SecretSink> out = new ArrayList<>();
    for (String s : specs) {
      try {
        out.add(SecretSink.parse(s));
      } catch (IllegalArgumentException e) {
        throw new ParameterException(spec.commandLine(), e.getMessage());
      }
    }
    return out;
  }
}
