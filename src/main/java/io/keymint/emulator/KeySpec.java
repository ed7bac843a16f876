package io.keymint.emulator;

import io.keymint.venice.ApiKeyType;
import io.keymint.venice.LimitPeriod;
import io.keymint.venice.ModelPrivacy;
import java.time.Instant;

/** The settings of a key to create, validated already. Holds no secret. */
record KeySpec(
    ApiKeyType type,
    String description,
    Instant expiresAt,
    Limits limits,
    LimitPeriod limitPeriod,
    ModelPrivacy modelPrivacy) {}
