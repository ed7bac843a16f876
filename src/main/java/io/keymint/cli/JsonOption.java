package io.keymint.cli;

import picocli.CommandLine.Option;

/** {@code --json}: the summary as JSON on stdout, never the secret. */
final class JsonOption {
  @Option(names = "--json", description = "Print a JSON summary (no secret) on stdout.")
  boolean json;
}
