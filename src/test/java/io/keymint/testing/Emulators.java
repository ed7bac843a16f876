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

  public static void stop(VeniceEmulator emulator) {
    if (emulator != null) {
      LeakWatch.secrets(secrets(emulator));
      emulator.close();
    }
  }
}
