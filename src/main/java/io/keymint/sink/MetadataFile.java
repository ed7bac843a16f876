package io.keymint.sink;

import io.keymint.internal.Json;
import io.keymint.internal.codec.KeyJson;
import io.keymint.venice.ApiKey;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * The {@code PATH.meta.json} sidecar of the file sinks. Written after the secret, so a crash
 * between the two leaves metadata of the previous key: {@link #read} notices by the last six
 * characters and ignores it rather than describe the wrong key.
 */
final class MetadataFile {
  private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(MetadataFile.class);
  private static final int MAX_BYTES = 64 * 1024;

  private MetadataFile() {}

  static Path of(Path target) {
    return target.resolveSibling(target.getFileName() + ".meta.json");
  }

  /**
   * The sidecar must be absent or a regular file: a folder or a link there is found before a mint.
   */
  static void preflight(Path target, String sink) {
    SinkFiles.checkShape(of(target), sink + " (metadata)");
  }

  /**
   * Writes the sidecar once the secret is in place. A failure here does not unstore the secret: it
   * is logged at WARN and the sink counts as written (later runs check the key with Venice).
   */
  static void writeAfterSecret(
      Path target, ApiKey key, String extraName, String extraValue, String sink) {
    try {
      write(target, key, extraName, extraValue, sink);
    } catch (RuntimeException e) {
      log.warn(
          "{}: the secret of key {} is stored in {}, but its metadata could not be written ({}):"
              + " ensure will ask Venice about the key instead",
          sink,
          key.id(),
          target,
          e.getMessage());
    }
  }

  static void write(Path target, ApiKey key, String extraName, String extraValue, String sink) {
    var json = KeyJson.metadata(key);
    if (extraName != null) {
      json.put(extraName, extraValue);
    }
    SinkFiles.replace(of(target), Json.write(json), sink + " (metadata)");
  }

  /**
   * The sidecar's metadata if present, readable and about a secret ending {@code lastSix}, else
   * null. A broken sidecar never costs the secret: it only means "no metadata".
   */
  static ApiKey read(Path target, String lastSix, String extraName, String extraValue) {
    Path file = of(target);
    try {
      if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS) || Files.size(file) > MAX_BYTES) {
        return null;
      }
      byte[] bytes = Files.readAllBytes(file);
      if (extraName != null) {
        String stored = Json.text(Json.parse(bytes), extraName);
        if (stored != null && !stored.equals(extraValue)) {
          return null;
        }
      }
      ApiKey m = KeyJson.readMetadata(bytes);
      return m.lastSix().orElse("").equals(lastSix) ? m : null;
    } catch (NoSuchFileException e) {
      return null;
    } catch (IOException | IllegalArgumentException e) {
      return null;
    }
  }
}
