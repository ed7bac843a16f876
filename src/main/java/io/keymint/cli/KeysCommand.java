package io.keymint.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keymint.internal.Json;
import io.keymint.internal.Text;
import io.keymint.sink.SecretSink;
import io.keymint.sink.SinkSet;
import io.keymint.venice.ApiKey;
import io.keymint.venice.IssuedKey;
import io.keymint.venice.KeySpec;
import io.keymint.venice.KeyUpdate;
import io.keymint.venice.LimitPeriod;
import io.keymint.venice.ModelPrivacy;
import io.keymint.venice.RateLimits;
import io.keymint.venice.VeniceClient;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code keymint keys ...}: the management routes, with the ADMIN key from {@code
 * VENICE_ADMIN_KEY}.
 */
@Command(
    name = "keys",
    mixinStandardHelpOptions = true,
    description = {
      "Manage the account's Venice API keys (needs an ADMIN key in env VENICE_ADMIN_KEY;",
      "falls back to VENICE_API_KEY)."
    })
final class KeysCommand implements Runnable {
  private final Context ctx;
  @Spec CommandSpec spec;

  KeysCommand(Context ctx) {
    this.ctx = ctx;
  }

  /** The subcommands, each built with the shared context. */
  static CommandLine create(Context ctx) {
    CommandLine keys = new CommandLine(new KeysCommand(ctx));
    keys.addSubcommand("list", new ListKeys(ctx));
    keys.addSubcommand("get", new GetKey(ctx));
    keys.addSubcommand("create", new CreateKey(ctx));
    keys.addSubcommand("update", new UpdateKey(ctx));
    keys.addSubcommand("revoke", new RevokeKey(ctx));
    keys.addSubcommand("rotate", new RotateCustomerKey(ctx));
    return keys;
  }

  @Override
  public void run() {
    spec.commandLine().usage(ctx.err);
  }

  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = "List the account's active keys, newest first (never a secret).")
  static final class ListKeys implements Callable<Integer> {
    private final Context ctx;
    @Mixin ConnectionOptions connection;

    @Option(names = "--json", description = "Print a JSON array (Venice's field names) on stdout.")
    boolean json;

    ListKeys(Context ctx) {
      this.ctx = ctx;
    }

    @Override
    public Integer call() {
      try (VeniceClient client = connection.client(ctx.env, true)) {
        List<ApiKey> keys = client.apiKeys().list();
        if (json) {
          ctx.out.println(Json.writeString(Tables.jsonKeys(keys), false));
        } else {
          List<List<String>> rows = new ArrayList<>();
          keys.forEach(k -> rows.add(Tables.keyRow(k)));
          Tables.print(ctx.out, Tables.KEY_HEADER, rows);
        }
        return ExitCode.OK.code;
      }
    }
  }

  @Command(
      name = "get",
      mixinStandardHelpOptions = true,
      description = "Show one key: limits, period, privacy, usage.")
  static final class GetKey implements Callable<Integer> {
    private final Context ctx;
    @Mixin ConnectionOptions connection;

    @Parameters(paramLabel = "ID", description = "The key's id.")
    String id;

    @Option(names = "--json", description = "Print JSON (Venice's field names) on stdout.")
    boolean json;

    GetKey(Context ctx) {
      this.ctx = ctx;
    }

    @Override
    public Integer call() {
      checkId(id);
      try (VeniceClient client = connection.client(ctx.env, true)) {
        printKey(ctx, client.apiKeys().get(id), json);
        return ExitCode.OK.code;
      }
    }
  }

  /** An empty id would turn GET /api_keys/ID into the list route: refused before any request. */
  static void checkId(String id) {
    if (id == null || id.isBlank() || !id.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
      throw new IllegalArgumentException(
          "ID is empty or not printable ASCII: give a key id as `keymint keys list` shows it");
    }
  }

  static void printKey(Context ctx, ApiKey k, boolean json) {
    if (json) {
      ctx.out.println(Json.writeString(Tables.json(k), false));
      return;
    }
    List<List<String>> rows = new ArrayList<>();
    rows.add(List.of("id", k.id()));
    rows.add(List.of("type", k.type().map(Enum::name).orElse("?")));
    rows.add(List.of("description", k.description().orElse("")));
    rows.add(List.of("ends", k.lastSix().map(s -> "…" + s).orElse("")));
    rows.add(List.of("created", Tables.time(k.createdAt(), "-")));
    rows.add(List.of("expires", Tables.time(k.expiresAt(), "never")));
    rows.add(List.of("last used", Tables.time(k.lastUsedAt(), "never")));
    rows.add(List.of("limits", Tables.limits(k.consumptionLimit())));
    rows.add(List.of("limit period", k.limitPeriod().map(Enum::name).orElse("-")));
    rows.add(List.of("model privacy", k.modelPrivacy().map(Enum::name).orElse("-")));
    k.trailingSevenDays()
        .ifPresent(
            u ->
                rows.add(
                    List.of(
                        "usage 7 days",
                        "usd " + u.usd().toPlainString() + ", diem " + u.diem().toPlainString())));
    k.currentPeriodUsage()
        .ifPresent(
            u ->
                rows.add(
                    List.of(
                        "usage this period",
                        "usd " + u.usd().toPlainString() + ", diem " + u.diem().toPlainString())));
    for (List<String> r : rows) {
      ctx.out.println(
          String.format("%-18s %s", r.get(0) + ":", Text.clean(r.get(1))).stripTrailing());
    }
  }

  @Command(
      name = "create",
      mixinStandardHelpOptions = true,
      description =
          "Create a key (POST /api_keys, paced to 20 a minute) and write its secret to the sinks.")
  static final class CreateKey implements Callable<Integer> {
    private final Context ctx;
    @Spec CommandSpec spec;
    @Mixin ConnectionOptions connection;
    @Mixin KeyOptions key;
    @Mixin SinkOptions sinks;
    @Mixin WalletOptions wallet;

    @Option(names = "--json", description = "Print a JSON summary (no secret) on stdout.")
    boolean json;

    @Option(
        names = "--recovery-dir",
        paramLabel = "DIR",
        description =
            "With a wallet (--keystore, --mnemonic-env or env WALLET_KEY): where a created key that no sink could store is sealed, as mint does (default: beside the first file sink, else the working directory).")
    java.nio.file.Path recoveryDir;

    CreateKey(Context ctx) {
      this.ctx = ctx;
    }

    @Override
    public Integer call() {
      if (key.description == null) {
        throw new CommandLine.ParameterException(
            spec.commandLine(), "keys create needs --description (at most 64 characters)");
      }
      KeySpec keySpec = key.spec();
      List<SecretSink> targets = sinks.sinks(spec);
      try (VeniceClient client = connection.client(ctx.env, true)) {
        SinkSet set = SinkSet.of(targets).withSleeper(client.sleeper());
        set.preflight(); // a sink that cannot be written fails before a key exists
        IssuedKey created = client.apiKeys().create(keySpec);
        try {
          set.write(created);
        } catch (io.keymint.sink.SinkWriteException e) {
          throw unstored(created, targets, e);
        }
        List<String> written = new ArrayList<>();
        targets.forEach(s -> written.add(s.description()));
        // the admin key is at hand: record what Venice stored, not the create's echo
        try {
          IssuedKey reported = created.withReported(client.apiKeys().get(created.id()));
          for (SecretSink s : targets) {
            if (s instanceof io.keymint.sink.ReadableSink) {
              s.write(reported); // the metadata beside the secret; never stdout twice
            }
          }
          created = reported;
        } catch (io.keymint.KeymintException e) {
          ctx.err.println(
              "keymint: warning: could not read key "
                  + created.id()
                  + " back ("
                  + e.getMessage()
                  + "); its metadata records Venice's answer to the create");
        }
        RateLimits verification = key.noVerify ? null : verify(client, created, written);
        Summary.print(ctx, "created", created, written, null, verification, json);
        if (verification != null && verification.cannotSpend()) {
          ctx.err.println(
              "keymint: warning: model requests will fail until the account can spend (balances "
                  + HealthCommand.balances(verification)
                  + ")");
        }
        if (verification != null && !verification.accessPermitted()) {
          throw new NotAdmittedException(
              "key "
                  + created.id()
                  + " is stored in "
                  + String.join(", ", written)
                  + " but Venice does not admit it (accessPermitted: false): check the account's"
                  + " balance and the key's limits",
              null);
        }
        return ExitCode.OK.code;
      }
    }

    /**
     * What mint does with a key no sink could store, when a wallet is at hand to seal it: the same
     * escrow ({@link io.keymint.escrow.RecoveryEscrow#handler}), so the secret Venice showed once
     * is not lost (exit 11, or 16 with the sealed text). Without a wallet — an admin key is all
     * {@code keys create} needs — the failure stays as it was: exit 8, naming the key.
     */
    private RuntimeException unstored(
        IssuedKey created, List<SecretSink> targets, io.keymint.sink.SinkWriteException e) {
      if (!wallet.given(ctx.env)) {
        return e;
      }
      try (io.keymint.wallet.Wallet w = wallet.source(ctx).unlock()) {
        return io.keymint.escrow.RecoveryEscrow.handler(recoveryDir, targets).handle(w, created, e);
      } catch (RuntimeException walletFailed) {
        e.addSuppressed(walletFailed);
        return e;
      }
    }
  }

  /** Uses the new key once; 401/402/403 → exit 18 with the key stored. */
  static RateLimits verify(VeniceClient client, IssuedKey created, List<String> written) {
    try (VeniceClient as = client.newBuilder().apiKey(created.secret()).build()) {
      return as.apiKeys().rateLimits();
    } catch (io.keymint.venice.AuthenticationException
        | io.keymint.venice.PaymentRequiredException
        | io.keymint.venice.PermissionDeniedException e) {
      throw new NotAdmittedException(
          "key "
              + created.id()
              + " is stored in "
              + String.join(", ", written)
              + " but Venice refuses it ("
              + e.getMessage()
              + ")",
          e);
    }
  }

  @Command(
      name = "rotate",
      mixinStandardHelpOptions = true,
      description = {
        "Rotate a customer's key: create a new key described cust:<ID> (POST /api_keys), write it to",
        "the sinks, check that Venice admits it, then revoke the customer's previous keys."
      })
  static final class RotateCustomerKey implements Callable<Integer> {
    private final Context ctx;
    @Spec CommandSpec spec;
    @Mixin ConnectionOptions connection;
    @Mixin KeyOptions key;
    @Mixin SinkOptions sinks;

    @Option(
        names = "--customer",
        paramLabel = "ID",
        required = true,
        description = "The customer; its keys are described cust:<ID>.")
    String customer;

    @Option(names = "--json", description = "Print a JSON summary (no secret) on stdout.")
    boolean json;

    RotateCustomerKey(Context ctx) {
      this.ctx = ctx;
    }

    @Override
    public Integer call() {
      if (key.description != null) {
        throw new CommandLine.ParameterException(
            spec.commandLine(),
            "keys rotate sets the description itself (cust:<ID>): drop --description");
      }
      KeySpec keySpec = key.spec();
      List<SecretSink> targets = sinks.sinks(spec);
      try (VeniceClient client = connection.client(ctx.env, true)) {
        SinkSet set = SinkSet.of(targets).withSleeper(client.sleeper());
        set.preflight();
        List<IssuedKey> handed = new ArrayList<>();
        List<io.keymint.sink.SinkWriteException> failed = new ArrayList<>();
        io.keymint.venice.KeyProvisioner.Rotation r;
        try {
          r =
              io.keymint.venice.KeyProvisioner.builder(client.apiKeys())
                  .spec(c -> keySpec)
                  .onKey(
                      (c, k) -> {
                        try {
                          set.write(k);
                        } catch (io.keymint.sink.SinkWriteException e) {
                          failed.add(e);
                          throw e;
                        }
                        handed.add(k);
                      })
                  .build()
                  .rotate(customer);
        } catch (io.keymint.venice.KeyProvisioner.ProvisioningException e) {
          if (!failed.isEmpty()) {
            throw failed.get(0); // exit 8 as for keys create: it says which sinks hold the key
          }
          throw e;
        }
        List<String> written = new ArrayList<>();
        targets.forEach(s -> written.add(s.description()));
        if (json) {
          ObjectNode o = Summary.toJson(handed.get(0), written, null);
          o.put("customer", customer);
          r.revoked().forEach(o.putArray("revoked")::add);
          ctx.out.println(Json.writeString(o, false));
        } else {
          Summary.print(
              ctx, "rotated customer " + customer + " to", handed.get(0), written, null, false);
          ctx.err.println(
              r.revoked().isEmpty()
                  ? "  no previous key to revoke"
                  : "  revoked " + String.join(", ", r.revoked()));
        }
        return ExitCode.OK.code;
      }
    }
  }

  @Command(
      name = "update",
      mixinStandardHelpOptions = true,
      description = "Change a key: only the options given are sent.")
  static final class UpdateKey implements Callable<Integer> {
    private final Context ctx;
    @Spec CommandSpec spec;
    @Mixin ConnectionOptions connection;

    @Parameters(paramLabel = "ID", description = "The key's id.")
    String id;

    @Option(
        names = "--description",
        paramLabel = "TEXT",
        description = "New label, at most 64 characters.")
    String description;

    @Option(
        names = "--expires-at",
        paramLabel = "WHEN",
        description = "New expiry: YYYY-MM-DD or YYYY-MM-DDTHH:mm:ss[.sss]Z (UTC).")
    String expiresAt;

    @Option(names = "--no-expiry", description = "Remove the expiry: the key never expires.")
    boolean noExpiry;

    @Option(names = "--usd", paramLabel = "N", description = "New USD cap.")
    BigDecimal usd;

    @Option(names = "--no-usd-limit", description = "Remove the USD cap.")
    boolean noUsd;

    @Option(names = "--diem", paramLabel = "N", description = "New DIEM cap.")
    BigDecimal diem;

    @Option(names = "--no-diem-limit", description = "Remove the DIEM cap.")
    boolean noDiem;

    @Option(
        names = "--limit-period",
        paramLabel = "PERIOD",
        description = "EPOCH (daily), MONTH or LIFETIME.")
    LimitPeriod limitPeriod;

    @Option(
        names = "--model-privacy",
        paramLabel = "LEVEL",
        description = "ALL, PRIVATE_TEXT or PRIVATE_ONLY.")
    ModelPrivacy modelPrivacy;

    @Option(names = "--json", description = "Print the updated key as JSON on stdout.")
    boolean json;

    UpdateKey(Context ctx) {
      this.ctx = ctx;
    }

    @Override
    public Integer call() {
      checkId(id);
      KeyUpdate update = update();
      try (VeniceClient client = connection.client(ctx.env, true)) {
        ApiKey updated = client.apiKeys().update(id, update);
        if (!json) {
          ctx.err.println("updated key " + Text.clean(updated.id()));
        }
        printKey(ctx, updated, json);
        return ExitCode.OK.code;
      }
    }

    private KeyUpdate update() {
      both(expiresAt != null, noExpiry, "--expires-at", "--no-expiry");
      both(usd != null, noUsd, "--usd", "--no-usd-limit");
      both(diem != null, noDiem, "--diem", "--no-diem-limit");
      KeyUpdate.Builder b = KeyUpdate.builder();
      if (description != null) {
        b.description(description);
      }
      if (expiresAt != null) {
        b.expiresAt(KeyOptions.expiresAtOption(expiresAt, "KeySpec.Builder.expiresAt"));
      }
      if (noExpiry) {
        b.removeExpiry();
      }
      if (usd != null) {
        b.usdLimit(usd);
      }
      if (noUsd) {
        b.removeUsdLimit();
      }
      if (diem != null) {
        b.diemLimit(diem);
      }
      if (noDiem) {
        b.removeDiemLimit();
      }
      if (limitPeriod != null) {
        b.limitPeriod(limitPeriod);
      }
      if (modelPrivacy != null) {
        b.modelPrivacy(modelPrivacy);
      }
      KeyUpdate u = b.build();
      if (u.isEmpty()) {
        throw new CommandLine.ParameterException(
            spec.commandLine(), "nothing to change: give at least one option");
      }
      return u;
    }

    private void both(boolean a, boolean b, String optionA, String optionB) {
      if (a && b) {
        throw new CommandLine.ParameterException(
            spec.commandLine(), optionA + " and " + optionB + " contradict each other");
      }
    }
  }

  @Command(
      name = "revoke",
      mixinStandardHelpOptions = true,
      description = {
        "Revoke a key at once (it stops working immediately), or with --customer every key",
        "described cust:<ID> (a customer who left)."
      })
  static final class RevokeKey implements Callable<Integer> {
    private final Context ctx;
    @Spec CommandSpec spec;
    @Mixin ConnectionOptions connection;

    @Parameters(paramLabel = "ID", arity = "0..1", description = "The key's id.")
    String id;

    @Option(
        names = "--customer",
        paramLabel = "ID",
        description = "Revoke every key described cust:<ID> instead.")
    String customer;

    @Option(names = "--json", description = "Print {\"id\":…,\"revoked\":true} on stdout.")
    boolean json;

    RevokeKey(Context ctx) {
      this.ctx = ctx;
    }

    @Override
    public Integer call() {
      if ((id == null) == (customer == null)) {
        throw new CommandLine.ParameterException(
            spec.commandLine(), "give either a key ID or --customer ID");
      }
      if (customer != null) {
        try (VeniceClient client = connection.client(ctx.env, true)) {
          List<String> revoked =
              io.keymint.venice.KeyProvisioner.builder(client.apiKeys())
                  .onKey((c, k) -> {})
                  .build()
                  .revoke(customer);
          if (json) {
            ObjectNode o = Json.object().put("customer", customer);
            revoked.forEach(o.putArray("revoked")::add);
            ctx.out.println(Json.writeString(o, false));
          } else {
            ctx.err.println(
                revoked.isEmpty()
                    ? "customer " + customer + " has no active key"
                    : "revoked " + String.join(", ", revoked) + " (customer " + customer + ")");
          }
          return ExitCode.OK.code;
        }
      }
      checkId(id);
      try (VeniceClient client = connection.client(ctx.env, true)) {
        client.apiKeys().revoke(id);
        if (json) {
          ctx.out.println(
              Json.writeString(Json.object().put("id", id).put("revoked", true), false));
        } else {
          ctx.err.println("revoked key " + id);
        }
        return ExitCode.OK.code;
      }
    }
  }
}
