package io.keymint.store;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.keymint.ApiKeySecret;
import io.keymint.internal.codec.KeyJson;
import io.keymint.sink.StoredKey;
import io.keymint.venice.ApiKey;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The key in a Kubernetes Secret, through the fabric8 client: data {@code VENICE_API_KEY} (so pods
 * can mount it or take it as an environment variable), the non-secret metadata in annotations,
 * writes by {@code resourceVersion} (a stale one is a 409, reported as {@link
 * StoreException.Kind#CONFLICT}), and mutual exclusion by a {@code coordination.k8s.io/v1} Lease
 * named {@code NAME-keymint}, renewed every third of its TTL while held.
 *
 * <p><b>Fencing</b> is weaker than etcd's: Kubernetes has no transaction across two objects, so a
 * write first checks that the Lease still names this holder and has not run out, then updates the
 * Secret by resourceVersion. A holder that stalls between the two steps for longer than the TTL
 * could still overwrite a newer key; the resourceVersion check still stops it when the newer holder
 * wrote first. The Secret holds the key in the clear (base64), as every Kubernetes Secret does:
 * protect it with RBAC and encryption at rest.
 *
 * <p>The client comes from the kubeconfig or, in a pod, the service account. fabric8 is an optional
 * dependency of keymint: add {@code io.fabric8:kubernetes-client} to use this class.
 */
public final class KubernetesKeyStore implements KeyStore {
  private static final Logger log = LoggerFactory.getLogger(KubernetesKeyStore.class);

  /** The Secret's data key. */
  public static final String DATA_KEY = "VENICE_API_KEY";

  static final String ANNOTATION_METADATA = "keymint.io/metadata";
  static final String ANNOTATION_WRITER = "keymint.io/written-by";

  private final KubernetesClient client;
  private final boolean ownsClient;
  private final String namespace;
  private final String name;
  private final String leaseName;
  private final String holder;
  private final Clock clock;
  private final ScheduledExecutorService renewer;

  private KubernetesKeyStore(Builder b) {
    this.namespace = Objects.requireNonNull(b.namespace, "namespace");
    this.name = Objects.requireNonNull(b.name, "name");
    this.leaseName = name + "-keymint";
    this.holder = b.holder != null ? b.holder : Holders.thisProcess();
    this.clock = b.clock;
    if (b.client != null) {
      this.client = b.client;
      this.ownsClient = false;
    } else {
      this.client = new KubernetesClientBuilder().build();
      this.ownsClient = true;
    }
    this.renewer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "keymint-k8s-lease");
              t.setDaemon(true);
              return t;
            });
  }

  /** A new builder. */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public String description() {
    return "k8s-secret://" + namespace + "/" + name;
  }

  @Override
  public Optional<StoreRecord> read() {
    Secret s = k8s(() -> client.secrets().inNamespace(namespace).withName(name).get(), "read");
    if (s == null) {
      return Optional.empty();
    }
    StoredKey key = decode(s);
    return key == null
        ? Optional.empty()
        : Optional.of(new StoreRecord(key, s.getMetadata().getResourceVersion()));
  }

  private StoredKey decode(Secret s) {
    Map<String, String> data = s.getData();
    String encoded = data == null ? null : data.get(DATA_KEY);
    if (encoded == null || encoded.isEmpty()) {
      return null;
    }
    byte[] raw;
    try {
      raw = Base64.getDecoder().decode(encoded);
    } catch (IllegalArgumentException e) {
      throw new StoreException(
          StoreException.Kind.UNREADABLE, description() + " has a malformed " + DATA_KEY, null);
    }
    CharBuffer chars = StandardCharsets.UTF_8.decode(java.nio.ByteBuffer.wrap(raw));
    java.util.Arrays.fill(raw, (byte) 0);
    // a Secret made by hand from a file often ends with a newline
    while (chars.remaining() > 0 && Character.isWhitespace(chars.get(chars.limit() - 1))) {
      chars.limit(chars.limit() - 1);
    }
    if (chars.remaining() == 0) {
      return null;
    }
    ApiKeySecret secret = ApiKeySecret.of(chars);
    if (chars.hasArray()) {
      java.util.Arrays.fill(chars.array(), '\0');
    }
    ApiKey meta = null;
    Map<String, String> ann = s.getMetadata().getAnnotations();
    if (ann != null && ann.get(ANNOTATION_METADATA) != null) {
      try {
        meta = KeyJson.readMetadata(ann.get(ANNOTATION_METADATA).getBytes(StandardCharsets.UTF_8));
      } catch (Exception e) {
        meta = null; // advisory: the key is what Venice says it is
      }
      if (meta != null && !meta.lastSix().orElse("").equals(secret.lastSix())) {
        meta = null; // the data was replaced by hand: the annotation describes another key
      }
    }
    return new StoredKey(secret, meta, description());
  }

  @Override
  public KeyStore.Lease lease(Duration ttl, long deadlineNanos) throws InterruptedException {
    int seconds = (int) Math.max(1, (ttl.toMillis() + 999) / 1000);
    while (true) {
      ZonedDateTime now = ZonedDateTime.now(clock).truncatedTo(ChronoUnit.MICROS);
      io.fabric8.kubernetes.api.model.coordination.v1.Lease current =
          k8s(() -> client.leases().inNamespace(namespace).withName(leaseName).get(), "read lease");
      try {
        if (current == null) {
          io.fabric8.kubernetes.api.model.coordination.v1.Lease created =
              client
                  .leases()
                  .inNamespace(namespace)
                  .resource(
                      new LeaseBuilder()
                          .withNewMetadata()
                          .withName(leaseName)
                          .withNamespace(namespace)
                          .endMetadata()
                          .withNewSpec()
                          .withHolderIdentity(holder)
                          .withLeaseDurationSeconds(seconds)
                          .withAcquireTime(now)
                          .withRenewTime(now)
                          .withLeaseTransitions(0)
                          .endSpec()
                          .build())
                  .create();
          return new K8sLease(created, seconds);
        }
        if (free(current, now)) {
          if (current.getSpec() == null) {
            current.setSpec(new io.fabric8.kubernetes.api.model.coordination.v1.LeaseSpec());
          }
          current.getSpec().setHolderIdentity(holder);
          current.getSpec().setLeaseDurationSeconds(seconds);
          current.getSpec().setAcquireTime(now);
          current.getSpec().setRenewTime(now);
          Integer t = current.getSpec().getLeaseTransitions();
          current.getSpec().setLeaseTransitions(t == null ? 1 : t + 1);
          io.fabric8.kubernetes.api.model.coordination.v1.Lease taken =
              client.leases().inNamespace(namespace).resource(current).update();
          return new K8sLease(taken, seconds);
        }
      } catch (KubernetesClientException e) {
        if (e.getCode() != 409) {
          throw unreachable("take the lease", e);
        }
        // another replica won the race: wait like the rest
      }
      long left = deadlineNanos - System.nanoTime();
      if (left <= 0) {
        return null;
      }
      Thread.sleep(Math.min(200, Math.max(1, TimeUnit.NANOSECONDS.toMillis(left))));
    }
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "";
    }
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }

  private static boolean sameInstant(ZonedDateTime a, ZonedDateTime b) {
    return a == null ? b == null : b != null && a.isEqual(b);
  }

  private static boolean free(
      io.fabric8.kubernetes.api.model.coordination.v1.Lease l, ZonedDateTime now) {
    var spec = l.getSpec();
    if (spec == null || spec.getHolderIdentity() == null || spec.getHolderIdentity().isEmpty()) {
      return true;
    }
    ZonedDateTime renewed = spec.getRenewTime();
    Integer d = spec.getLeaseDurationSeconds();
    return renewed == null || d == null || !now.isBefore(renewed.plusSeconds(d));
  }

  @Override
  public String write(ApiKey key, String expectedVersion, KeyStore.Lease lease) {
    if (!(lease instanceof K8sLease)) {
      throw new IllegalArgumentException("not a lease of this store");
    }
    K8sLease held = (K8sLease) lease;
    io.fabric8.kubernetes.api.model.coordination.v1.Lease now =
        k8s(() -> client.leases().inNamespace(namespace).withName(leaseName).get(), "read lease");
    ZonedDateTime t = ZonedDateTime.now(clock);
    if (now == null
        || now.getSpec() == null
        || !holder.equals(now.getSpec().getHolderIdentity())
        || !sameInstant(now.getSpec().getAcquireTime(), held.acquired)
        || free(now, t)) {
      throw new StoreException(
          StoreException.Kind.CONFLICT,
          "could not write key "
              + key.id()
              + " to "
              + description()
              + ": this process's lease ran out (TTL passed without renewal) and another may hold it",
          null);
    }
    char[] chars = key.secret().revealChars();
    String encoded;
    try {
      java.nio.ByteBuffer b = StandardCharsets.UTF_8.encode(CharBuffer.wrap(chars));
      byte[] raw = java.util.Arrays.copyOf(b.array(), b.limit());
      java.util.Arrays.fill(b.array(), (byte) 0);
      encoded = Base64.getEncoder().encodeToString(raw);
      java.util.Arrays.fill(raw, (byte) 0);
    } finally {
      java.util.Arrays.fill(chars, '\0');
    }
    Secret s =
        new SecretBuilder()
            .withMetadata(
                new ObjectMetaBuilder()
                    .withName(name)
                    .withNamespace(namespace)
                    .withResourceVersion(expectedVersion)
                    .addToAnnotations(
                        ANNOTATION_METADATA,
                        new String(KeyJson.metadataBytes(key), StandardCharsets.UTF_8))
                    .addToAnnotations(ANNOTATION_WRITER, holder)
                    .addToLabels("app.kubernetes.io/managed-by", "keymint")
                    .build())
            .withType("Opaque")
            .addToData(DATA_KEY, encoded)
            .build();
    try {
      Secret written;
      if (expectedVersion != null) {
        written = client.secrets().inNamespace(namespace).resource(s).update();
      } else {
        Secret existing =
            k8s(() -> client.secrets().inNamespace(namespace).withName(name).get(), "read");
        if (existing == null) {
          written = client.secrets().inNamespace(namespace).resource(s).create();
        } else if (decode(existing) == null) {
          // created empty beforehand (so that the Role needs no "create"): fill it, by version
          s.getMetadata().setResourceVersion(existing.getMetadata().getResourceVersion());
          written = client.secrets().inNamespace(namespace).resource(s).update();
        } else {
          throw new StoreException(
              StoreException.Kind.CONFLICT,
              "could not write key "
                  + key.id()
                  + " to "
                  + description()
                  + ": another replica stored a key since this one read it",
              null);
        }
      }
      return written.getMetadata().getResourceVersion();
    } catch (KubernetesClientException e) {
      if (e.getCode() == 409) {
        throw new StoreException(
            StoreException.Kind.CONFLICT,
            "could not write key "
                + key.id()
                + " to "
                + description()
                + ": the Secret changed since it was read (409 on resourceVersion "
                + expectedVersion
                + ")",
            null);
      }
      throw unreachable("write the Secret", e);
    }
  }

  @Override
  public AutoCloseable watch(Consumer<StoredKey> onKey) {
    Objects.requireNonNull(onKey, "onKey");
    var w =
        client
            .secrets()
            .inNamespace(namespace)
            .withName(name)
            .watch(
                new Watcher<Secret>() {
                  @Override
                  public void eventReceived(Action action, Secret resource) {
                    if (action != Action.ADDED && action != Action.MODIFIED) {
                      return;
                    }
                    try {
                      StoredKey k = decode(resource);
                      if (k != null) {
                        onKey.accept(k);
                      }
                    } catch (RuntimeException e) {
                      log.warn("ignored a change of {}: {}", description(), e.getMessage());
                    }
                  }

                  @Override
                  public void onClose(WatcherException cause) {
                    log.warn("watch on {} closed: {}", description(), cause.getMessage());
                  }
                });
    return w::close;
  }

  @Override
  public void close() {
    renewer.shutdownNow();
    if (ownsClient) {
      client.close();
    }
  }

  @Override
  public String toString() {
    return "KubernetesKeyStore{" + description() + "}";
  }

  private <T> T k8s(java.util.function.Supplier<T> call, String what) {
    try {
      return call.get();
    } catch (KubernetesClientException e) {
      throw unreachable(what, e);
    }
  }

  private StoreException unreachable(String what, KubernetesClientException e) {
    String m = e.getMessage() == null ? "" : e.getMessage();
    int nl = m.indexOf('\n');
    return new StoreException(
        StoreException.Kind.UNREACHABLE,
        "the Kubernetes API did not "
            + what
            + " of "
            + description()
            + " ("
            + (e.getCode() > 0 ? "HTTP " + e.getCode() + ": " : "")
            + (nl < 0 ? m : m.substring(0, nl))
            + "): check the kubeconfig or service account, and the Role",
        e);
  }

  /** A held Lease, renewed every third of its TTL by a background thread. */
  final class K8sLease implements KeyStore.Lease {
    private volatile io.fabric8.kubernetes.api.model.coordination.v1.Lease current;
    private final ScheduledFuture<?> renewal;
    private volatile boolean closed;

    /** When this holder acquired it: tells this acquisition from a later one by the same holder. */
    private final ZonedDateTime acquired;

    K8sLease(io.fabric8.kubernetes.api.model.coordination.v1.Lease lease, int seconds) {
      this.current = lease;
      this.acquired = lease.getSpec().getAcquireTime();
      long period = Math.max(100, seconds * 1000L / 3);
      this.renewal =
          renewer.scheduleAtFixedRate(this::renew, period, period, TimeUnit.MILLISECONDS);
    }

    private synchronized void renew() {
      if (closed) {
        return;
      }
      try {
        io.fabric8.kubernetes.api.model.coordination.v1.Lease l = current;
        try {
          l.getSpec().setRenewTime(ZonedDateTime.now(clock).truncatedTo(ChronoUnit.MICROS));
          current = client.leases().inNamespace(namespace).resource(l).update();
        } catch (KubernetesClientException e) {
          if (e.getCode() != 409) {
            throw e;
          }
          // the Lease changed under us: still ours (same holder, same acquisition)? then renew it
          l = client.leases().inNamespace(namespace).withName(leaseName).get();
          if (l == null
              || l.getSpec() == null
              || !holder.equals(l.getSpec().getHolderIdentity())
              || !sameInstant(l.getSpec().getAcquireTime(), acquired)) {
            log.warn(
                "lost the lease on {} to {}: its TTL passed before a renewal",
                description(),
                l == null || l.getSpec() == null ? "nobody" : l.getSpec().getHolderIdentity());
            renewal.cancel(false);
            return;
          }
          l.getSpec().setRenewTime(ZonedDateTime.now(clock).truncatedTo(ChronoUnit.MICROS));
          current = client.leases().inNamespace(namespace).resource(l).update();
        }
      } catch (RuntimeException e) {
        log.warn("could not renew the lease on {}: {}", description(), firstLine(e.getMessage()));
      }
    }

    /** Stops renewing without releasing: what a stalled or partitioned holder looks like. */
    void stopRenewing() {
      renewal.cancel(false);
    }

    @Override
    public String holder() {
      return holder;
    }

    @Override
    public synchronized void close() {
      if (closed) {
        return;
      }
      closed = true;
      renewal.cancel(false);
      try {
        io.fabric8.kubernetes.api.model.coordination.v1.Lease l = current;
        l.getSpec().setHolderIdentity(null);
        l.getSpec().setRenewTime(null);
        client.leases().inNamespace(namespace).resource(l).update();
      } catch (RuntimeException e) {
        log.debug("releasing the lease failed (its TTL frees it): {}", e.getMessage());
      }
    }
  }

  /** Configures a {@link KubernetesKeyStore}. */
  public static final class Builder {
    private String namespace;
    private String name;
    private KubernetesClient client;
    private String holder;
    private Clock clock = Clock.systemUTC();

    private Builder() {}

    /** The namespace of the Secret and Lease; required. */
    public Builder namespace(String namespace) {
      this.namespace = namespace;
      return this;
    }

    /** The Secret's name (the Lease is {@code NAME-keymint}); required. */
    public Builder name(String name) {
      this.name = name;
      return this;
    }

    /** A client to use (not closed by the store); default: kubeconfig or in-cluster. */
    public Builder client(KubernetesClient client) {
      this.client = client;
      return this;
    }

    /** Who this process is in the Lease (default host name and pid: the pod name in a pod). */
    public Builder holder(String holder) {
      this.holder = holder;
      return this;
    }

    /** The clock lease times are judged by (default UTC system clock). */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** Builds the store. */
    public KubernetesKeyStore build() {
      return new KubernetesKeyStore(this);
    }
  }
}
