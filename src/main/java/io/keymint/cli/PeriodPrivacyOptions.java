package io.keymint.cli;

import io.keymint.venice.LimitPeriod;
import io.keymint.venice.ModelPrivacy;
import picocli.CommandLine.Option;

/**
 * {@code --limit-period} and {@code --model-privacy}: the same two options for a new key ({@link
 * KeyOptions}) and for {@code keys update}.
 */
final class PeriodPrivacyOptions {
  @Option(
      names = "--limit-period",
      paramLabel = "PERIOD",
      description = "EPOCH (daily), MONTH or LIFETIME.")
  LimitPeriod limitPeriod;

  @Option(
      names = "--model-privacy",
      paramLabel = "LEVEL",
      description = "ALL, PRIVATE_TEXT or PRIVATE_ONLY.")
  ModelPrivacy modelPrivacy;
}
