package io.keymint.store;

import io.keymint.sink.StoredKey;
import io.keymint.venice.ApiKey;
import java.util.Objects;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a running agent on the fleet's current key: hands the stored key to a callback at start,
 * then every key written to the store after it (a rotation on another replica), without a restart.
 *
 * <pre>{@code
 * try (KeyWatch w = KeyWatch.start(store, key -> agent.useKey(key.secret()))) {
 *   agent.run();
 * }
 * }</pre>
 *
 * <p>The callback runs on the store's thread, once per distinct key (by id and last six
 * characters), in the order the store wrote them; an exception it throws is logged (without the
 * secret) and the watch goes on.
 */
public final class KeyWatch implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(KeyWatch.class);

  private final KeyStore store;
  private final Consumer<StoredKey> onKey;
  private final AutoCloseable subscription;
  private String last;

  private KeyWatch(KeyStore store, Consumer<StoredKey> onKey) {
    this.store = store;
    this.onKey = onKey;
    // subscribe first, then read: a key written in between is seen at least once
    this.subscription = store.watch(this::deliver);
  }

  /**
   * Starts watching: the current key (if any) is delivered before this returns.
   *
   * @param store the shared store; not null (not closed by the watch)
   * @param onKey receives each key; not null
   * @return the running watch; close it to stop
   * @throws StoreException if the store cannot be read
   * @throws UnsupportedOperationException if the store cannot be watched
   */
  public static KeyWatch start(KeyStore store, Consumer<StoredKey> onKey) {
    KeyWatch w =
        new KeyWatch(Objects.requireNonNull(store, "store"), Objects.requireNonNull(onKey));
    try {
      store.read().ifPresent(r -> w.deliver(r.key()));
    } catch (RuntimeException e) {
      w.close();
      throw e;
    }
    return w;
  }

  private synchronized void deliver(StoredKey key) {
    String identity = key.metadata().map(ApiKey::id).orElse("?") + ":" + key.secret().lastSix();
    if (identity.equals(last)) {
      return;
    }
    last = identity;
    try {
      onKey.accept(key);
    } catch (RuntimeException e) {
      log.warn(
          "the watch callback failed for the key ending {} from {}: {}",
          key.secret().lastSix(),
          store.description(),
          e.getClass().getName());
    }
  }

  @Override
  public void close() {
    try {
      subscription.close();
    } catch (Exception e) {
      log.debug("closing the watch on {}: {}", store.description(), e.toString());
    }
  }
}
