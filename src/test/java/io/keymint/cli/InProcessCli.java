package io.keymint.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.keymint.emulator.VeniceEmulator;
import io.keymint.testing.Emulators;
import io.keymint.testing.LeakWatch;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;

/**
 * What the CLI tests that run {@code Main} in this JVM share: an environment map, an optional
 * emulator (stopped after each test), and {@link #run} that leaves the last run's {@link #out} and
 * {@link #err} in fields for the assertions. Every secret the emulator issued is handed to the leak
 * sweep after each run, so a secret printed by a later run is caught even if the test ends badly.
 */
abstract class InProcessCli {
  /** The environment of the next {@link #run}; tests add wallet and key variables to it. */
  final Map<String, String> env = new HashMap<>();

  /** The emulator {@link #startVenice} started, or null. */
  VeniceEmulator venice;

  /** The last run. */
  CliResult last;

  /** What the last run printed to stdout. */
  String out;

  /** What the last run printed to stderr. */
  String err;

  /**
   * Starts an emulator where {@code stakers} hold sVVV and points {@code VENICE_BASE_URL} at it.
   */
  final VeniceEmulator startVenice(String... stakers) {
    venice = Emulators.start(stakers);
    env.put("VENICE_BASE_URL", venice.baseUrl().toString());
    return venice;
  }

  @AfterEach
  final void stopVenice() {
    Emulators.stop(venice);
  }

  /** Runs {@code keymint args…} with {@link #env}; returns the exit code. */
  final int run(String... args) {
    return run(env, args);
  }

  /** Runs {@code keymint args…} with {@code env} instead of {@link #env}; returns the exit code. */
  final int run(Map<String, String> env, String... args) {
    last = Cli.run(env, args);
    out = last.out();
    err = last.err();
    if (venice != null) {
      LeakWatch.secrets(Emulators.secrets(venice));
    }
    return last.exit();
  }

  /** The last run's stdout parsed as JSON. */
  final JsonNode json() throws Exception {
    return last.json();
  }
}
