package io.keymint.internal;

import java.util.function.Supplier;

/**
 * The CLI's way to start loading the HTTP transport's classes early without that being library API
 * (the JDK's "shared secrets" pattern): {@code io.keymint.venice}'s transport registers its preload
 * here when its class initializes, and {@link #transport()} initializes that class by name, so this
 * package names no class above it. Not API.
 */
public final class Preload {
  private static final String TRANSPORT = "io.keymint.venice.Transport";
  private static volatile Supplier<Thread> transport;

  private Preload() {}

  /** Called once by the transport's class initializer: how to start its preload. */
  public static void registerTransport(Supplier<Thread> preload) {
    transport = preload;
  }

  /**
   * Starts loading the HTTP transport's classes on a background daemon thread (a no-op after the
   * first call), for a short-lived process that will send its first request soon.
   *
   * @return the loading thread, started
   */
  public static Thread transport() {
    if (transport == null) {
      try {
        Class.forName(TRANSPORT, true, Preload.class.getClassLoader());
      } catch (ClassNotFoundException e) {
        throw new IllegalStateException(TRANSPORT + " is missing from the build", e);
      }
    }
    return transport.get();
  }
}
