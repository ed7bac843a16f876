package io.keymint.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(
    name = "man",
    mixinStandardHelpOptions = true,
    description =
        "Print keymint's manual page (roff, section 1), generated from the same commands and"
            + " options as --help.")
final class ManCommand implements Callable<Integer> {
  private final Context ctx;

  ManCommand(Context ctx) {
    this.ctx = ctx;
  }

  @Override
  public Integer call() {
    ctx.out.print(ManPage.render(Main.commandLine(ctx)));
    ctx.out.flush();
    return 0;
  }
}
