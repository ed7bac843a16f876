package io.keymint.testing;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.keymint.venice.VeniceClient;

/** WireMock as Venice: the set-up the WireMock tests share. */
public final class WireMocks {
  private WireMocks() {}

  /** A started WireMock server on a free loopback port; the test stops it. */
  public static WireMockServer start() {
    WireMockServer wm = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
    wm.start();
    return wm;
  }

  /** Venice's base URL on {@code wm}: {@code http://127.0.0.1:PORT/api/v1}. */
  public static String baseUrl(WireMockServer wm) {
    return "http://127.0.0.1:" + wm.port() + "/api/v1";
  }

  /** A client builder on {@code wm} whose waits go to {@code time} (so it never really sleeps). */
  public static VeniceClient.Builder client(WireMockServer wm, TestClock time) {
    return VeniceClient.builder().baseUrl(baseUrl(wm)).sleeper(time.sleeper());
  }
}
