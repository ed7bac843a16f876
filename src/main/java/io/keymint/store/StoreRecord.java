package io.keymint.store;

import io.keymint.sink.StoredKey;
import java.util.Objects;

/**
 * What a {@link KeyStore} holds: the key (secret and metadata) and the store's version of the
 * record, to write back with compare-and-set.
 */
public final class StoreRecord {
  private final StoredKey key;
  private final String version;

  /**
   * A record.
   *
   * @param key the stored key; not null
   * @param version the store's opaque version of it (etcd mod revision, Kubernetes
   *     resourceVersion); not null
   */
  public StoreRecord(StoredKey key, String version) {
    this.key = Objects.requireNonNull(key, "key");
    this.version = Objects.requireNonNull(version, "version");
  }

  /** The stored key. */
  public StoredKey key() {
    return key;
  }

  /** The version to pass to {@link KeyStore#write} to replace exactly this record. */
  public String version() {
    return version;
  }

  @Override
  public String toString() {
    return "StoreRecord{" + key + ", version=" + version + "}";
  }
}
