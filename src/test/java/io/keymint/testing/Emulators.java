package io.keymint.testing;

import io.keymint.emulator.VeniceEmulator;

/** Starts emulators for tests and hands every secret they issued to the leak sweep when stopped. */
public final class Emulators {
  private Emulators() {}

  /** An emulator on a free loopback port where {@code stakers} hold sVVV. */
  public static VeniceEmulator start(String... stakers) {
    VeniceEmulator.Builder b = VeniceEmulator.builder();
    for (String s : stakers) {
      b.staker(s);
    }
    return b.start();
  }

  /** The secrets {@code emulator} issued, revealed, oldest first: test code compares them. */
  public static java.util.List<String> secrets(VeniceEmulator emulator) {
    java.util.List<String> out = new java.util.ArrayList<>();
    for (io.keymint.ApiKeySecret s : emulator.issuedSecrets()) {
      out.add(s.reveal());
    }
    return out;
  }

  /**
   * A client on {@code emulator} that never really sleeps between retries; the caller closes it.
   */
  public static io.keymint.venice.VeniceClient client(VeniceEmulator emulator) {
    return io.keymint.venice.VeniceClient.builder()
        .baseUrl(emulator.baseUrl())
        .sleeper(d -> {})
        .build();
  }

  /** Closes {@code emulator} (null is ignored), handing every secret it issued to the sweep. */
  public static void stop(VeniceEmulator emulator) {
    if (emulator != null) {
      LeakWatch.secrets(secrets(emulator));
      emulator.close();
    }
  }
}
