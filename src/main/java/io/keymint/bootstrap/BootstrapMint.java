package io.keymint.bootstrap;

import io.keymint.escrow.EscrowException;
import io.keymint.escrow.RecipientEscrow;
import io.keymint.mint.MintResult;
import io.keymint.mint.UnstoredKeyHandler;
import io.keymint.mint.Web3KeyMinter;
import io.keymint.sink.SinkSet;
import io.keymint.sink.SinkWriteException;
import io.keymint.store.KeyStore;
import io.keymint.store.StoreException;
import io.keymint.venice.ApiKey;
import io.keymint.wallet.Wallet;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A bootstrap's mint: through a {@link Web3KeyMinter} over the run's sinks (the store first), with
 * the escrow as the handler of a key no sink stored, and the store's own failure kept when the
 * store alone refused the key.
 */
final class BootstrapMint {
  private static final Logger log = LoggerFactory.getLogger(KeyBootstrap.class);

  private final BootstrapConfig c;

  BootstrapMint(BootstrapConfig config) {
    this.c = config;
  }

  /**
   * Mints through a minter over this run's sinks, bounded by the rest of the run's maxWait. The
   * minter unlocks the wallet itself, while its token thread fetches the token (the bootstrap never
   * unlocks to mint); {@link KeptWallet} keeps that unlocked wallet open past the mint, for sealing
   * a key the store refused.
   *
   * @param version the store's version read under the lease (compare-and-set), or null
   */
  MintResult mint(Run run, String version) {
    try (KeptWallet kept = new KeptWallet(c.wallet)) {
      return mint(kept, run, version);
    }
  }

  private MintResult mint(KeptWallet kept, Run run, String version) {
    KeyStore s = run.store;
    StoreSink storeSink = s == null ? null : c.storeSink(s, version, run.heldLease());
    SinkSet set = c.sinkSet(storeSink);
    UnstoredKeyHandler escrow =
        RecipientEscrow.handler(c.escrowRecipient, c.requireEscrow, c.recoveryDir, c.locals);
    Web3KeyMinter minter =
        Web3KeyMinter.builder()
            .client(c.client)
            .wallet(kept)
            .sinkSet(set)
            .verify(c.verify)
            .adminKey(c.adminKey)
            // the rest of maxWait bounds the mint: its requests, its retries and their waits
            .maxDuration(run.left())
            .onUnstoredKey(new Handler(escrow, s, storeSink))
            .build();
    try {
      return minter.mint(c.spec);
    } catch (SinkWriteException e) {
      if (e.key() != null && storeSink != null && storeSink.failure() instanceof StoreException) {
        // the local sinks hold it, the store does not: the store's key wins on the next run, so
        // the minted key is sealed as well
        RuntimeException sealed = escrow.handle(kept.wallet(), e.key(), e);
        String where =
            sealed instanceof EscrowException && ((EscrowException) sealed).recoveryFile() != null
                ? "sealed in recovery file " + ((EscrowException) sealed).recoveryFile()
                : "no recovery file could be written";
        throw storeFailed(e.key(), (StoreException) storeSink.failure(), e.storedSinks(), where, e);
      }
      throw e; // the key is stored somewhere: nothing is lost
    }
  }

  /** No sink holds the key: sealed by the escrow; a store failure keeps its own exit code. */
  private final class Handler implements UnstoredKeyHandler {
    private final UnstoredKeyHandler escrow;
    private final KeyStore store;
    private final StoreSink storeSink;

    Handler(UnstoredKeyHandler escrow, KeyStore store, StoreSink storeSink) {
      this.escrow = escrow;
      this.store = store;
      this.storeSink = storeSink;
    }

    @Override
    public RuntimeException handle(Wallet wallet, ApiKey key, RuntimeException failure) {
      RuntimeException out = escrow.handle(wallet, key, failure);
      // sealed in a file while the store refused it: keep the store's exit code (21/22).
      // Sealed only as text (nowhere to write): the escrow's exception prints it (exit 16).
      if (storeSink != null
          && storeSink.failure() instanceof StoreException
          && out instanceof EscrowException
          && ((EscrowException) out).recoveryFile() != null) {
        return storeFailed(
            key,
            (StoreException) storeSink.failure(),
            List.of(),
            "sealed in recovery file " + ((EscrowException) out).recoveryFile(),
            out);
      }
      return out;
    }

    @Override
    public void check(Wallet wallet) {
      if (store != null && store.sealsWithWallet() && !wallet.deterministic()) {
        // the record could be neither sealed nor opened again: refuse before minting
        throw new EscrowException(
            EscrowException.Kind.NO_ESCROW,
            store.description()
                + " seals the key under a key derived from the wallet's deterministic"
                + " signature, but wallet "
                + wallet.address()
                + " signs with a random nonce (a token or a KMS): keep the key in a"
                + " Kubernetes Secret store or in local sinks with an escrow recipient",
            null);
      }
      escrow.check(wallet);
    }

    @Override
    public String shutdownReport(RuntimeException outcome) {
      return escrow.shutdownReport(outcome);
    }
  }

  /**
   * The store did not take a minted key (lost lease or compare-and-set, store down): the error
   * keeps the store's exit code, says where the key is (local sinks, the recovery file) and which
   * key to revoke.
   */
  private static StoreException storeFailed(
      ApiKey key, StoreException cause, List<String> stored, String where, Throwable failure) {
    String msg =
        cause.getMessage()
            + ". Key "
            + key.id()
            + " (ends "
            + key.secret().lastSix()
            + ") was minted but is not in the store"
            + (stored.isEmpty() ? "" : "; it is in " + String.join(", ", stored))
            + "; "
            + where
            + ": rerun (the store's key wins) and revoke key "
            + key.id()
            + ", or restore it with keymint recover";
    log.warn("key {} could not be written to the store: {}", key.id(), cause.getMessage());
    return new StoreException(cause.kind(), msg, failure);
  }
}
