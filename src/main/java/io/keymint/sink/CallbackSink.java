package io.keymint.sink;

import io.keymint.venice.ApiKey;
import java.util.Objects;
import java.util.function.Consumer;

/** {@link SecretSink#callback(Consumer)}: hands the key to embedding code. */
final class CallbackSink implements SecretSink {
  private final Consumer<ApiKey> consumer;
  private final Object lock = new Object();

  CallbackSink(Consumer<ApiKey> consumer) {
    this.consumer = Objects.requireNonNull(consumer, "consumer");
  }

  @Override
  public void preflight() {
    // The consumer is code, not a place: nothing to check ahead of time.
  }

  @Override
  public void write(ApiKey key) {
    Objects.requireNonNull(key, "key");
    synchronized (lock) {
      try {
        consumer.accept(key);
      } catch (SinkException e) {
        throw e;
      } catch (RuntimeException e) {
        // Only the type: the consumer's own message is not ours to vouch for.
        throw new SinkException("callback: the consumer threw " + e.getClass().getName(), e);
      }
    }
  }

  @Override
  public String description() {
    return "callback";
  }

  @Override
  public String toString() {
    return "callback";
  }
}
