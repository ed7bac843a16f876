package io.keymint.cli;

import io.keymint.KeymintException;
import io.keymint.escrow.EscrowException;
import io.keymint.escrow.RecoveryEscrow;
import io.keymint.internal.BuildInfo;
import io.keymint.internal.Text;
import io.keymint.mint.KeyNotVerifiedException;
import io.keymint.sink.SinkException;
import io.keymint.sink.SinkWriteException;
import io.keymint.venice.AuthenticationException;
import io.keymint.venice.PaymentRequiredException;
import io.keymint.venice.PermissionDeniedException;
import io.keymint.venice.RateLimitedException;
import io.keymint.venice.ServerException;
import io.keymint.venice.VeniceConnectionException;
import io.keymint.venice.VeniceServiceException;
import io.keymint.wallet.WalletException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code keymint}: mint and manage Venice API keys from the command line. Errors are one line on
 * stderr with a distinct exit code ({@link ExitCode}); a stack trace only with {@code
 * KEYMINT_DEBUG=1}.
 */
@Command(
    name = "keymint",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = "Mint a Venice API key with nothing but a wallet, and manage Venice keys.",
    footerHeading = "%nExit codes:%n",
    footer = {
      "  0  success",
      "  1  unexpected internal error",
      "  2  bad command line or option value",
      "  3  wallet could not be loaded or unlocked",
      "  4  Venice refused the request (4xx)",
      "  5  Venice refused the API key (401/402/403)",
      "  6  Venice unreachable or failing (I/O, 5xx)",
      "  7  a sink cannot be written; nothing was minted",
      "  8  a key was minted but not stored in every sink",
      "  9  rate-limited (429) after the retries",
      " 10  --max-wait passed (lock held by another keymint); nothing minted",
      " 11  minted, no sink stored it; sealed in a recovery file: run keymint recover",
      " 12  rotate: new key stored but not admitted; old key not revoked",
      " 13  --strict: keystore or password file readable by group/others",
      " 14  recovery file cannot be opened with this wallet",
      " 15  ensure: Venice refuses the stored key now (spent cap?); not replaced",
      " 16  minted, no sink nor recovery file stored it; sealed text on stderr: keymint recover -",
      " 18  the new key is stored but Venice does not admit it",
      " 19  health: the key expires within --margin",
      " 20  health: USD and DIEM balances are empty",
      " 21  --store unreachable (etcd, Kubernetes API)",
      " 22  --store: lost the lease or the compare-and-set (another replica wrote)",
      " 23  --store: the stored record cannot be opened (another wallet's, corrupt)",
      " 24  randomised signer without --escrow-recipient; nothing minted"
    })
public final class Main implements Runnable {
  @Option(
      names = {"-v", "--verbose"},
      description = "Log what happens (to stderr).",
      scope = CommandLine.ScopeType.INHERIT)
  boolean verbose;

  private final Context ctx;

  private Main(Context ctx) {
    this.ctx = ctx;
  }

  /** Runs the CLI and exits with its code. */
  public static void main(String[] args) {
    // the library's log lines name its settings too; on the CLI's stderr they name the options
    System.setErr(Flags.rewording(System.err));
    configureLogging(args);
    if (args.length > 0 && NETWORK_COMMANDS.contains(args[0])) {
      io.keymint.internal.Preload.transport(); // HttpClient loads beside picocli's model
    }
    System.exit(run(args, System::getenv, System.out, System.err));
  }

  /** Runs the CLI in this JVM: what {@link #main} does, minus the exit. */
  static int run(String[] args, Function<String, String> env, PrintStream out, PrintStream err) {
    Context ctx = new Context(new Env(env), out, err);
    CommandLine cli = commandLine(ctx, args);
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    cli.setParameterExceptionHandler(
        (e, a) -> {
          err.println("keymint: " + e.getMessage());
          err.println(
              "Run 'keymint " + e.getCommandLine().getCommandName() + " --help' for the options.");
          return ExitCode.USAGE.code;
        });
    cli.setExecutionExceptionHandler((e, c, p) -> report(e, err, new Env(env)));
    try {
      return cli.execute(args);
    } catch (NoClassDefFoundError e) {
      if (!inStoresJar(e.getMessage())) {
        throw e;
      }
      err.println(
          "keymint: --store and --kms-* need "
              + STORES_JAR
              + " beside keymint.jar (no "
              + e.getMessage().replace('/', '.')
              + "): copy target/lib/ with the jar");
      return ExitCode.INTERNAL.code;
    }
  }

  /** The optional clients' jar, named in keymint.jar's manifest (docs/DESIGN.md "Artifacts"). */
  static final String STORES_JAR = "lib/keymint-stores.jar";

  /** Whether a class the JVM could not find is one of the etcd, Kubernetes or AWS clients'. */
  static boolean inStoresJar(String missingClass) {
    if (missingClass == null) {
      return false;
    }
    String name = missingClass.replace('.', '/');
    for (String prefix :
        List.of(
            "io/etcd/",
            "io/grpc/",
            "io/netty/",
            "io/vertx/",
            "io/fabric8/",
            "com/google/",
            "software/amazon/awssdk/")) {
      if (name.startsWith(prefix)) {
        return true;
      }
    }
    return false;
  }

  static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
    return run(args, env::get, out, err);
  }

  /** The subcommands that talk to Venice first thing (the HTTP client is preloaded for them). */
  private static final java.util.Set<String> NETWORK_COMMANDS =
      java.util.Set.of("mint", "ensure", "rotate", "keys", "rate-limits", "health", "demo");

  /** The subcommands, in the order {@code keymint --help} lists them. */
  private static final List<String> SUBCOMMANDS =
      List.of(
          "mint",
          "demo",
          "emulator",
          "ensure",
          "rotate",
          "recover",
          "watch",
          "keys",
          "rate-limits",
          "health",
          "completion",
          "man");

  /** The full command tree (every subcommand). */
  static CommandLine commandLine(Context ctx) {
    return commandLine(ctx, SUBCOMMANDS);
  }

  /**
   * The command tree for {@code args}: when the first argument names a subcommand, only that one is
   * added. picocli builds each command's model by reflection when it is added (≈ 50 ms cold for the
   * eight a mint does not use); the root's help, the no-argument usage and the error for an unknown
   * command still get every subcommand, as does anything starting with an option.
   */
  static CommandLine commandLine(Context ctx, String[] args) {
    if (args.length > 0 && SUBCOMMANDS.contains(args[0])) {
      return commandLine(ctx, List.of(args[0]));
    }
    return commandLine(ctx);
  }

  private static CommandLine commandLine(Context ctx, List<String> names) {
    CommandLine cli = new CommandLine(new Main(ctx));
    for (String name : names) {
      cli.addSubcommand(name, subcommand(name, ctx));
    }
    Examples.apply(cli);
    // NO_COLOR (https://no-color.org): set and not empty turns colour off, whatever picocli detects
    cli.setColorScheme(CommandLine.Help.defaultColorScheme(ansi(ctx.env)));
    cli.setCaseInsensitiveEnumValuesAllowed(true);
    cli.registerConverter(
        java.math.BigDecimal.class,
        v -> {
          try {
            return new java.math.BigDecimal(v.strip());
          } catch (NumberFormatException e) {
            throw new CommandLine.TypeConversionException("'" + v + "' is not a number");
          }
        });
    return cli;
  }

  private static Object subcommand(String name, Context ctx) {
    switch (name) {
      case "mint":
        return new MintCommand(ctx);
      case "demo":
        return new DemoCommand(ctx);
      case "emulator":
        return new EmulatorCommand(ctx);
      case "ensure":
        return new EnsureCommand(ctx);
      case "rotate":
        return new RotateCommand(ctx);
      case "recover":
        return new RecoverCommand(ctx);
      case "watch":
        return new WatchCommand(ctx);
      case "keys":
        return KeysCommand.create(ctx);
      case "rate-limits":
        return RateLimitsCommand.create(ctx);
      case "health":
        return new HealthCommand(ctx);
      case "completion":
        return new CompletionCommand(ctx);
      case "man":
        return new ManCommand(ctx);
      default:
        throw new IllegalArgumentException("no subcommand " + name);
    }
  }

  /** Colour in help output: off when {@code NO_COLOR} is set, else picocli's own detection. */
  static CommandLine.Help.Ansi ansi(Env env) {
    return env.get("NO_COLOR") != null ? CommandLine.Help.Ansi.OFF : CommandLine.Help.Ansi.AUTO;
  }

  @Override
  public void run() {
    new CommandLine(this).usage(ctx.err, ansi(ctx.env));
  }

  /** One line for people, the exit code for scripts. */
  static int report(Exception e, PrintStream err, Env env) {
    ExitCode code = exitCode(e);
    // one line, whatever a server put into the exception's text
    // library messages name Java settings; the CLI names its options
    String message =
        e.getMessage() == null
            ? e.getClass().getSimpleName()
            : Flags.reword(Text.clean(e.getMessage()));
    if (code == ExitCode.INTERNAL) {
      err.println("keymint: internal error: " + e.getClass().getName() + ": " + message);
      err.println("This is a bug; rerun with KEYMINT_DEBUG=1 for the stack trace and report it.");
    } else {
      err.println("keymint: " + message);
    }
    if (e instanceof EscrowException
        && ((EscrowException) e).sealed() != null
        && ((EscrowException) e).recoveryFile() == null) {
      // no file could hold it: the sealed key (only the wallet opens it) is the last copy
      err.println(RecoveryEscrow.BEGIN);
      err.println(((EscrowException) e).sealed());
      err.println(RecoveryEscrow.END);
    }
    if (env.get("KEYMINT_DEBUG") != null) {
      e.printStackTrace(err);
    }
    return code.code;
  }

  static ExitCode exitCode(Throwable e) {
    if (e instanceof io.keymint.bootstrap.BootstrapException
        || e instanceof io.keymint.escrow.EscrowException
        || e instanceof io.keymint.wallet.InsecureFileException
        || e instanceof io.keymint.store.StoreException) {
      return BootstrapCommands.exitCode(e);
    }
    if (e instanceof io.keymint.mint.MintTimedOutException) {
      return ExitCode.TIMED_OUT;
    }
    if (e instanceof IllegalArgumentException) {
      return ExitCode.USAGE;
    }
    if (e instanceof NotAdmittedException) {
      return ExitCode.KEY_NOT_ADMITTED;
    }
    if (e instanceof io.keymint.venice.KeyProvisioner.ProvisioningException
        && ((io.keymint.venice.KeyProvisioner.ProvisioningException) e).newKeyNotAdmitted()) {
      return ExitCode.KEY_NOT_ADMITTED;
    }
    if (e instanceof KeyNotVerifiedException) {
      KeyNotVerifiedException k = (KeyNotVerifiedException) e;
      return k.refused() || k.getCause() == null
          ? ExitCode.KEY_NOT_ADMITTED
          : exitCode(k.getCause());
    }
    if (e instanceof WalletException) {
      return ExitCode.WALLET;
    }
    if (e instanceof SinkException) {
      return e instanceof SinkWriteException ? ExitCode.SINK_AFTER_MINT : ExitCode.SINK_PREFLIGHT;
    }
    if (e instanceof AuthenticationException
        || e instanceof PaymentRequiredException
        || e instanceof PermissionDeniedException) {
      return ExitCode.AUTH;
    }
    if (e instanceof RateLimitedException) {
      return ExitCode.RATE_LIMITED;
    }
    if (e instanceof ServerException
        || e instanceof VeniceConnectionException
        || (e instanceof VeniceServiceException
            && ((VeniceServiceException) e).statusCode() < 300)) {
      return ExitCode.UNREACHABLE;
    }
    if (e instanceof VeniceServiceException) {
      return ExitCode.REJECTED;
    }
    if (e instanceof KeymintException && e.getCause() != null && e.getCause() != e) {
      return exitCode(e.getCause());
    }
    return ExitCode.INTERNAL;
  }

  /** slf4j-simple on stderr, quiet unless asked: the CLI's own summary is what people read. */
  private static void configureLogging(String[] args) {
    boolean verbose = false;
    for (String a : args) {
      verbose |= a.equals("-v") || a.equals("--verbose");
    }
    System.setProperty("org.slf4j.simpleLogger.logFile", "System.err");
    System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", verbose ? "debug" : "warn");
    System.setProperty("org.slf4j.simpleLogger.log.org.apache.hc", "warn");
    // the etcd and Kubernetes clients' transports: their DEBUG is frames, not what keymint does
    System.setProperty("org.slf4j.simpleLogger.log.io.netty", "warn");
    System.setProperty("org.slf4j.simpleLogger.log.io.grpc", "warn");
    System.setProperty("org.slf4j.simpleLogger.log.io.vertx", "warn");
    System.setProperty("org.slf4j.simpleLogger.log.io.etcd", "warn");
    System.setProperty("org.slf4j.simpleLogger.log.io.fabric8", "warn");
    // the AWS SDK (KMS wallets) logs signed request details at DEBUG: never with -v
    System.setProperty("org.slf4j.simpleLogger.log.software.amazon.awssdk", "warn");
    System.setProperty("org.slf4j.simpleLogger.showThreadName", "false");
    System.setProperty("org.slf4j.simpleLogger.showShortLogName", "true");
    // timestamps only when asked: container runtimes stamp every line already, and the date
    // format's locale data costs ≈ 25 ms of a cold start (docs/PERFORMANCE.md). slf4j-simple
    // builds its SimpleDateFormat whenever a format is set, shown or not: so only then.
    System.setProperty("org.slf4j.simpleLogger.showDateTime", Boolean.toString(verbose));
    if (verbose) {
      System.setProperty("org.slf4j.simpleLogger.dateTimeFormat", "HH:mm:ss.SSS");
    }
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {line()};
    }

    /** {@code keymint 0.1.0 (Java 17.0.15, Debian)}: one line, for bug reports and scripts. */
    static String line() {
      return "keymint "
          + BuildInfo.version()
          + " (Java "
          + System.getProperty("java.version")
          + ", "
          + System.getProperty("java.vendor")
          + ")";
    }
  }
}
