package io.keymint.venice;

import io.keymint.KeymintException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Provisions one key per customer at Venice's creation cap, e.g. an INFERENCE key with a $5 USD cap
 * and the description {@code cust:<id>} for each of 45 customers.
 *
 * <ul>
 *   <li><b>Paced, not throttled.</b> Creations go through the client's limiter ({@link
 *       VeniceClient.Builder#keyCreationRate}), so a run holds the cap without a single 429.
 *   <li><b>Never loses a secret.</b> Each new key goes to the {@link Builder#onKey key handler} the
 *       moment it exists, before the next creation. If the handler throws, provisioning stops and
 *       the {@link ProvisioningException} carries that key.
 *   <li><b>Resumable.</b> The description is the customer's identity: customers that already have
 *       an active key with their description (found with one {@link ApiKeys#list()}) are skipped,
 *       so a run that failed halfway is simply run again.
 *   <li><b>Refuses up front</b> when the keys it would create plus the account's active keys would
 *       cross Venice's ceiling of 500, instead of failing at key 501 with half the job done.
 * </ul>
 *
 * <pre>{@code
 * KeyProvisioner.Result r = KeyProvisioner.builder(client.apiKeys())
 *     .onKey((customer, key) -> vault.put(customer, key.secret()))
 *     .onProgress(p -> log.info("{}/{}", p.created(), p.toCreate()))
 *     .build()
 *     .provision(customerIds);
 * }</pre>
 *
 * <p>Runs on the calling thread, one creation at a time. Safe to share; runs do not coordinate
 * beyond the client's shared limiter.
 */
public final class KeyProvisioner {
  /** Venice's ceiling of active keys per account. */
  public static final int MAX_ACTIVE_KEYS = 500;

  private final ApiKeys apiKeys;
  private final Function<String, String> description;
  private final Function<String, KeySpec> spec;
  private final BiConsumer<String, ApiKey> onKey;
  private final Consumer<Progress> onProgress;
  private final int maxActiveKeys;

  private KeyProvisioner(Builder b) {
    this.apiKeys = b.apiKeys;
    this.description = b.description;
    this.spec = b.spec;
    this.onKey = Objects.requireNonNull(b.onKey, "onKey: say where each new secret goes");
    this.onProgress = b.onProgress;
    this.maxActiveKeys = b.maxActiveKeys;
  }

  /** A builder for provisioning through {@code apiKeys} (its client's key must be an ADMIN key). */
  public static Builder builder(ApiKeys apiKeys) {
    return new Builder(Objects.requireNonNull(apiKeys, "apiKeys"));
  }

  /**
   * Creates a key for every customer that does not have one yet, in the given order (duplicates
   * ignored).
   *
   * @return which customers got a key (with its id) and which were skipped
   * @throws ProvisioningException before anything is created if the ceiling would be crossed, or
   *     when the key handler failed (the exception carries the key)
   * @throws IllegalArgumentException if a customer's description is empty or over 64 characters
   *     (checked for all customers before anything is created)
   * @throws VeniceException when Venice refuses or fails; keys created so far were handed over
   */
  public Result provision(List<String> customerIds) {
    Set<String> customers = new LinkedHashSet<>(customerIds);
    Map<String, KeySpec> specs = new LinkedHashMap<>();
    for (String c : customers) {
      KeySpec s =
          spec.apply(c).newBuilder().description(description.apply(c)).build(); // checks ≤ 64 now
      specs.put(c, s);
    }
    List<ApiKey> existing = apiKeys.list();
    Set<String> taken = new HashSet<>();
    existing.forEach(k -> k.description().ifPresent(taken::add));
    List<String> skipped = new ArrayList<>();
    List<String> todo = new ArrayList<>();
    for (String c : customers) {
      (taken.contains(description.apply(c)) ? skipped : todo).add(c);
    }
    if (existing.size() + todo.size() > maxActiveKeys) {
      throw new ProvisioningException(
          "refusing to create "
              + todo.size()
              + " keys: the account has "
              + existing.size()
              + " active keys and Venice allows "
              + maxActiveKeys
              + " — revoke unused keys (keymint keys list / revoke) or provision fewer customers",
          null,
          null);
    }
    int total = customers.size();
    int done = skipped.size();
    for (String c : skipped) {
      onProgress.accept(new Progress(c, null, 0, 0, total));
    }
    Map<String, String> created = new LinkedHashMap<>();
    int index = 0;
    for (String c : todo) {
      ApiKey key = apiKeys.create(specs.get(c));
      hand(c, key);
      created.put(c, key.id());
      index++;
      onProgress.accept(new Progress(c, key.id(), index, todo.size(), total));
    }
    return new Result(created, skipped);
  }

  /**
   * Rotates one customer's key (Venice's recipe: "rotate monthly"): creates a new key as {@link
   * #provision} would, hands it to the {@link Builder#onKey key handler}, checks that Venice admits
   * it ({@code GET /api_keys/rate_limits} with the new key), then revokes every other active key
   * with the customer's description. The old keys are never revoked before the new one is handed
   * over and admitted.
   *
   * @return the new key's id and the ids revoked
   * @throws ProvisioningException if the handler failed (it carries the new key; nothing was
   *     revoked), or Venice does not admit the new key (handed over; nothing was revoked)
   * @throws VeniceException when Venice refuses or fails
   */
  public Rotation rotate(String customerId) {
    Objects.requireNonNull(customerId, "customerId");
    String desc = description.apply(customerId);
    KeySpec s = spec.apply(customerId).newBuilder().description(desc).build();
    List<String> previous = idsOf(desc);
    ApiKey key = apiKeys.create(s);
    hand(customerId, key);
    RateLimits limits;
    try (VeniceClient as = apiKeys.client().newBuilder().apiKey(key.secret()).build()) {
      limits = as.apiKeys().rateLimits();
    } catch (VeniceServiceException e) {
      throw new ProvisioningException(
          "the new key "
              + key.id()
              + " for customer "
              + customerId
              + " was handed over, but Venice does not admit it ("
              + e.getMessage()
              + "); the previous key(s) were NOT revoked",
          customerId,
          null,
          true);
    }
    if (!limits.accessPermitted()) {
      throw new ProvisioningException(
          "the new key "
              + key.id()
              + " for customer "
              + customerId
              + " was handed over, but Venice does not admit it (accessPermitted: false); the"
              + " previous key(s) were NOT revoked",
          customerId,
          null,
          true);
    }
    List<String> revoked = new ArrayList<>();
    for (String id : previous) {
      if (!id.equals(key.id())) {
        apiKeys.revoke(id);
        revoked.add(id);
      }
    }
    return new Rotation(customerId, key.id(), revoked);
  }

  /**
   * Revokes every active key with the customer's description (Venice's recipe: "revoke on churn").
   *
   * @return the ids revoked; empty when the customer had none
   * @throws VeniceException when Venice refuses or fails (keys revoked so far stay revoked)
   */
  public List<String> revoke(String customerId) {
    Objects.requireNonNull(customerId, "customerId");
    List<String> revoked = new ArrayList<>();
    for (String id : idsOf(description.apply(customerId))) {
      apiKeys.revoke(id);
      revoked.add(id);
    }
    return List.copyOf(revoked);
  }

  private List<String> idsOf(String desc) {
    List<String> ids = new ArrayList<>();
    for (ApiKey k : apiKeys.list()) {
      if (desc.equals(k.description().orElse(null))) {
        ids.add(k.id());
      }
    }
    return ids;
  }

  private void hand(String customerId, ApiKey key) {
    try {
      onKey.accept(customerId, key);
    } catch (RuntimeException e) {
      throw new ProvisioningException(
          "key "
              + key.id()
              + " was created for customer "
              + customerId
              + " but the key handler failed ("
              + e.getClass().getSimpleName()
              + "); store ProvisioningException.key() or revoke it, then run again",
          customerId,
          key);
    }
  }

  /**
   * What {@link #rotate(String)} did.
   *
   * @param customerId the customer
   * @param keyId the new key's id
   * @param revoked the ids of the customer's previous keys, now revoked
   */
  public record Rotation(String customerId, String keyId, List<String> revoked) {
    /** Copies {@code revoked}. */
    public Rotation {
      revoked = List.copyOf(revoked);
    }
  }

  /**
   * One step of a run, reported after each customer.
   *
   * @param customerId the customer
   * @param keyId the new key's id; null when the customer was skipped (it already had a key)
   * @param created how many keys this run has created so far
   * @param toCreate how many keys this run will create in all
   * @param total how many customers the run covers (created + skipped)
   */
  public record Progress(String customerId, String keyId, int created, int toCreate, int total) {
    /** True when the customer already had a key with its description, so none was created. */
    public boolean skipped() {
      return keyId == null;
    }
  }

  /**
   * What a run did.
   *
   * @param created customer id → new key id, in creation order
   * @param skipped customers that already had a key
   */
  public record Result(Map<String, String> created, List<String> skipped) {
    /** Copies both. */
    public Result {
      created = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(created));
      skipped = List.copyOf(skipped);
    }
  }

  /**
   * Provisioning stopped: the ceiling would be crossed (nothing was created), or the key handler
   * failed for a key that now exists. In the second case {@link #key()} holds that key — store it
   * or revoke it. Neither the message nor {@code toString} contains a secret; the key is not
   * serialized.
   */
  public static final class ProvisioningException extends KeymintException {
    private static final long serialVersionUID = 1L;
    private final String customerId;
    private final transient ApiKey key;
    private final boolean notAdmitted;

    ProvisioningException(String message, String customerId, ApiKey key) {
      this(message, customerId, key, false);
    }

    ProvisioningException(String message, String customerId, ApiKey key, boolean notAdmitted) {
      super(message);
      this.customerId = customerId;
      this.key = key;
      this.notAdmitted = notAdmitted;
    }

    /**
     * True when a rotation's new key was handed over but Venice does not admit it (the previous
     * keys were not revoked).
     */
    public boolean newKeyNotAdmitted() {
      return notAdmitted;
    }

    /** The customer whose key could not be handed over; empty when nothing was created. */
    public java.util.Optional<String> customerId() {
      return java.util.Optional.ofNullable(customerId);
    }

    /** The created key that the handler did not take; empty when nothing was created. */
    public java.util.Optional<ApiKey> key() {
      return java.util.Optional.ofNullable(key);
    }
  }

  /** Configures a {@link KeyProvisioner}. Not thread-safe. */
  public static final class Builder {
    private final ApiKeys apiKeys;
    private Function<String, String> description = c -> "cust:" + c;
    private Function<String, KeySpec> spec =
        c -> KeySpec.builder().usdLimit(new BigDecimal("5")).build();
    private BiConsumer<String, ApiKey> onKey;
    private Consumer<Progress> onProgress = p -> {};
    private int maxActiveKeys = MAX_ACTIVE_KEYS;

    private Builder(ApiKeys apiKeys) {
      this.apiKeys = apiKeys;
    }

    /**
     * The description that identifies a customer's key; default {@code cust:<id>}. At most 64
     * characters.
     */
    public Builder description(Function<String, String> description) {
      this.description = Objects.requireNonNull(description, "description");
      return this;
    }

    /**
     * The key each customer gets (its description is replaced by {@link #description}); default an
     * INFERENCE key with a $5 USD cap.
     */
    public Builder spec(Function<String, KeySpec> spec) {
      this.spec = Objects.requireNonNull(spec, "spec");
      return this;
    }

    /**
     * Required: where each new key's secret goes, at once — called with the customer's id and the
     * new key. Store the secret before returning; Venice will not show it again. Throw to stop
     * provisioning; the key is then carried by the {@link ProvisioningException}.
     */
    public Builder onKey(BiConsumer<String, ApiKey> onKey) {
      this.onKey = Objects.requireNonNull(onKey, "onKey");
      return this;
    }

    /** Called after each customer (skipped ones first); default nothing. Must not throw. */
    public Builder onProgress(Consumer<Progress> onProgress) {
      this.onProgress = Objects.requireNonNull(onProgress, "onProgress");
      return this;
    }

    /**
     * The active-key ceiling to respect; default {@value KeyProvisioner#MAX_ACTIVE_KEYS}, Venice's.
     */
    public Builder maxActiveKeys(int maxActiveKeys) {
      if (maxActiveKeys < 1) {
        throw new IllegalArgumentException("maxActiveKeys must be >= 1");
      }
      this.maxActiveKeys = maxActiveKeys;
      return this;
    }

    /**
     * @throws NullPointerException if {@link #onKey} was not set
     */
    public KeyProvisioner build() {
      return new KeyProvisioner(this);
    }
  }
}
