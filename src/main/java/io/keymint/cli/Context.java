package io.keymint.cli;

import java.io.PrintStream;

/** What a command needs from its surroundings; tests build one with a map and captured streams. */
final class Context {
  final Env env;
  final PrintStream out;
  final PrintStream err;
  final java.io.InputStream in;

  Context(Env env, PrintStream out, PrintStream err) {
    this(env, out, err, System.in);
  }

  Context(Env env, PrintStream out, PrintStream err, java.io.InputStream in) {
    this.env = env;
    this.out = out;
    this.err = err;
    this.in = in;
  }
}
