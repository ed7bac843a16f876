package io.keymint.testing;

import io.keymint.emulator.VeniceEmulator;
import io.keymint.venice.VeniceClient;
import org.junit.jupiter.api.AfterEach;

/**
 * What the library tests that run against one emulator share: the emulator, a client on it that
 * never really sleeps between retries ({@link Emulators#client}), both closed after each test (and
 * the emulator's secrets handed to the leak sweep).
 */
public abstract class OnEmulator {
  /** The emulator of this test, or null before {@link #startVenice}/{@link #useVenice}. */
  protected VeniceEmulator venice;

  /** A client on {@link #venice}. */
  protected VeniceClient client;

  /** Starts an emulator where {@code stakers} hold sVVV, and a client on it. */
  protected final void startVenice(String... stakers) {
    useVenice(Emulators.start(stakers));
  }

  /** Makes {@code emulator} (built by the test) this test's, closing the one before if any. */
  protected final void useVenice(VeniceEmulator emulator) {
    stopVenice();
    venice = emulator;
    client = Emulators.client(emulator);
  }

  @AfterEach
  protected final void stopVenice() {
    if (client != null) {
      client.close();
      client = null;
    }
    Emulators.stop(venice);
    venice = null;
  }
}
