package io.keymint.cli;

import io.keymint.internal.BuildInfo;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Help;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * keymint(1) in roff ({@code man -l}), written from picocli's command model, so it lists exactly
 * the commands, options and examples that {@code --help} shows. One page for the whole tree, as for
 * most small tools; no date in the header, so that it is the same at every build.
 */
final class ManPage {
  private ManPage() {}

  static String render(CommandLine root) {
    StringBuilder m = new StringBuilder();
    CommandSpec spec = root.getCommandSpec();
    m.append(".TH KEYMINT 1 \"\" \"keymint ")
        .append(escape(BuildInfo.version()))
        .append("\" \"User Commands\"\n");
    m.append(".SH NAME\nkeymint \\- ").append(escape(text(description(spec)))).append('\n');
    m.append(".SH SYNOPSIS\n.B keymint\n[\\fIOPTIONS\\fR] \\fICOMMAND\\fR [\\fIARGS\\fR...]\n");
    m.append(".SH DESCRIPTION\n");
    m.append(
        escape(
            "keymint mints a Venice API key with nothing but a wallet that holds staked VVV on"
                + " Base (a keystore, a hex private key or a BIP-39 mnemonic), writes it to the"
                + " sinks you name, and manages keys with an ADMIN key. Errors are one line on"
                + " stderr with a distinct exit code; no output ever holds a secret unless you"
                + " chose the stdout sink."));
    m.append('\n');
    m.append(".SH OPTIONS\n");
    options(m, spec, true);
    m.append(".SH COMMANDS\n");
    for (CommandLine sub : root.getSubcommands().values()) {
      command(m, sub);
    }
    m.append(".SH EXIT STATUS\n");
    for (String line : spec.usageMessage().footer()) {
      String l = line.strip().replace("%%", "%");
      int space = l.indexOf(' ');
      if (space > 0) {
        m.append(".TP\n.B ").append(escape(l.substring(0, space))).append('\n');
        m.append(escape(l.substring(space).strip())).append('\n');
      }
    }
    m.append(".SH ENVIRONMENT\n");
    env(m, "VENICE_BASE_URL", "Venice's API base URL when --base-url is not given.");
    env(m, "WALLET_KEY", "The hex private key, unless --private-key-env names another variable.");
    env(m, "KEYMINT_KEYSTORE_PASSWORD", "The keystore password when no --password-file is given.");
    env(m, "VENICE_API_KEY", "The key that health and rate-limits check.");
    env(m, "VENICE_ADMIN_KEY", "An ADMIN key for keys, rate-limits log and rotate.");
    env(m, "KEYMINT_DEBUG", "Set to print a stack trace with an error.");
    env(m, "NO_COLOR", "Set (not empty) to turn colour off in help output.");
    env(m, "JAVA_OPTS", "Extra JVM options for the bin/keymint launcher.");
    m.append(".SH SEE ALSO\n");
    m.append(escape("README.md and docs/ in the venice-keymint repository.")).append('\n');
    return m.toString();
  }

  private static void command(StringBuilder m, CommandLine cmd) {
    CommandSpec spec = cmd.getCommandSpec();
    if (spec.usageMessage().hidden()) {
      return;
    }
    m.append(".SS \"").append(escape(spec.qualifiedName(" "))).append("\"\n");
    m.append(escape(text(description(spec)))).append('\n');
    String synopsis = new Help(spec, Help.defaultColorScheme(Help.Ansi.OFF)).synopsis(0).strip();
    m.append(".PP\n.nf\n.RS\n").append(escapeLines(synopsis)).append("\n.RE\n.fi\n");
    options(m, spec, false);
    String[] footer = spec.usageMessage().footer();
    if (footer.length > 0) {
      m.append(".PP\nExamples:\n.PP\n.nf\n.RS\n");
      List<String> lines = new ArrayList<>();
      for (String line : footer) {
        lines.add(line.strip().replace("%%", "%"));
      }
      m.append(escapeLines(String.join("\n", lines))).append("\n.RE\n.fi\n");
    }
    for (CommandLine sub : cmd.getSubcommands().values()) {
      command(m, sub);
    }
  }

  private static void options(StringBuilder m, CommandSpec spec, boolean root) {
    for (PositionalParamSpec p : spec.positionalParameters()) {
      if (!p.hidden()) {
        m.append(".TP\n\\fI").append(escape(p.paramLabel())).append("\\fR\n");
        m.append(escape(text(described(p)))).append('\n');
      }
    }
    for (OptionSpec o : spec.options()) {
      if (o.hidden() || (!root && (o.usageHelp() || o.versionHelp()))) {
        continue;
      }
      m.append(".TP\n");
      List<String> names = new ArrayList<>();
      for (String n : o.names()) {
        names.add("\\fB" + escape(n) + "\\fR");
      }
      m.append(String.join(", ", names));
      if (o.arity().max() > 0) {
        m.append("=\\fI").append(escape(o.paramLabel())).append("\\fR");
      }
      m.append('\n').append(escape(text(described(o)))).append('\n');
    }
  }

  /** The description with picocli's {@code ${DEFAULT-VALUE}} and candidates filled in. */
  private static String[] described(CommandLine.Model.ArgSpec a) {
    String[] lines = a.description().clone();
    List<String> candidates = new ArrayList<>();
    if (a.completionCandidates() != null) {
      a.completionCandidates().forEach(candidates::add);
    }
    String value = a.defaultValueString();
    for (int i = 0; i < lines.length; i++) {
      lines[i] =
          lines[i]
              .replace("${DEFAULT-VALUE}", value == null ? "" : value)
              .replace("${COMPLETION-CANDIDATES}", String.join(", ", candidates));
    }
    return lines;
  }

  private static void env(StringBuilder m, String name, String what) {
    m.append(".TP\n.B ").append(name).append('\n').append(escape(what)).append('\n');
  }

  private static String[] description(CommandSpec spec) {
    return spec.usageMessage().description();
  }

  /** picocli's description lines as one paragraph: format escapes resolved, lines joined. */
  private static String text(String[] lines) {
    return String.join(" ", lines).replace("%n", " ").replace("%%", "%").strip();
  }

  private static String escapeLines(String text) {
    StringBuilder b = new StringBuilder();
    for (String line : text.split("\n", -1)) {
      if (b.length() > 0) {
        b.append('\n');
      }
      b.append(escape(line));
    }
    return b.toString();
  }

  /**
   * Backslashes and hyphens escaped, a leading '.' or '\'' neutralised (roff control lines), and
   * anything outside ASCII written as {@code \[uXXXX]}, so that plain groff reads it too.
   */
  static String escape(String s) {
    StringBuilder b = new StringBuilder();
    s.codePoints()
        .forEach(
            c -> {
              if (c == '\\') {
                b.append("\\e");
              } else if (c == '-') {
                b.append("\\-");
              } else if (c < 0x20 || c > 0x7e) {
                b.append(String.format(java.util.Locale.ROOT, "\\[u%04X]", c));
              } else {
                b.appendCodePoint(c);
              }
            });
    String e = b.toString();
    return e.startsWith(".") || e.startsWith("'") ? "\\&" + e : e;
  }
}
