package io.keymint.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.keymint.Setting;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class FlagsTest {
  @ParameterizedTest
  @EnumSource(Setting.class)
  void reword_replacesEverySettingWithTheCliWording(Setting setting) {
    String library = "it failed: change " + setting.apiName() + " and retry";

    String cli = Flags.reword(library);

    assertThat(cli)
        .isEqualTo("it failed: change " + Flags.of(setting) + " and retry")
        .doesNotContain(setting.apiName());
  }

  @Test
  void reword_leavesOtherTextAlone() {
    String text = "Venice refused the request: the name is too long (sink file:/x)";
    assertThat(Flags.reword(text)).isEqualTo(text);
  }

  @Test
  void reword_sinkAndMaxWaitInOneMessage() {
    assertThat(
            Flags.reword(
                "KeyBootstrap.Builder.maxWait of 5 s passed; folder /x does not exist: create it or"
                    + " choose another SecretSink"))
        .isEqualTo(
            "--max-wait of 5 s passed; folder /x does not exist: create it or choose another --sink");
  }

  @Test
  void rewording_stderr_rewordsLogLines() {
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    java.io.PrintStream err =
        Flags.rewording(
            new java.io.PrintStream(bytes, true, java.nio.charset.StandardCharsets.UTF_8));

    err.println("WARN x - minting without an escrow (KeyBootstrap.Builder.requireEscrow(false))");

    assertThat(bytes.toString(java.nio.charset.StandardCharsets.UTF_8))
        .startsWith("WARN x - minting without an escrow (--allow-no-escrow)");
  }
}
