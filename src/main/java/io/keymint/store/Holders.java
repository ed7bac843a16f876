package io.keymint.store;

import java.net.InetAddress;

/** Names this process in lease records: host name and pid. */
final class Holders {
  private Holders() {}

  static String thisProcess() {
    String host;
    try {
      host = InetAddress.getLocalHost().getHostName();
    } catch (Exception e) {
      host = System.getenv().getOrDefault("HOSTNAME", "unknown-host");
    }
    return host + "/" + ProcessHandle.current().pid();
  }
}
