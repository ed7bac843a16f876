package io.keymint.venice;

import java.time.Duration;

/** Settings of a {@link Transport}. {@code proxy} is {@code scheme://host:port} or null. */
record TransportConfig(
    Duration connectTimeout, Duration readTimeout, String userAgent, String proxy) {}
