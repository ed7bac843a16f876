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

  public static void stop(VeniceEmulator emulator) {
    if (emulator != null) {
      LeakWatch.secrets(emulator.issuedSecrets());
      emulator.close();
    }
  }
}
