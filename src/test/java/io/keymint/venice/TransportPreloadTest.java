package io.keymint.venice;

import static org.assertj.core.api.Assertions.assertThat;

import io.keymint.internal.Preload;
import io.keymint.testing.HostileServer;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The CLI's head start: a throwaway client built on a daemon thread, nothing sent, nothing left.
 */
class TransportPreloadTest {
  @Test
  void preload_endsWithoutSendingAndTheRealTransportStillWorks() throws Exception {
    try (HostileServer server = new HostileServer(HostileServer.json(200, "{}"))) {
      Thread t = Preload.transport(); // the CLI's hook, so the CLI needs no public preload
      assertThat(t.isDaemon()).isTrue();
      assertThat(t.getName()).isEqualTo("keymint-preload");
      t.join(TimeUnit.SECONDS.toMillis(60));

      assertThat(t.isAlive()).isFalse();
      assertThat(Transport.preload()).isSameAs(t); // once per process
      assertThat(Preload.transport()).isSameAs(t);
      assertThat(server.gets() + server.posts()).isZero();
      try (Transport transport =
          new Transport(
              new TransportConfig(Duration.ofSeconds(5), Duration.ofSeconds(5), "test", null))) {
        HttpResponse r =
            transport.execute(
                "GET",
                URI.create(server.baseUrl() + "/api_keys/generate_web3_key"),
                Map.of(),
                null,
                Duration.ofSeconds(5),
                Duration.ofSeconds(10));
        assertThat(r.status()).isEqualTo(200);
      }
      assertThat(server.gets()).isEqualTo(1);
    }
  }
}
