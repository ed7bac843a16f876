package io.keymint.cli;

import io.keymint.venice.ApiKeyType;
import io.keymint.venice.KeySpec;
import java.math.BigDecimal;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** What the new key should be. */
final class KeyOptions {
  @Option(
      names = "--type",
      paramLabel = "TYPE",
      defaultValue = "INFERENCE",
      description = "INFERENCE (default) or ADMIN.")
  ApiKeyType type;

  @Option(
      names = "--description",
      paramLabel = "TEXT",
      description = "Label of the key, at most 64 characters.")
  String description;

  @Option(names = "--usd", paramLabel = "N", description = "USD spending cap per limit period.")
  BigDecimal usd;

  @Option(names = "--diem", paramLabel = "N", description = "DIEM spending cap per limit period.")
  BigDecimal diem;

  @Mixin PeriodPrivacyOptions scope;

  @Option(
      names = "--expires-at",
      paramLabel = "WHEN",
      description = "YYYY-MM-DD or YYYY-MM-DDTHH:mm:ss[.sss]Z (UTC); default never.")
  String expiresAt;

  @Option(
      names = "--no-limit",
      description =
          "Mint a key without any spending cap. Keys are capped by default: without --usd or --diem this option is required.")
  boolean noLimit;

  @Option(
      names = "--no-verify",
      description =
          "Do not use the new key once (GET /api_keys/rate_limits) before reporting success.")
  boolean noVerify;

  /**
   * @throws IllegalArgumentException with a one-line reason for a bad value, or when the key would
   *     have no cap without {@code --no-limit}
   */
  /** The expiry checked now, so that the message names the option rather than the builder. */
  static String expiresAtOption(String text, String setting) {
    try {
      return KeySpec.builder().expiresAt(text).build().expiresAt().orElseThrow();
    } catch (IllegalArgumentException e) {
      String m = e.getMessage();
      throw new IllegalArgumentException(
          "--expires-at: "
              + (m != null && m.startsWith(setting + ": ")
                  ? m.substring(setting.length() + 2)
                  : m));
    }
  }

  KeySpec spec() {
    if (noLimit && (usd != null || diem != null)) {
      throw new IllegalArgumentException(
          "--no-limit contradicts --usd/--diem: give a cap or --no-limit, not both");
    }
    if (!noLimit && usd == null && diem == null) {
      throw new IllegalArgumentException(
          "the key would have no spending cap: give --usd N and/or --diem N (per --limit-period,"
              + " default EPOCH: per day), or --no-limit to mint an uncapped key on purpose");
    }
    KeySpec.Builder b = KeySpec.builder().type(type).description(description);
    if (noLimit) {
      b.noLimit();
    }
    if (usd != null) {
      b.usdLimit(usd);
    }
    if (diem != null) {
      b.diemLimit(diem);
    }
    if (expiresAt != null) {
      b.expiresAt(expiresAtOption(expiresAt, "KeySpec.Builder.expiresAt"));
    }
    return b.limitPeriod(scope.limitPeriod).modelPrivacy(scope.modelPrivacy).build();
  }
}
