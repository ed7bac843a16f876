package io.keymint.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.keymint.internal.BuildInfo;
import io.keymint.testing.JavaProcess;
import io.keymint.testing.SystemBinaries;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** keymint in a shell: --version, completion, examples in --help, NO_COLOR, the man page. */
class CliShellTest extends InProcessCli {
  @TempDir Path dir;

  /** The version the POM declares (the project's own, not a parent's or a dependency's). */
  private static String pomVersion() throws IOException {
    String pom = Files.readString(Path.of("pom.xml"));
    Matcher m =
        Pattern.compile("<artifactId>venice-keymint</artifactId>\\s*<version>([^<]+)</version>")
            .matcher(pom);
    assertThat(m.find()).as("pom.xml declares the project version").isTrue();
    return m.group(1);
  }

  @Test
  void version_isOneLine_withThePomsVersionAndTheJavaVersion() throws IOException {
    assertThat(run("--version")).isZero();

    assertThat(out)
        .isEqualTo(
            "keymint "
                + pomVersion()
                + " (Java "
                + System.getProperty("java.version")
                + ", "
                + System.getProperty("java.vendor")
                + ")"
                + System.lineSeparator());
    assertThat(BuildInfo.version()).isEqualTo(pomVersion());
    assertThat(err).isEmpty();
  }

  @Test
  void everyCommand_hasExamplesInItsHelp() {
    List<String> paths = new ArrayList<>();
    collect(Main.commandLine(new Context(new Env(k -> null), System.out, System.err)), paths);
    assertThat(paths).contains("mint", "keys create", "rate-limits log", "completion", "man");

    for (String path : paths) {
      assertThat(Examples.BY_COMMAND).as("examples for '%s'", path).containsKey(path);
      List<String> args = new ArrayList<>(List.of(path.split(" ")));
      args.add("--help");
      assertThat(run(args.toArray(new String[0]))).as(path).isZero();
      assertThat(out).as(path).contains("Examples:");
      for (String line : Examples.BY_COMMAND.get(path)) {
        assertThat(line.length()).as("fits 80 columns unwrapped: %s", line).isLessThanOrEqualTo(76);
        assertThat(out).as(path).contains(line);
      }
    }
    assertThat(Examples.BY_COMMAND.keySet()).containsExactlyInAnyOrderElementsOf(paths);
  }

  private static void collect(CommandLine cmd, List<String> paths) {
    for (CommandLine sub : cmd.getSubcommands().values()) {
      paths.add(Examples.path(sub));
      collect(sub, paths);
    }
  }

  @Test
  void noColor_setAndNotEmpty_turnsAnsiOff() {
    assertThat(Main.ansi(new Env(Map.of("NO_COLOR", "1")::get)))
        .isEqualTo(CommandLine.Help.Ansi.OFF);
    assertThat(Main.ansi(new Env(Map.of("NO_COLOR", "")::get)))
        .isEqualTo(CommandLine.Help.Ansi.AUTO);
    assertThat(Main.ansi(new Env(k -> null))).isEqualTo(CommandLine.Help.Ansi.AUTO);
  }

  @Test
  void noColor_winsOverForcedAnsi_inAChildJvm() {
    // -Dpicocli.ansi=true forces colour as a terminal would get it; NO_COLOR must still win
    JavaProcess.Result coloured =
        JavaProcess.finish(
            JavaProcess.start(
                dir, Map.of(), List.of("-Dpicocli.ansi=true"), Main.class.getName(), "--help"));
    JavaProcess.Result plain =
        JavaProcess.finish(
            JavaProcess.start(
                dir,
                Map.of("NO_COLOR", "1"),
                List.of("-Dpicocli.ansi=true"),
                Main.class.getName(),
                "mint",
                "--help"));

    assertThat(coloured.exitCode).isZero();
    assertThat(coloured.stdout).contains("\u001b[");
    assertThat(plain.exitCode).isZero();
    assertThat(plain.stdout).contains("--sink").doesNotContain("\u001b[");
  }

  @Test
  void completion_bash_completesCommandsSubcommandsAndOptions() throws Exception {
    assertThat(run("completion")).isZero();
    Path script = dir.resolve("keymint.bash");
    Files.writeString(script, out);
    String bash = SystemBinaries.require("bash", "bash").toString();

    String result =
        shell(
            bash,
            "source "
                + script
                + "\n"
                + "t() { COMP_WORDS=(keymint \"$@\"); COMP_CWORD=$#; COMP_LINE=\"keymint $*\";"
                + " COMP_POINT=${#COMP_LINE}; _complete_keymint 2>/dev/null;"
                + " echo \"$*=[${COMPREPLY[*]}]\"; }\n"
                + "complete -p keymint\n"
                + "t mi\nt keys c\nt mint --si\nt rate-limits l\n");

    assertThat(result)
        .contains("complete -o default -F _complete_keymint keymint")
        .contains("mi=[mint]")
        .contains("keys c=[create]")
        .contains("mint --si=[--sink]")
        .contains("rate-limits l=[log]");
  }

  @Test
  void completion_zsh_offersTheCommandsOfEachLevel() throws Exception {
    assertThat(run("completion")).isZero();
    Path script = dir.resolve("keymint.bash");
    Files.writeString(script, out);
    String zsh = SystemBinaries.require("zsh", "zsh").toString();

    // as zsh's bashcompinit calls it (in sh emulation); zsh itself then filters by the prefix
    String result =
        shell(
            zsh,
            "source "
                + script
                + "\n"
                + "t() { emulate -L sh; setopt kshglob noshglob braceexpand;"
                + " COMP_WORDS=(keymint \"$@\"); COMP_CWORD=$#; COMP_LINE=\"keymint $*\";"
                + " COMP_POINT=${#COMP_LINE}; _complete_keymint;"
                + " print -r -- \"$*=[${COMPREPLY[*]}]\"; }\n"
                + "t mi\nt keys c\n");

    String top = line(result, "mi=");
    String keys = line(result, "keys c=");
    assertThat(top).contains("mint", "ensure", "completion").doesNotContain("create");
    assertThat(keys).contains("create", "revoke").doesNotContain("mint");
  }

  @Test
  void man_rendersWithGroffWithoutWarnings_andListsEveryCommandAndOption() throws Exception {
    assertThat(run("man")).isZero();
    Path page = dir.resolve("keymint.1");
    Files.writeString(page, out);
    assertThat(out)
        .startsWith(".TH KEYMINT 1 \"\" \"keymint " + ManPage.escape(BuildInfo.version()) + "\"");
    String groff = SystemBinaries.require("groff-base", "groff").toString();

    Process check =
        new ProcessBuilder(groff, "-man", "-Tutf8", "-ww", "-z", page.toString()).start();
    String warnings = new String(check.getErrorStream().readAllBytes(), UTF_8);
    assertThat(check.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(check.exitValue()).isZero();
    assertThat(warnings).isEmpty();

    Process render =
        new ProcessBuilder(groff, "-man", "-Tascii", "-P-cbou", page.toString())
            .redirectErrorStream(true)
            .start();
    String text = new String(render.getInputStream().readAllBytes(), UTF_8);
    assertThat(render.waitFor(60, TimeUnit.SECONDS)).isTrue();
    String flat = text.replaceAll("\\s+", " ");
    assertThat(flat)
        .contains("NAME", "SYNOPSIS", "COMMANDS", "EXIT STATUS", "ENVIRONMENT", "NO_COLOR");
    CommandLine root = Main.commandLine(new Context(new Env(k -> null), System.out, System.err));
    List<String> paths = new ArrayList<>();
    collect(root, paths);
    for (String path : paths) {
      assertThat(flat).contains("keymint " + path);
    }
    for (String option : List.of("--sink", "--keystore", "--max-wait", "--replace-refused")) {
      assertThat(flat).contains(option);
    }
    assertThat(flat).contains("keymint mint --keystore agent.json"); // an example
    assertThat(flat).contains("15 ensure: Venice refuses the stored key now"); // an exit code
  }

  @Test
  void manEscape_neutralisesRoffControlsAndNonAscii() {
    assertThat(ManPage.escape(".SH x")).isEqualTo("\\&.SH x");
    assertThat(ManPage.escape("'x")).isEqualTo("\\&'x");
    assertThat(ManPage.escape("a\\b-c")).isEqualTo("a\\eb\\-c");
    assertThat(ManPage.escape("≈ 5 €")).isEqualTo("\\[u2248] 5 \\[u20AC]");
  }

  private String shell(String shell, String script) throws Exception {
    Path file = dir.resolve("t.sh");
    Files.writeString(file, script);
    Process p = new ProcessBuilder(shell, "-f", file.toString()).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes(), UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).as(output).isTrue();
    return output;
  }

  private static String line(String output, String prefix) {
    return output
        .lines()
        .filter(l -> l.startsWith(prefix))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no line " + prefix + " in\n" + output));
  }
}
