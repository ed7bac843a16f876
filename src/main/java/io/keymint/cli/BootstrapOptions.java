package io.keymint.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/** Options of the key-lifecycle commands (ensure, rotate, recover). */
final class BootstrapOptions {
  @Option(
      names = "--max-wait",
      paramLabel = "DURATION",
      defaultValue = "5m",
      converter = DurationConverter.class,
      description =
          "Bound on the whole run: waiting for the sink's lock, and no new step after it (e.g. 90s, 5m; default ${DEFAULT-VALUE}). Exit 10 when it passes.")
  Duration maxWait;

  @Option(
      names = "--lock-file",
      paramLabel = "FILE",
      description =
          "Without --store: the lock file that lets one keymint at a time mint (default: PATH.lock beside the first file sink).")
  Path lockFile;

  @Mixin EscrowOptions escrow;
  @Mixin JsonOption output;

  /** Durations as people write them: 500ms, 90s, 5m, 1h, 2d, or ISO-8601 (PT5M). */
  static final class DurationConverter implements ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
      String v = value.strip().toLowerCase(Locale.ROOT);
      try {
        if (v.startsWith("p") || v.startsWith("-p")) {
          return nonNegative(Duration.parse(v.toUpperCase(Locale.ROOT)), value);
        }
        if (v.endsWith("ms")) {
          return nonNegative(
              Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2))), value);
        }
        long n = Long.parseLong(v.substring(0, v.length() - 1));
        switch (v.charAt(v.length() - 1)) {
          case 's':
            return nonNegative(Duration.ofSeconds(n), value);
          case 'm':
            return nonNegative(Duration.ofMinutes(n), value);
          case 'h':
            return nonNegative(Duration.ofHours(n), value);
          case 'd':
            return nonNegative(Duration.ofDays(n), value);
          default:
            break;
        }
      } catch (TypeConversionException e) {
        throw e;
      } catch (RuntimeException e) {
        // one message below (ArithmeticException for 99999999999999d too)
      }
      throw new TypeConversionException(
          "'" + value + "' is not a duration: use e.g. 90s, 10m, 1h, 2d or PT10M");
    }

    /** Longer than any run or key life; past it the arithmetic on deadlines would overflow. */
    static final Duration MAX = Duration.ofDays(3650);

    private static Duration nonNegative(Duration d, String value) {
      if (d.isNegative()) {
        throw new TypeConversionException("'" + value + "' is negative");
      }
      if (d.compareTo(MAX) > 0) {
        throw new TypeConversionException("'" + value + "' is too long: at most 3650d");
      }
      return d;
    }
  }
}
