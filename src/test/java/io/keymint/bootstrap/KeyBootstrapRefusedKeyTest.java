package io.keymint.bootstrap;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.keymint.ApiKeySecret;
import io.keymint.sink.ReadableSink;
import io.keymint.sink.SecretSink;
import io.keymint.testing.LeakWatch;
import io.keymint.testing.TestKeys;
import io.keymint.venice.ApiKey;
import io.keymint.venice.ApiKeyType;
import io.keymint.venice.VeniceClient;
import io.keymint.wallet.WalletSource;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A stored key that Venice refuses for now (its cap is spent) must not be silently replaced: a new
 * key would lift the cap. WireMock plays that Venice; the emulator always admits its keys.
 */
class KeyBootstrapRefusedKeyTest {
  private static final String STORED =
      "VENICE_INFERENCE_KEY_storedButCapSpent0123456789abcdefghijkl";
  private static final String FRESH =
      "VENICE_INFERENCE_KEY_freshReplacement0123456789abcdefghijklm";
  private static final String WEB3 = "/api/v1/api_keys/generate_web3_key";

  static {
    LeakWatch.secret(STORED);
    LeakWatch.secret(FRESH);
  }

  @TempDir Path dir;
  private WireMockServer wm;
  private VeniceClient client;
  private ReadableSink sink;

  @BeforeEach
  void start() {
    wm = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
    wm.start();
    client =
        VeniceClient.builder()
            .baseUrl("http://127.0.0.1:" + wm.port() + "/api/v1")
            .sleeper(d -> {})
            .build();
    sink = SecretSink.file(dir.resolve("venice-api-key"));
    sink.write(
        ApiKey.builder()
            .id("k-stored")
            .type(ApiKeyType.INFERENCE)
            .secret(ApiKeySecret.of(STORED))
            .build());
    wm.stubFor(
        get(WEB3)
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withBody("{\"success\":true,\"data\":{\"token\":\"h.p.t\"}}")));
    wm.stubFor(
        post(WEB3)
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withBody(
                        "{\"success\":true,\"data\":{\"id\":\"k-fresh\",\"apiKey\":\""
                            + FRESH
                            + "\",\"apiKeyType\":\"INFERENCE\"}}")));
  }

  @AfterEach
  void stop() {
    client.close();
    wm.stop();
  }

  private KeyBootstrap.Builder bootstrap() {
    return KeyBootstrap.builder()
        .client(client)
        .wallet(WalletSource.privateKey(TestKeys.VECTOR_PRIVATE_KEY.toCharArray()))
        .sink(sink)
        .verify(false) // the stubbed rate_limits answer is about the stored key, not the new one
        .spec(io.keymint.venice.KeySpec.builder().usdLimit(java.math.BigDecimal.TEN).build());
  }

  private void rateLimits(int status, String body) {
    wm.stubFor(
        get("/api/v1/api_keys/rate_limits")
            .willReturn(aResponse().withStatus(status).withBody(body)));
  }

  @Test
  void ensure_accessNotPermitted_keepsTheKeyAndMintsNothing() throws Exception {
    rateLimits(
        200,
        "{\"data\":{\"accessPermitted\":false,\"balances\":{\"USD\":0},\"keyExpiration\":null}}");

    BootstrapException e =
        catchThrowableOfType(BootstrapException.class, () -> bootstrap().build().ensure());

    assertThat(e.kind()).isEqualTo(BootstrapException.Kind.KEY_REFUSED);
    assertThat(e)
        .hasMessageContaining("k-stored")
        .hasMessageContaining("KeyBootstrap.Builder.replaceRefusedKeys")
        .hasMessageNotContaining(STORED);
    wm.verify(0, postRequestedFor(urlEqualTo(WEB3)));
    assertThat(sink.read().orElseThrow().secret().reveal()).isEqualTo(STORED);
  }

  @Test
  void ensure_spendLimit402_keepsTheKeyAndMintsNothing() {
    rateLimits(402, "{\"error\":\"API key USD spend limit exceeded\"}");

    BootstrapException e =
        catchThrowableOfType(BootstrapException.class, () -> bootstrap().build().ensure());

    assertThat(e.kind()).isEqualTo(BootstrapException.Kind.KEY_REFUSED);
    wm.verify(0, postRequestedFor(urlEqualTo(WEB3)));
  }

  @Test
  void ensure_refusedKeyWithReplaceRefused_mintsAReplacement() throws Exception {
    rateLimits(200, "{\"data\":{\"accessPermitted\":false}}");

    BootstrapResult r = bootstrap().replaceRefusedKeys(true).build().ensure();

    assertThat(r.outcome()).isEqualTo(BootstrapResult.Outcome.MINTED);
    assertThat(sink.read().orElseThrow().secret().reveal()).isEqualTo(FRESH);
  }

  @Test
  void ensure_revokedKey401_isReplacedWithoutAsking() throws Exception {
    rateLimits(401, "{\"error\":\"Authentication failed\"}");

    BootstrapResult r = bootstrap().build().ensure();

    assertThat(r.outcome()).isEqualTo(BootstrapResult.Outcome.MINTED);
    assertThat(sink.read().orElseThrow().secret().reveal()).isEqualTo(FRESH);
  }
}
