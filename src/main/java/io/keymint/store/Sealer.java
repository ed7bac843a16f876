package io.keymint.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keymint.KeymintException;
import io.keymint.escrow.EscrowException;
import io.keymint.escrow.RecoveryEscrow;
import io.keymint.internal.Json;
import io.keymint.internal.KeyFields;
import io.keymint.sink.StoredKey;
import io.keymint.venice.ApiKey;
import io.keymint.wallet.Wallet;
import io.keymint.wallet.WalletSource;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;

/**
 * Seals a key for a shared store so that the store's operators, snapshots and backups never see the
 * secret: the record wraps a {@link RecoveryEscrow#sealToBytes sealed recovery document}
 * (AES-256-GCM under a key derived from the wallet's signature of the escrow's EIP-712 digest;
 * wallet address and key id authenticated) with who wrote it and when. Every replica holds the
 * wallet, so every replica can open the record; {@code keymint recover} opens the {@code sealed}
 * member as it is.
 *
 * <p>The wallet is unlocked for each seal and open and closed at once: a long-running {@code watch}
 * does not keep the private key in memory between rotations.
 */
final class Sealer implements AutoCloseable {
  static final String FORMAT = "venice-keymint-store-record";
  private static final int VERSION = 2;

  private final WalletSource wallet;

  Sealer(WalletSource wallet) {
    this.wallet = wallet;
  }

  /** The record's JSON: the sealed document, and who wrote it when (no secret). */
  byte[] seal(ApiKey key, String writer) {
    byte[] sealed;
    String address;
    try (Wallet w = wallet.unlock()) {
      address = w.address();
      sealed = RecoveryEscrow.sealToBytes(w, key);
    }
    ObjectNode o = Json.object();
    o.put("format", FORMAT);
    o.put("version", VERSION);
    o.put(KeyFields.WALLET_ADDRESS, address);
    o.put("keyId", key.id());
    o.put("writtenBy", writer);
    o.put("writtenAt", Instant.now().toString());
    try {
      o.set("sealed", Json.parse(sealed));
    } catch (Exception e) {
      throw new IllegalStateException("RecoveryEscrow.sealToBytes writes JSON", e);
    }
    return Json.writeString(o, false).getBytes(StandardCharsets.UTF_8);
  }

  /** Opens a record written by {@link #seal}. */
  StoredKey open(byte[] record, String where) {
    JsonNode o;
    try {
      o = Json.parse(record);
    } catch (Exception e) {
      throw new StoreException(
          StoreException.Kind.UNREADABLE,
          where + " does not hold a keymint record (not JSON)",
          null);
    }
    if (o == null
        || !FORMAT.equals(Json.text(o, "format"))
        || o.path("version").asInt(-1) != VERSION
        || !o.path("sealed").isObject()) {
      throw new StoreException(
          StoreException.Kind.UNREADABLE,
          where + " does not hold a version " + VERSION + " keymint store record",
          null);
    }
    String owner = Json.text(o, KeyFields.WALLET_ADDRESS);
    Optional<String> mine = wallet.knownAddress();
    if (owner != null && mine.isPresent() && !owner.equalsIgnoreCase(mine.get())) {
      throw otherWallet(where, owner, mine.get());
    }
    byte[] sealed = Json.writeString(o.get("sealed"), false).getBytes(StandardCharsets.UTF_8);
    ApiKey key;
    String address;
    try (Wallet w = wallet.unlock()) {
      address = w.address();
      if (owner != null && !owner.equalsIgnoreCase(address)) {
        throw otherWallet(where, owner, address);
      }
      key = RecoveryEscrow.openBytes(w, sealed);
    } catch (EscrowException e) {
      throw new StoreException(
          StoreException.Kind.UNREADABLE,
          where + " holds a record that does not open with this wallet: " + e.getMessage(),
          null);
    }
    return new StoredKey(key.secret(), key, where);
  }

  private static KeymintException otherWallet(String where, String owner, String mine) {
    return new StoreException(
        StoreException.Kind.UNREADABLE,
        where
            + " holds a key sealed by wallet "
            + owner
            + ", not "
            + mine
            + ": every replica must use the wallet that minted it",
        null);
  }

  @Override
  public void close() {
    // nothing is kept: the wallet is unlocked per call
  }
}
