package io.keymint.emulator;

import java.time.Instant;

/** The settings of a key to create, validated already. Holds no secret. */
record KeySpec(
    Wire.KeyType type,
    String description,
    Instant expiresAt,
    Limits limits,
    Wire.Period limitPeriod,
    Wire.Privacy modelPrivacy) {}
