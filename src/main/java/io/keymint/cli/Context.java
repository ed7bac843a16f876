package io.keymint.cli;

import java.io.PrintStream;

/** What a command needs from its surroundings; tests build one with a map and captured streams. */
final class Context {
  final Env env;
  final PrintStream out;
  final PrintStream err;

  Context(Env env, PrintStream out, PrintStream err) {
    this.env = env;
    this.out = out;
    this.err = err;
  }
}
