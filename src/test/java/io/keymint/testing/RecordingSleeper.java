package io.keymint.testing;

import io.keymint.venice.Sleeper;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A sleeper that records the delays it was asked for and returns at once. */
public final class RecordingSleeper implements Sleeper {
  public final List<Duration> delays = new CopyOnWriteArrayList<>();

  @Override
  public void sleep(Duration duration) {
    delays.add(duration);
  }
}
