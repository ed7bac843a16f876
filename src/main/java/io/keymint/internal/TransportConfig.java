package io.keymint.internal;

import java.time.Duration;

/** Settings of a {@link Transport}. {@code proxy} is {@code scheme://host:port} or null. */
public record TransportConfig(
    Duration connectTimeout, Duration readTimeout, String userAgent, String proxy) {}
