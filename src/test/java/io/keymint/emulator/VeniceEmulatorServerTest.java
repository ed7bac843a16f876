package io.keymint.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.keymint.venice.ApiKeyType;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class VeniceEmulatorServerTest {

  @Test
  void start_portZero_bindsAFreeLoopbackPortAndCloseFreesIt() throws IOException {
    int port;
    try (VeniceEmulator venice = VeniceEmulator.builder().start()) {
      port = venice.port();
      assertThat(port).isPositive();
      assertThat(venice.baseUrl()).isEqualTo(URI.create("http://127.0.0.1:" + port + "/api/v1"));
      assertThat(new Http(venice).get("/api_keys/generate_web3_key", null).status()).isEqualTo(200);
    }
    // SO_REUSEADDR (the Linux default) only ignores connections in TIME_WAIT: the bind still fails
    // if anything is listening
    try (ServerSocket again = new ServerSocket()) {
      again.setReuseAddress(true);
      again.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port));
      assertThat(again.getLocalPort()).isEqualTo(port);
    }
  }

  @Test
  void start_twice_isANoOp() {
    try (VeniceEmulator venice = VeniceEmulator.builder().build()) {
      assertThatThrownBy(venice::port)
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("not started");
      int port = venice.start().port();

      assertThat(venice.start().port()).isEqualTo(port);
    }
  }

  @Test
  void start_afterClose_isRefused() {
    VeniceEmulator venice = VeniceEmulator.builder().start();
    venice.close();
    venice.close();

    assertThatThrownBy(venice::start).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(venice::baseUrl).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void builder_rejectsNonsense() {
    assertThatThrownBy(() -> VeniceEmulator.builder().staker("alice"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> VeniceEmulator.builder().port(70000))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> VeniceEmulator.builder().maxActiveKeys(0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> VeniceEmulator.builder().tokenTtl(java.time.Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void unknownRoute_is404JsonWithVeniceHeaders() {
    try (VeniceEmulator venice = VeniceEmulator.builder().start()) {
      Http.Res r = new Http(venice).get("/chat/completions", null);

      assertThat(r.status()).isEqualTo(404);
      assertThat(r.error()).isNotBlank();
      assertThat(r.header("Content-Type")).isEqualTo("application/json");
      assertThat(r.header("CF-RAY")).endsWith("-EMU");
      assertThat(r.header("x-venice-version")).isNotBlank();
    }
  }

  @Test
  void wrongMethod_is405WithAllow() {
    try (VeniceEmulator venice = VeniceEmulator.builder().start()) {
      Http.Res r = new Http(venice).delete("/api_keys/generate_web3_key", null);

      assertThat(r.status()).isEqualTo(405);
      assertThat(r.header("Allow")).isEqualTo("GET, POST");
      assertThat(r.error()).isEqualTo("Method not allowed");
    }
  }

  @Test
  void cfRay_differsPerResponse() {
    try (VeniceEmulator venice = VeniceEmulator.builder().start()) {
      Http http = new Http(venice);

      assertThat(http.get("/api_keys", null).header("CF-RAY"))
          .isNotEqualTo(http.get("/api_keys", null).header("CF-RAY"));
    }
  }

  @Test
  void mint_concurrentUsesOfOneToken_mintExactlyOnce() throws Exception {
    try (VeniceEmulator venice = VeniceEmulator.builder().staker(Http.ADDRESS).start()) {
      Http http = new Http(venice);
      String token = http.token();
      ExecutorService pool = Executors.newFixedThreadPool(8);
      try {
        List<Callable<Integer>> calls = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
          calls.add(() -> http.mint(Http.mintBody(token)).status());
        }
        List<Integer> statuses = new ArrayList<>();
        for (Future<Integer> f : pool.invokeAll(calls)) {
          statuses.add(f.get());
        }

        assertThat(statuses).containsOnlyOnce(200);
        assertThat(venice.mintCount()).isEqualTo(1);
      } finally {
        pool.shutdownNow();
      }
    }
  }

  @Test
  void errorBodies_neverContainAnIssuedSecret() {
    try (VeniceEmulator venice = VeniceEmulator.builder().staker(Http.ADDRESS).start()) {
      Http http = new Http(venice);
      String admin = venice.createKey(ApiKeyType.ADMIN, null);
      String inference = venice.createKey(ApiKeyType.INFERENCE, "i");
      List<String> bodies = new ArrayList<>();
      bodies.add(http.get("/api_keys", inference).body().toString());
      bodies.add(http.get("/api_keys/" + admin, admin).body().toString());
      bodies.add(http.delete("/api_keys?id=" + inference, admin).body().toString());
      bodies.add(
          http.post("/api_keys", admin, "{\"apiKeyType\":\"GOD\",\"x\":1}").body().toString());
      bodies.add(http.get("/api_keys", "VENICE_ADMIN_KEY_wrong").body().toString());
      bodies.add(http.get("/api_keys", admin).body().toString());

      for (String secret : io.keymint.testing.Emulators.secrets(venice)) {
        assertThat(bodies).noneMatch(b -> b.contains(secret));
      }
    }
  }

  @Test
  void createKey_seededKeyWithoutDescription_listsWithoutDescription() {
    try (VeniceEmulator venice = VeniceEmulator.builder().start()) {
      String admin = venice.createKey(ApiKeyType.ADMIN, null);

      var key = new Http(venice).get("/api_keys", admin).body().path("data").get(0);

      assertThat(key.has("description")).isFalse();
      assertThat(venice.activeKeyCount()).isEqualTo(1);
    }
  }

  @Test
  void chunkedBodyOver64KiB_is413() {
    try (VeniceEmulator venice = VeniceEmulator.builder().start()) {
      Http http = new Http(venice);
      byte[] big =
          ("{\"description\":\"" + "x".repeat(100_000) + "\"}")
              .getBytes(java.nio.charset.StandardCharsets.UTF_8);

      Http.Res r =
          http.send(
              http.request("/api_keys/generate_web3_key", null)
                  .header("Content-Type", "application/json")
                  .POST(
                      java.net.http.HttpRequest.BodyPublishers.ofInputStream(
                          () -> new java.io.ByteArrayInputStream(big))));

      assertThat(r.status()).isEqualTo(413);
      assertThat(r.body().path("code").asText()).isEqualTo("PAYLOAD_TOO_LARGE");
    }
  }

  @Test
  void jsonContentTypeWithCharset_isAccepted() {
    try (VeniceEmulator venice = VeniceEmulator.builder().staker(Http.ADDRESS).start()) {
      Http http = new Http(venice);

      Http.Res r =
          http.send(
              http.request("/api_keys/generate_web3_key", null)
                  .header("Content-Type", "Application/JSON; charset=utf-8")
                  .POST(Http.body(Http.mintBody(http.token()).toString())));

      assertThat(r.status()).isEqualTo(200);
    }
  }
}
