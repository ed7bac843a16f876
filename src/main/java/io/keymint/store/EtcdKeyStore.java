package io.keymint.store;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.ClientBuilder;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.Watch;
import io.etcd.jetcd.kv.GetResponse;
import io.etcd.jetcd.kv.TxnResponse;
import io.etcd.jetcd.lease.LeaseKeepAliveResponse;
import io.etcd.jetcd.op.Cmp;
import io.etcd.jetcd.op.CmpTarget;
import io.etcd.jetcd.op.Op;
import io.etcd.jetcd.options.PutOption;
import io.etcd.jetcd.options.WatchOption;
import io.etcd.jetcd.support.CloseableClient;
import io.etcd.jetcd.watch.WatchEvent;
import io.grpc.stub.StreamObserver;
import io.keymint.Setting;
import io.keymint.sink.StoredKey;
import io.keymint.venice.ApiKey;
import io.keymint.wallet.WalletSource;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Supplier;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The key in etcd v3, through the official Java client (jetcd): one record under {@code KEY}, the
 * secret <b>sealed</b> (AES-256-GCM under a key derived from the wallet's deterministic signature),
 * so etcd's operators, snapshots and backups never see it.
 *
 * <ul>
 *   <li>The version is the record's mod revision; a write is a transaction {@code if
 *       mod_revision(KEY) == expected and version(LOCK) > 0 then put(KEY)}.
 *   <li>The lease is an etcd lease with the TTL, kept alive while held, and etcd's lock service on
 *       {@code KEY/lock} owned by it. The lock's key lives only as long as the lease: a holder that
 *       stops renewing (crashed, partitioned, paused) loses it after the TTL, and from then on its
 *       transaction fails (fencing).
 * </ul>
 *
 * <p>Every call has a deadline ({@link Builder#requestTimeout}); calls that fail because a member
 * is down are retried against the others until it passes.
 *
 * <p>jetcd is an optional dependency of keymint: add {@code io.etcd:jetcd-core} to use this class.
 */
public final class EtcdKeyStore implements KeyStore {
  private static final Logger log = LoggerFactory.getLogger(EtcdKeyStore.class);

  private final Client client;
  private final String key;
  private final ByteSequence recordKey;
  private final ByteSequence lockName;
  private final Sealer sealer;
  private final Duration requestTimeout;
  private final String description;
  private final String holder;

  private EtcdKeyStore(Builder b) {
    if (b.endpoints.isEmpty()) {
      throw new IllegalArgumentException("no etcd endpoint: give at least one HOST:PORT");
    }
    this.key = Objects.requireNonNull(b.key, "key");
    this.sealer = new Sealer(Objects.requireNonNull(b.wallet, "wallet"));
    this.requestTimeout = b.requestTimeout;
    this.holder = b.holder != null ? b.holder : Holders.thisProcess();
    boolean tls = b.caCert != null || b.clientCert != null;
    List<URI> uris = new ArrayList<>();
    for (String hp : b.endpoints) {
      uris.add(URI.create((tls ? "https://" : "http://") + hp));
    }
    this.description =
        "etcd://" + String.join(",", b.endpoints) + (key.startsWith("/") ? "" : "/") + key;
    ClientBuilder cb =
        Client.builder()
            .endpoints(uris)
            .connectTimeout(b.requestTimeout)
            .retryMaxDuration(b.requestTimeout)
            .retryDelay(100)
            .retryMaxDelay(500)
            .retryChronoUnit(java.time.temporal.ChronoUnit.MILLIS)
            .keepaliveTime(Duration.ofSeconds(5))
            .keepaliveTimeout(Duration.ofSeconds(3));
    if (b.user != null) {
      cb.user(ByteSequence.from(b.user, StandardCharsets.UTF_8));
      cb.password(ByteSequence.from(b.password == null ? new byte[0] : b.password));
    }
    if (tls) {
      try {
        cb.sslContext(
            s -> {
              if (b.caCert != null) {
                s.trustManager(b.caCert.toFile());
              }
              if (b.clientCert != null) {
                s.keyManager(b.clientCert.toFile(), b.clientKey.toFile());
              }
            });
      } catch (SSLException e) {
        throw new IllegalArgumentException(
            "the etcd TLS files cannot be used ("
                + e.getMessage()
                + "): check "
                + Setting.ETCD_TLS.apiName(),
            e);
      }
    }
    this.client = cb.build();
    this.recordKey = bytes(key);
    this.lockName = bytes(key + "/lock");
  }

  /** A new builder. */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public boolean sealsWithWallet() {
    return true; // the record holds RecoveryEscrow.sealToBytes of the key
  }

  @Override
  public String description() {
    return description;
  }

  @Override
  public Optional<StoreRecord> read() {
    GetResponse r = call(() -> client.getKVClient().get(recordKey), "read " + key);
    if (r.getKvs().isEmpty()) {
      return Optional.empty();
    }
    KeyValue kv = r.getKvs().get(0);
    StoredKey stored = sealer.open(kv.getValue().getBytes(), description);
    return Optional.of(new StoreRecord(stored, Long.toString(kv.getModRevision())));
  }

  @Override
  public KeyStore.Lease lease(Duration ttl, long deadlineNanos) throws InterruptedException {
    long seconds = Math.max(1, (ttl.toMillis() + 999) / 1000);
    EtcdLease lease = grant(seconds);
    Throwable last = null;
    try {
      while (true) {
        long left = deadlineNanos - System.nanoTime();
        if (left <= 0) {
          lease.close();
          return null;
        }
        CompletableFuture<io.etcd.jetcd.lock.LockResponse> locked =
            client.getLockClient().lock(lockName, lease.id);
        try {
          lease.lockKey = locked.get(left, TimeUnit.NANOSECONDS).getKey();
          log.debug("holding the lease on {} ({})", description, holder);
          return lease;
        } catch (TimeoutException e) {
          locked.cancel(true);
          lease.close();
          return null;
        } catch (ExecutionException e) {
          // a member died or an election is under way: try again (another member answers)
          last = e.getCause();
          log.debug("lock on {} failed, retrying: {}", description, String.valueOf(last));
          if (String.valueOf(last).contains("lease not found")) {
            lease.close(); // it ran out while the cluster was unavailable: take a new one
            lease = grant(seconds);
          }
        }
        if (System.nanoTime() - deadlineNanos > 0) {
          break;
        }
        Thread.sleep(200);
      }
    } catch (InterruptedException | RuntimeException e) {
      lease.close();
      throw e;
    }
    lease.close();
    throw unreachable("take the lock on " + key, last);
  }

  private EtcdLease grant(long seconds) {
    long id = call(() -> client.getLeaseClient().grant(seconds), "grant a lease").getID();
    EtcdLease lease = new EtcdLease(id);
    lease.renew();
    return lease;
  }

  @Override
  public String write(ApiKey issued, String expectedVersion, KeyStore.Lease lease) {
    if (!(lease instanceof EtcdLease) || ((EtcdLease) lease).lockKey == null) {
      throw new IllegalArgumentException("not a lease of this store");
    }
    EtcdLease held = (EtcdLease) lease;
    long expected = expectedVersion == null ? 0 : Long.parseLong(expectedVersion);
    byte[] value = sealer.seal(issued, holder);
    ByteSequence v = ByteSequence.from(value);
    TxnResponse r;
    try {
      r =
          call(
              () ->
                  client
                      .getKVClient()
                      .txn()
                      .If(
                          new Cmp(recordKey, Cmp.Op.EQUAL, CmpTarget.modRevision(expected)),
                          new Cmp(held.lockKey, Cmp.Op.GREATER, CmpTarget.version(0)))
                      .Then(Op.put(recordKey, v, PutOption.DEFAULT))
                      .commit(),
              "write " + key);
    } finally {
      Arrays.fill(value, (byte) 0);
    }
    if (r.isSucceeded()) {
      return Long.toString(r.getPutResponses().get(0).getHeader().getRevision());
    }
    // a retried transaction may have been applied the first time: then the record is ours
    GetResponse now = call(() -> client.getKVClient().get(recordKey), "read " + key);
    if (!now.getKvs().isEmpty() && now.getKvs().get(0).getValue().equals(v)) {
      return Long.toString(now.getKvs().get(0).getModRevision());
    }
    GetResponse lock = call(() -> client.getKVClient().get(held.lockKey), "read the lock");
    String why =
        lock.getKvs().isEmpty()
            ? "this process's lease ran out (TTL passed without renewal) and another may hold it"
            : "the record changed since it was read (expected revision "
                + expected
                + ", found "
                + (now.getKvs().isEmpty() ? "none" : now.getKvs().get(0).getModRevision())
                + ")";
    throw new StoreException(
        StoreException.Kind.CONFLICT,
        "could not write key " + issued.id() + " to " + description + ": " + why,
        null);
  }

  @Override
  public AutoCloseable watch(Consumer<StoredKey> onKey) {
    Objects.requireNonNull(onKey, "onKey");
    Watch.Watcher w =
        client
            .getWatchClient()
            .watch(
                recordKey,
                WatchOption.builder().withNoDelete(true).build(),
                response -> {
                  for (WatchEvent e : response.getEvents()) {
                    if (e.getEventType() != WatchEvent.EventType.PUT) {
                      continue;
                    }
                    try {
                      onKey.accept(sealer.open(e.getKeyValue().getValue().getBytes(), description));
                    } catch (RuntimeException failure) {
                      log.warn("ignored a record on {}: {}", description, failure.getMessage());
                    }
                  }
                },
                error -> log.warn("watch on {} failed: {}", description, String.valueOf(error)));
    return w::close;
  }

  @Override
  public void close() {
    sealer.close();
    client.close();
  }

  @Override
  public String toString() {
    return "EtcdKeyStore{" + description + "}";
  }

  private <T> T call(Supplier<CompletableFuture<T>> request, String what) {
    long deadline = System.nanoTime() + requestTimeout.toNanos();
    Throwable last = null;
    while (true) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw unreachable(what, last);
      }
      CompletableFuture<T> f = request.get();
      try {
        return f.get(left, TimeUnit.NANOSECONDS);
      } catch (TimeoutException e) {
        f.cancel(true);
        last = e;
      } catch (ExecutionException e) {
        last = e.getCause();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw unreachable(what + " (interrupted)", e);
      }
      try {
        Thread.sleep(Math.min(200, Math.max(1, TimeUnit.NANOSECONDS.toMillis(left))));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw unreachable(what + " (interrupted)", e);
      }
    }
  }

  private StoreException unreachable(String what, Throwable cause) {
    String detail =
        cause == null
            ? "no answer"
            : cause.getClass().getSimpleName()
                + (cause.getMessage() == null ? "" : ": " + firstLine(cause.getMessage()));
    return new StoreException(
        StoreException.Kind.UNREACHABLE,
        "etcd did not answer ("
            + what
            + " on "
            + description
            + " within "
            + requestTimeout.toSeconds()
            + " s: "
            + detail
            + "): check that etcd runs and the endpoints",
        cause);
  }

  private static String firstLine(String s) {
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }

  private static ByteSequence bytes(String s) {
    return ByteSequence.from(s, StandardCharsets.UTF_8);
  }

  /** An etcd lease kept alive while held, with the lock key it owns. */
  final class EtcdLease implements KeyStore.Lease {
    final long id;
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile CloseableClient keepAlive;
    volatile ByteSequence lockKey;

    EtcdLease(long id) {
      this.id = id;
    }

    void renew() {
      keepAlive =
          client
              .getLeaseClient()
              .keepAlive(
                  id,
                  new StreamObserver<LeaseKeepAliveResponse>() {
                    @Override
                    public void onNext(LeaseKeepAliveResponse value) {}

                    @Override
                    public void onError(Throwable t) {
                      log.warn(
                          "lost the keep-alive of the lease on {}: {}", description, t.toString());
                    }

                    @Override
                    public void onCompleted() {}
                  });
    }

    /** Stops renewing without releasing: what a stalled or partitioned holder looks like. */
    void stopRenewing() {
      CloseableClient k = keepAlive;
      if (k != null) {
        k.close();
      }
    }

    @Override
    public String holder() {
      return holder + " (lease " + Long.toHexString(id) + ")";
    }

    @Override
    public void close() {
      if (!closed.compareAndSet(false, true)) {
        return;
      }
      stopRenewing();
      try {
        if (lockKey != null) {
          client
              .getLockClient()
              .unlock(lockKey)
              .get(requestTimeout.toMillis(), TimeUnit.MILLISECONDS);
        }
      } catch (Exception e) {
        log.debug(
            "unlock of {} failed (the lease's revocation frees it): {}", description, e.toString());
      }
      try {
        client.getLeaseClient().revoke(id).get(requestTimeout.toMillis(), TimeUnit.MILLISECONDS);
      } catch (Exception e) {
        log.debug("revoking the lease failed (its TTL frees it): {}", e.toString());
      }
    }
  }

  /** Configures an {@link EtcdKeyStore}. */
  public static final class Builder {
    private final List<String> endpoints = new ArrayList<>();
    private String key;
    private WalletSource wallet;
    private Duration requestTimeout = Duration.ofSeconds(10);
    private Path caCert;
    private Path clientCert;
    private Path clientKey;
    private String user;
    private byte[] password;
    private String holder;

    private Builder() {}

    /** An endpoint {@code HOST:PORT}; repeatable (the members of one cluster). */
    public Builder endpoint(String hostPort) {
      endpoints.add(Objects.requireNonNull(hostPort, "hostPort"));
      return this;
    }

    /** The etcd key the record lives under (the lock is {@code KEY/lock}); required. */
    public Builder key(String key) {
      if (key == null || key.isEmpty()) {
        throw new IllegalArgumentException("the etcd key is empty");
      }
      this.key = key;
      return this;
    }

    /** The wallet the record is sealed with (every replica's, the minting one); required. */
    public Builder wallet(WalletSource wallet) {
      this.wallet = Objects.requireNonNull(wallet, "wallet");
      return this;
    }

    /** Deadline of each call, retries included (default 10 s). */
    public Builder requestTimeout(Duration timeout) {
      this.requestTimeout = Objects.requireNonNull(timeout, "timeout");
      return this;
    }

    /** TLS: the CA that signed the servers' certificates (PEM), as etcdctl's {@code --cacert}. */
    public Builder caCert(Path file) {
      this.caCert = file;
      return this;
    }

    /** TLS client authentication: certificate and PKCS#8 key (PEM), as etcdctl's --cert/--key. */
    public Builder clientCert(Path cert, Path key) {
      this.clientCert = cert;
      this.clientKey = key;
      return this;
    }

    /** etcd authentication: user and password (the password array is copied). */
    public Builder user(String user, char[] password) {
      this.user = user;
      this.password =
          password == null ? null : new String(password).getBytes(StandardCharsets.UTF_8);
      return this;
    }

    /** Reads the password of {@link #user} from a file (its first line). */
    public Builder user(String user, Path passwordFile) {
      try {
        String pw = Files.readString(passwordFile).lines().findFirst().orElse("");
        return user(user, pw.toCharArray());
      } catch (IOException e) {
        throw new IllegalArgumentException(
            "cannot read the etcd password file "
                + passwordFile
                + " ("
                + e.getClass().getSimpleName()
                + ")",
            e);
      }
    }

    /** Who this process is, in records and messages (default host name and pid). */
    public Builder holder(String holder) {
      this.holder = holder;
      return this;
    }

    /** Connects (lazily: the first call reaches etcd). */
    public EtcdKeyStore build() {
      return new EtcdKeyStore(this);
    }
  }
}
