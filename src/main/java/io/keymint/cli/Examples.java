package io.keymint.cli;

import java.util.List;
import java.util.Map;
import picocli.CommandLine;

/**
 * The "Examples:" footer of each command's {@code --help} (and of its man page section), kept in
 * one place rather than in every {@code @Command}: a command path ({@code "keys create"}) to the
 * lines shown. {@code CliShellTest} checks that every command has some.
 */
final class Examples {
  private Examples() {}

  static final Map<String, List<String>> BY_COMMAND =
      Map.ofEntries(
          Map.entry(
              "mint",
              List.of(
                  "WALLET_KEY=0x... keymint mint --usd 5 --sink file:/run/keys/venice-api-key",
                  "keymint mint --keystore agent.json --password-file /run/secrets/pw \\",
                  "    --usd 5 --limit-period MONTH --sink env-file:/app/.env --json")),
          Map.entry("demo", List.of("keymint demo")),
          Map.entry(
              "emulator",
              List.of(
                  "keymint emulator --port 8545 \\",
                  "    --staker 0xb568939E9758702c2a8f0E7F5C91fe5c1aC07293",
                  "keymint emulator --port 0 --staker 0x... --admin-key-file admin-key",
                  "keymint emulator --staker 0x... --deny-access --lose-mint-replies 1")),
          Map.entry(
              "ensure",
              List.of(
                  "keymint ensure --keystore wallet.json --password-file pw \\",
                  "    --sink file:/keys/venice-api-key --usd 5 --margin 1h --max-wait 2m")),
          Map.entry(
              "rotate",
              List.of(
                  "VENICE_ADMIN_KEY=... keymint rotate --keystore wallet.json \\",
                  "    --password-file pw --usd 5 --sink file:/keys/venice-api-key")),
          Map.entry(
              "recover",
              List.of(
                  "keymint recover --file venice-keymint-recovery-<id>.json \\",
                  "    --keystore wallet.json --password-file pw \\",
                  "    --sink file:/keys/venice-api-key")),
          Map.entry(
              "watch",
              List.of(
                  "keymint watch --store etcd://10.0.0.5:2379/keymint/agent \\",
                  "    --keystore wallet.json --password-file pw \\",
                  "    --sink file:/keys/venice-api-key",
                  "keymint watch --store k8s-secret://agents/venice-api-key \\",
                  "    --sink file:/keys/venice-api-key")),
          Map.entry(
              "keys",
              List.of(
                  "keymint keys list",
                  "keymint keys revoke ID",
                  "keymint keys rotate --customer 42 --usd 5 --sink file:cust-42")),
          Map.entry("keys list", List.of("keymint keys list", "keymint keys list --json")),
          Map.entry("keys get", List.of("keymint keys get ID --json")),
          Map.entry(
              "keys create",
              List.of("keymint keys create --description cust:42 --usd 5 --sink file:cust-42")),
          Map.entry(
              "keys update",
              List.of(
                  "keymint keys update ID --no-expiry --usd 10",
                  "keymint keys update ID --no-usd-limit")),
          Map.entry(
              "keys revoke",
              List.of("keymint keys revoke ID", "keymint keys revoke --customer 42")),
          Map.entry(
              "keys rotate",
              List.of(
                  "keymint keys rotate --customer 42 --usd 5 --limit-period MONTH \\",
                  "    --sink file:/run/secrets/cust-42")),
          Map.entry(
              "rate-limits",
              List.of("VENICE_API_KEY=... keymint rate-limits", "keymint rate-limits --json")),
          Map.entry("rate-limits log", List.of("VENICE_ADMIN_KEY=... keymint rate-limits log")),
          Map.entry(
              "health",
              List.of(
                  "VENICE_API_KEY=\"$(cat /run/keys/venice-api-key)\" keymint health",
                  "keymint health --margin 7d --json     # exit 19: expires in 7 days")),
          Map.entry(
              "completion",
              List.of(
                  "source <(keymint completion)                  # this shell, bash or zsh",
                  "keymint completion > /etc/bash_completion.d/keymint")),
          Map.entry(
              "man",
              List.of(
                  "keymint man > /usr/local/share/man/man1/keymint.1 && man keymint",
                  "keymint man | man -l -")));

  /** Adds the examples footer to every command under {@code root} that has examples. */
  static void apply(CommandLine root) {
    for (CommandLine sub : root.getSubcommands().values()) {
      String path = path(sub);
      List<String> lines = BY_COMMAND.get(path);
      if (lines != null) {
        CommandLine.Model.UsageMessageSpec usage = sub.getCommandSpec().usageMessage();
        usage.footerHeading("%nExamples:%n");
        usage.footer(lines.stream().map(l -> "  " + l.replace("%", "%%")).toArray(String[]::new));
      }
      apply(sub);
    }
  }

  /** {@code "keys create"} for {@code keymint keys create}: the path below the root. */
  static String path(CommandLine cmd) {
    String q = cmd.getCommandSpec().qualifiedName(" ");
    int space = q.indexOf(' ');
    return space < 0 ? "" : q.substring(space + 1);
  }
}
