package io.keymint.sink;

import io.keymint.ApiKeySecret;
import io.keymint.venice.ApiKey;
import io.keymint.venice.ApiKeyType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/** Keys and file helpers shared by the sink tests. */
public final class SinkFixtures {
  /** Shaped like a Venice secret: [A-Za-z0-9_-]. */
  public static final String SECRET = "vk_TestSecret-0123456789_abcdefXYZ";

  static final String ID = "2b1f6c1e-7d0a-4c55-9f0e-1a2b3c4d5e6f";

  static {
    io.keymint.testing.LeakWatch.secret(SECRET);
  }

  private SinkFixtures() {}

  public static ApiKey key() {
    return key(SECRET);
  }

  static ApiKey key(String secret) {
    return ApiKey.builder()
        .id(ID)
        .secret(ApiKeySecret.of(secret))
        .type(ApiKeyType.INFERENCE)
        .build();
  }

  static String mode(Path p) throws Exception {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
  }

  static Set<PosixFilePermission> perms(String s) {
    return PosixFilePermissions.fromString(s);
  }
}
