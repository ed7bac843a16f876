package io.keymint.testing;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Real etcd members ({@link EtcdCluster}) owned by JUnit, the one set-up of every etcd test:
 *
 * <pre>{@code
 * @RegisterExtension static final EtcdFixture etcd = EtcdFixture.perClass(1); // shared by the class
 * @RegisterExtension final EtcdFixture etcd = EtcdFixture.perTest();  // each test calls start(n)
 * }</pre>
 *
 * A per-test cluster stops after the test's own {@code @AfterEach} methods (so child processes that
 * use it are stopped first), a per-class one after the last test; either way its folder is deleted.
 */
public final class EtcdFixture implements BeforeAllCallback, AfterEachCallback, AfterAllCallback {
  private final int perClassSize;
  private EtcdCluster cluster;
  private Path dir;

  private EtcdFixture(int perClassSize) {
    this.perClassSize = perClassSize;
  }

  /** {@code size} members started before the class's first test and stopped after its last. */
  public static EtcdFixture perClass(int size) {
    if (size < 1) {
      throw new IllegalArgumentException("size < 1");
    }
    return new EtcdFixture(size);
  }

  /** Nothing until a test calls {@link #start}; stopped after each test. */
  public static EtcdFixture perTest() {
    return new EtcdFixture(0);
  }

  /** Starts {@code size} members as one cluster and waits until it is healthy. */
  public EtcdCluster start(int size) {
    if (cluster != null) {
      throw new IllegalStateException("etcd is already running");
    }
    try {
      dir = Files.createTempDirectory("keymint-etcd-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    cluster = EtcdCluster.start(dir, size);
    return cluster;
  }

  /** The running cluster. */
  public EtcdCluster cluster() {
    if (cluster == null) {
      throw new IllegalStateException("etcd is not running: call start(n) first");
    }
    return cluster;
  }

  /** {@code HOST:PORT,HOST:PORT…} of every member. */
  public String endpoints() {
    return cluster().endpoints();
  }

  /** {@code HOST:PORT} of the first member. */
  public String endpoint() {
    return cluster().members().get(0).endpoint();
  }

  /** The members, in start order. */
  public List<EtcdCluster.Member> members() {
    return cluster().members();
  }

  /** The member that leads now. */
  public EtcdCluster.Member leader() {
    return cluster().leader();
  }

  /** Kills {@code m} (SIGKILL), as a crash would. */
  public void kill(EtcdCluster.Member m) {
    cluster().kill(m);
  }

  /** A jetcd client on every live member; the caller closes it. */
  public Client client() {
    return Client.builder()
        .endpoints(
            members().stream()
                .filter(EtcdCluster.Member::alive)
                .map(m -> "http://" + m.endpoint())
                .toArray(String[]::new))
        .build();
  }

  /** What etcd holds under {@code key}, as it is stored (no keymint code in between), or null. */
  public String raw(String key) throws Exception {
    try (Client c = client()) {
      var kvs =
          c.getKVClient()
              .get(ByteSequence.from(key, StandardCharsets.UTF_8))
              .get(10, TimeUnit.SECONDS)
              .getKvs();
      return kvs.isEmpty() ? null : kvs.get(0).getValue().toString(StandardCharsets.UTF_8);
    }
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    if (perClassSize > 0) {
      start(perClassSize);
    }
  }

  @Override
  public void afterEach(ExtensionContext context) throws IOException {
    if (perClassSize == 0) {
      stop();
    }
  }

  @Override
  public void afterAll(ExtensionContext context) throws IOException {
    stop();
  }

  private void stop() throws IOException {
    if (cluster != null) {
      cluster.close();
      cluster = null;
    }
    if (dir != null) {
      try (Stream<Path> files = Files.walk(dir)) {
        for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(p);
        }
      }
      dir = null;
    }
  }
}
