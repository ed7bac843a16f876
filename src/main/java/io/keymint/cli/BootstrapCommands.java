package io.keymint.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keymint.ApiKeySecret;
import io.keymint.bootstrap.BootstrapException;
import io.keymint.bootstrap.BootstrapResult;
import io.keymint.bootstrap.KeyBootstrap;
import io.keymint.escrow.EscrowException;
import io.keymint.internal.Json;
import io.keymint.internal.KeyFields;
import io.keymint.internal.Text;
import io.keymint.internal.codec.KeyJson;
import io.keymint.store.KeyStore;
import io.keymint.store.StoreException;
import io.keymint.venice.ApiKey;
import io.keymint.venice.VeniceClient;
import io.keymint.wallet.WalletSource;
import java.time.Duration;

/** What ensure, rotate and recover share: building the bootstrap, printing, exit codes. */
final class BootstrapCommands {
  private BootstrapCommands() {}

  static KeyBootstrap.Builder builder(
      Context ctx,
      VeniceClient client,
      WalletSource wallet,
      SinkOptions sinks,
      picocli.CommandLine.Model.CommandSpec spec,
      BootstrapOptions options,
      StoreOptions storeOptions,
      KeyStore store) {
    KeyBootstrap.Builder b =
        KeyBootstrap.builder()
            .client(client)
            .wallet(wallet)
            .sinks(store == null ? sinks.sinks(spec) : sinks.optionalSinks(spec))
            .maxWait(options.maxWait)
            .recoveryDir(options.escrow.recoveryDir)
            .lockFile(options.lockFile)
            .escrowRecipient(options.escrow.recipient())
            .requireEscrow(!options.escrow.allowNoEscrow);
    if (store != null) {
      b.store(store).leaseTtl(storeOptions.leaseTtl);
    }
    return b;
  }

  /** The ADMIN key in {@code VENICE_ADMIN_KEY}, or null. */
  static ApiKeySecret adminKey(Context ctx) {
    String admin = ctx.env.get(ConnectionOptions.ADMIN_KEY);
    return admin == null || admin.isBlank() ? null : ApiKeySecret.of(admin.strip());
  }

  static ExitCode exitCode(Throwable e) {
    if (e instanceof StoreException) {
      switch (((StoreException) e).kind()) {
        case UNREACHABLE:
          return ExitCode.STORE_UNREACHABLE;
        case CONFLICT:
          return ExitCode.STORE_CONFLICT;
        case UNREADABLE:
          return ExitCode.STORE_RECORD;
      }
    }
    if (e instanceof io.keymint.wallet.InsecureFileException) {
      return ExitCode.INSECURE_FILE;
    }
    if (e instanceof EscrowException) {
      switch (((EscrowException) e).kind()) {
        case ESCROWED:
          return ((EscrowException) e).sealed() != null
                  && ((EscrowException) e).recoveryFile() == null
              ? ExitCode.SEALED_PRINTED
              : ExitCode.ESCROWED;
        case RECOVERY_FAILED:
          return ExitCode.RECOVERY_FAILED;
        case NO_ESCROW:
          return ExitCode.NO_ESCROW;
        default:
          return ExitCode.INTERNAL;
      }
    }
    switch (((BootstrapException) e).kind()) {
      case TIMED_OUT:
        return ExitCode.TIMED_OUT;
      case NEW_KEY_REJECTED:
        return ExitCode.NEW_KEY_REJECTED;
      case KEY_REFUSED:
        return ExitCode.KEY_REFUSED;
      default:
        return ExitCode.INTERNAL;
    }
  }

  private static String typeName(io.keymint.venice.ApiKey key) {
    return key.type().map(Enum::name).orElse("?");
  }

  /** One summary: people read stderr, scripts read {@code --json} on stdout. Never the secret. */
  static void print(Context ctx, BootstrapResult r, boolean json) {
    ApiKey key = r.key().orElse(null);
    if (json) {
      ObjectNode o = Json.object();
      o.put("outcome", r.outcome().name());
      if (key != null) {
        o.setAll(KeyJson.summary(key));
      } else {
        o.put(KeyFields.ID, (String) null);
      }
      o.put(KeyFields.LAST_SIX, r.secret().lastSix());
      if (!r.drift().isEmpty()) {
        r.drift().forEach(o.putArray("drift")::add);
      }
      r.mint()
          .ifPresent(
              m -> {
                o.put("ambiguousAttempts", m.ambiguousAttempts());
                m.verification().ifPresent(v -> o.set("verification", Summary.verification(v)));
                m.orphans().ifPresent(c -> o.set("orphans", Summary.orphans(c, m.key().id())));
              });
      o.put("reason", r.reason());
      r.sinks().forEach(o.putArray("sinks")::add);
      r.previousKeyId().ifPresent(id -> o.put("previousKeyId", id));
      if (r.outcome() == BootstrapResult.Outcome.ROTATED) {
        o.put("previousKeyRevoked", r.previousKeyRevoked());
      }
      o.put("lockWaitMillis", r.lockWait().toMillis());
      ctx.out.println(Json.writeString(o, false));
      return;
    }
    String verb;
    switch (r.outcome()) {
      case REUSED:
        verb = "kept";
        break;
      case MINTED:
        verb = "minted";
        break;
      case ROTATED:
        verb = "rotated to";
        break;
      default:
        verb = "restored";
        break;
    }
    ctx.err.println(
        verb
            + " "
            + (key == null ? "key" : typeName(key) + " key " + Text.clean(key.id()))
            + " (ends "
            + r.secret().lastSix()
            + "): "
            + r.reason());
    if (key != null) {
      Summary.printLimitsAndExpiry(ctx, key);
    }
    for (String d : r.drift()) {
      ctx.err.println(
          "  warning: differs from this run's options: "
              + d
              + (r.outcome() == BootstrapResult.Outcome.REUSED
                  ? " (kept; --replace-on-drift replaces it)"
                  : ""));
    }
    r.mint()
        .ifPresent(
            m -> {
              m.verification().ifPresent(v -> ctx.err.println("  checked: " + Summary.checked(v)));
              m.orphans()
                  .ifPresent(
                      c ->
                          ctx.err.println(
                              "  warning: "
                                  + m.ambiguousAttempts()
                                  + " attempt(s) ended without an answer; "
                                  + c.advice(m.key().id())));
            });
    for (String sink : r.sinks()) {
      ctx.err.println("  in " + sink);
    }
    if (r.lockWait().compareTo(Duration.ofMillis(500)) > 0) {
      ctx.err.println(
          "  waited " + r.lockWait().toMillis() + " ms for another keymint holding the lock");
    }
  }
}
