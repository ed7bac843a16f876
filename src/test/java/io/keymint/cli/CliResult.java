package io.keymint.cli;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.databind.JsonNode;
import io.keymint.internal.Json;

/**
 * One in-process run of keymint: its exit code and everything it printed. {@link #toString} names
 * the exit code and stderr, so {@code assertThat(r.exit()).as(r)} explains a wrong code.
 */
record CliResult(int exit, String out, String err) {
  /** stdout parsed as JSON (for {@code --json} runs). */
  JsonNode json() throws Exception {
    return Json.parse(out.getBytes(UTF_8));
  }

  @Override
  public String toString() {
    // the output of a run is swept for secrets already; this only makes failures readable
    return "exit " + exit + ", stderr: " + err;
  }
}
