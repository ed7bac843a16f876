package io.keymint.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.keymint.emulator.VeniceEmulator;
import io.keymint.testing.Emulators;
import io.keymint.testing.JavaProcess;
import io.keymint.testing.LeakWatch;
import io.keymint.testing.TestKeys;
import io.keymint.wallet.AwsKmsContractTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code keymint mint --kms-key-id} as a child process: the SDK's default chains (credentials and
 * the endpoint from the environment, {@code AWS_ENDPOINT_URL_KMS}) reach the recorded-shape KMS on
 * loopback, and the emulator recovers the KMS key's address from the mint's signature.
 */
class KmsCliProcessTest {
  @TempDir Path dir;
  private VeniceEmulator venice;
  private AwsKmsContractTest.FakeKms kms;

  @BeforeEach
  void start() throws Exception {
    venice = Emulators.start(TestKeys.VECTOR_ADDRESS);
    kms = AwsKmsContractTest.FakeKms.start();
  }

  @AfterEach
  void stop() {
    kms.stop();
    Emulators.stop(venice);
  }

  private JavaProcess.Result keymint(Map<String, String> extra, String... args) {
    Map<String, String> env = new HashMap<>();
    env.put("VENICE_BASE_URL", venice.baseUrl().toString());
    env.put("AWS_ACCESS_KEY_ID", "AKIDEXAMPLE");
    env.put("AWS_SECRET_ACCESS_KEY", "test-secret-not-real-aws-key");
    env.put("AWS_ENDPOINT_URL_KMS", kms.baseUrl());
    env.putAll(extra);
    return Cli.inChildJvm(env, args);
  }

  @Test
  void mint_withAKmsKey_exits0_andTheFileHoldsTheKey() throws Exception {
    Path key = dir.resolve("venice-api-key");

    JavaProcess.Result r =
        keymint(
            Map.of(),
            "mint",
            "--usd",
            "5",
            "--kms-key-id",
            AwsKmsContractTest.KEY_ARN,
            "--kms-region",
            "us-east-1",
            "--sink",
            "file:" + key,
            "--allow-no-escrow");

    assertThat(r.exitCode).as(r.toString()).isZero();
    assertThat(r.stderr).contains("minting without an escrow (--allow-no-escrow)");
    String secret = io.keymint.testing.Emulators.secrets(venice).get(0);
    LeakWatch.secret(secret);
    assertThat(Files.readString(key, UTF_8)).isEqualTo(secret + "\n");
    assertThat(r.stdout + r.stderr)
        .doesNotContain("test-secret-not-real-aws-key")
        .doesNotContain(secret);
  }

  @Test
  void ensure_withAKmsKey_andNoRecipient_exits24() {
    JavaProcess.Result r =
        keymint(
            Map.of("AWS_REGION", "us-east-1"),
            "ensure",
            "--usd",
            "5",
            "--kms-key-id",
            AwsKmsContractTest.KEY_ARN,
            "--sink",
            "file:" + dir.resolve("k"));

    assertThat(r.exitCode).as(r.toString()).isEqualTo(24);
    assertThat(venice.mintCount()).isZero();
  }
}
