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
}
