package io.keymint.mint;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.keymint.emulator.VeniceEmulator;
import io.keymint.sink.SecretSink;
import io.keymint.sink.SinkException;
import io.keymint.testing.Emulators;
import io.keymint.testing.LeakWatch;
import io.keymint.testing.TestKeys;
import io.keymint.venice.ApiKey;
import io.keymint.venice.ApiKeyType;
import io.keymint.venice.BadRequestException;
import io.keymint.venice.KeySpec;
import io.keymint.venice.LimitPeriod;
import io.keymint.venice.ModelPrivacy;
import io.keymint.venice.VeniceClient;
import io.keymint.wallet.KeystorePassword;
import io.keymint.wallet.WalletException;
import io.keymint.wallet.WalletSource;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Full mints over loopback against the emulator: every wallet source, every sink. */
class Web3KeyMinterEmulatorTest {
  @TempDir Path dir;
  private VeniceEmulator venice;
  private VeniceClient client;

  @BeforeEach
  void start() {
    venice =
        Emulators.start(
            TestKeys.LIGHT_ADDRESS,
            TestKeys.STANDARD_ADDRESS,
            TestKeys.VECTOR_ADDRESS,
            TestKeys.MNEMONIC_ADDRESS);
    client = VeniceClient.builder().baseUrl(venice.baseUrl()).build();
  }

  @AfterEach
  void stop() {
    client.close();
    Emulators.stop(venice);
  }

  private MintResult mint(WalletSource wallet, SecretSink... sinks) {
    return Web3KeyMinter.builder()
        .client(client)
        .wallet(wallet)
        .sinks(List.of(sinks))
        .build()
        .mint(KeySpec.builder().noLimit().build());
  }

  private static WalletSource lightKeystore() {
    return WalletSource.keystore(
        Path.of(TestKeys.LIGHT_KEYSTORE),
        KeystorePassword.fromFile(Path.of(TestKeys.LIGHT_PASSWORD_FILE)));
  }

  private String onlySecret() {
    assertThat(io.keymint.testing.Emulators.secrets(venice)).hasSize(1);
    return io.keymint.testing.Emulators.secrets(venice).get(0);
  }

  @Test
  void mint_lightKeystore_fileSink_storesTheIssuedSecretWithMode0600() throws Exception {
    Path file = dir.resolve("venice-api-key");

    MintResult result = mint(lightKeystore(), SecretSink.file(file));

    assertThat(Files.readString(file, UTF_8)).isEqualTo(onlySecret() + "\n");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
    assertThat(result.key().walletAddress()).contains(TestKeys.LIGHT_ADDRESS);
    assertThat(venice.mintCount()).isEqualTo(1);
  }

  @Test
  void mint_standardKeystore_unlocksAndMints() throws Exception {
    Path file = dir.resolve("key");
    WalletSource standard =
        WalletSource.keystore(
            Path.of(TestKeys.STANDARD_KEYSTORE),
            KeystorePassword.fromFile(Path.of(TestKeys.STANDARD_PASSWORD_FILE)));

    MintResult result = mint(standard, SecretSink.file(file));

    assertThat(result.key().walletAddress()).contains(TestKeys.STANDARD_ADDRESS);
    assertThat(Files.readString(file, UTF_8)).isEqualTo(onlySecret() + "\n");
  }

  @Test
  void mint_privateKeyFromEnv_envFileSink_setsVeniceApiKeyAndKeepsOtherLines() throws Exception {
    Path env = dir.resolve(".env");
    Files.writeString(env, "# agent config\nMODEL=llama\nVENICE_API_KEY=old\n", UTF_8);

    mint(
        WalletSource.privateKeyEnv(
            "WALLET_KEY", Map.of("WALLET_KEY", TestKeys.VECTOR_PRIVATE_KEY)::get),
        SecretSink.envFile(env));

    assertThat(Files.readString(env, UTF_8))
        .isEqualTo("# agent config\nMODEL=llama\nVENICE_API_KEY=" + onlySecret() + "\n");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(env)))
        .isEqualTo("rw-------");
  }

  @Test
  void mint_mnemonicFromEnv_callbackSink_receivesTheKey() {
    AtomicReference<ApiKey> got = new AtomicReference<>();

    MintResult result =
        mint(
            WalletSource.mnemonicEnv("SEED", Map.of("SEED", TestKeys.MNEMONIC)::get),
            SecretSink.callback(got::set));

    assertThat(got.get()).isSameAs(result.key());
    assertThat(got.get().secret().reveal()).isEqualTo(onlySecret());
    assertThat(result.key().walletAddress()).contains(TestKeys.MNEMONIC_ADDRESS);
  }

  @Test
  void mint_stdoutSink_printsExactlyTheSecret() {
    String captured =
        LeakWatch.captureStdout(
            () ->
                mint(
                    WalletSource.privateKey(TestKeys.VECTOR_PRIVATE_KEY.toCharArray()),
                    SecretSink.stdout()));
    assertThat(captured).isEqualTo(onlySecret() + "\n");
  }

  @Test
  void mint_severalSinks_allReceiveTheSameSecret() throws Exception {
    Path a = dir.resolve("a");
    Path b = dir.resolve("b.env");
    AtomicReference<ApiKey> c = new AtomicReference<>();

    MintResult result =
        mint(
            lightKeystore(),
            SecretSink.file(a),
            SecretSink.envFile(b),
            SecretSink.callback(c::set));

    String secret = onlySecret();
    assertThat(Files.readString(a, UTF_8)).isEqualTo(secret + "\n");
    assertThat(Files.readString(b, UTF_8)).isEqualTo("VENICE_API_KEY=" + secret + "\n");
    assertThat(c.get().secret().reveal()).isEqualTo(secret);
    assertThat(result.sinks()).hasSize(3);
  }

  @Test
  void mint_keySpec_isAppliedByVenice() {
    AtomicReference<ApiKey> got = new AtomicReference<>();
    KeySpec spec =
        KeySpec.builder()
            .noLimit()
            .type(ApiKeyType.ADMIN)
            .description("spec test")
            .usdLimit(new BigDecimal("12.5"))
            .limitPeriod(LimitPeriod.MONTH)
            .modelPrivacy(ModelPrivacy.PRIVATE_ONLY)
            .expiresAt("2030-01-01")
            .build();

    ApiKey key =
        Web3KeyMinter.builder()
            .client(client)
            .wallet(lightKeystore())
            .sink(SecretSink.callback(got::set))
            .build()
            .mint(spec)
            .key();

    assertThat(key.type()).contains(ApiKeyType.ADMIN);
    assertThat(key.description()).contains("spec test");
    assertThat(key.consumptionLimit().usd())
        .hasValueSatisfying(v -> assertThat(v).isEqualByComparingTo("12.5"));
    assertThat(key.limitPeriod()).contains(LimitPeriod.MONTH);
    assertThat(key.modelPrivacy()).contains(ModelPrivacy.PRIVATE_ONLY);
    assertThat(key.expiresAt()).isPresent();
  }

  @Test
  void mint_unwritableSinkFolder_isDetectedBeforeAnyKeyIsMinted() {
    // root may write anywhere on disk; /proc refuses new files even to root
    Throwable e =
        catchThrowable(
            () -> mint(lightKeystore(), SecretSink.file(Path.of("/proc/venice-api-key"))));

    assertThat(e).isInstanceOf(SinkException.class).hasMessageContaining("/proc");
    assertThat(venice.mintCount()).isZero();
    assertThat(io.keymint.testing.Emulators.secrets(venice)).isEmpty();
  }

  @Test
  void mint_oneGoodOneBadSink_isRefusedBeforeMinting() {
    Path good = dir.resolve("good");

    Throwable e =
        catchThrowable(
            () ->
                mint(
                    lightKeystore(),
                    SecretSink.file(good),
                    SecretSink.file(dir.resolve("no/such/dir/key"))));

    assertThat(e).isInstanceOf(SinkException.class);
    assertThat(good).doesNotExist();
    assertThat(venice.mintCount()).isZero();
  }

  @Test
  void mint_walletWithoutStake_isRefusedWithVenicesMessage() {
    Path file = dir.resolve("key");
    WalletSource unstaked = WalletSource.privateKey(TestKeys.STANDARD_PRIVATE_KEY.toCharArray());
    venice.removeStaker(TestKeys.STANDARD_ADDRESS);

    Throwable e = catchThrowable(() -> mint(unstaked, SecretSink.file(file)));

    assertThat(e)
        .isInstanceOf(BadRequestException.class)
        .hasMessageContaining("has no staked VVV on Base");
    assertThat(file).doesNotExist();
  }

  @Test
  void mint_transientVerifyFailure_isRetriedAndSucceeds() throws Exception {
    Path file = dir.resolve("key");
    venice.failNextVerifications(2);
    VeniceClient fast = client.newBuilder().sleeper(d -> {}).build();

    MintResult result =
        Web3KeyMinter.builder()
            .client(fast)
            .wallet(lightKeystore())
            .sink(SecretSink.file(file))
            .build()
            .mint(KeySpec.builder().noLimit().build());

    assertThat(result.attempts()).isEqualTo(3);
    assertThat(Files.readString(file, UTF_8)).isEqualTo(onlySecret() + "\n");
  }

  @Test
  void mint_wrongPassword_failsBeforeTalkingToVenice() throws Exception {
    Path pw = dir.resolve("pw");
    Files.writeString(pw, "not the password\n", UTF_8);

    Throwable e =
        catchThrowable(
            () ->
                mint(
                    WalletSource.keystore(
                        Path.of(TestKeys.LIGHT_KEYSTORE), KeystorePassword.fromFile(pw)),
                    SecretSink.file(dir.resolve("k"))));

    assertThat(e)
        .isInstanceOf(WalletException.class)
        .hasMessageContaining("password")
        .hasMessageNotContaining("not the password");
    assertThat(venice.mintCount()).isZero();
  }
}
