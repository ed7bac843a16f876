package io.keymint.cli;

import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine.Command;

@Command(
    name = "completion",
    mixinStandardHelpOptions = true,
    description = {
      "Print a bash/zsh completion script for keymint, generated from its commands and options.",
      "bash: source it, or put it in /etc/bash_completion.d/; zsh: source it (it loads bashcompinit)."
    })
final class CompletionCommand implements Callable<Integer> {
  private final Context ctx;

  CompletionCommand(Context ctx) {
    this.ctx = ctx;
  }

  @Override
  public Integer call() {
    // the whole tree: this command was built alone (Main.commandLine adds only the one it runs)
    ctx.out.print(AutoComplete.bash("keymint", Main.commandLine(ctx)));
    ctx.out.flush();
    return 0;
  }
}
