package io.keymint.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The emulator turns TCP_NODELAY on for the JDK server's connections (no timing here: the effect is
 * measured by bench/emulator/run.sh).
 */
class EmulatorNoDelayTest {
  @Test
  void theJdkServerRunsWithTcpNoDelay() {
    try (VeniceEmulator venice = VeniceEmulator.builder().start()) {
      assertThat(venice.baseUrl()).isNotNull();
      // read by sun.net.httpserver.ServerConfig when the first server is created
      assertThat(System.getProperty("sun.net.httpserver.nodelay")).isEqualTo("true");
    }
  }
}
