package io.keymint.bootstrap;

import io.keymint.wallet.Wallet;
import io.keymint.wallet.WalletSource;
import java.util.Optional;

/**
 * The bootstrap's wallet source for one mint: the minter unlocks it (in parallel with its token
 * fetch) and closes only a borrowed view, so the unlocked wallet outlives the mint — the bootstrap
 * still needs it to seal a key that the local sinks hold but the shared store refused — and is
 * closed by {@link #close()}.
 */
final class KeptWallet implements WalletSource, AutoCloseable {
  private final WalletSource source;
  private Wallet unlocked; // guarded by this

  KeptWallet(WalletSource source) {
    this.source = source;
  }

  @Override
  public synchronized Wallet unlock() {
    if (unlocked == null) {
      unlocked = source.unlock();
    }
    return new BorrowedWallet(unlocked).unlock();
  }

  /** The wallet the minter unlocked; unlocks it now if the minter did not. */
  synchronized Wallet wallet() {
    if (unlocked == null) {
      unlocked = source.unlock();
    }
    return unlocked;
  }

  @Override
  public Optional<String> knownAddress() {
    return source.knownAddress();
  }

  @Override
  public String description() {
    return source.description();
  }

  @Override
  public synchronized void close() {
    if (unlocked != null) {
      unlocked.close();
      unlocked = null;
    }
  }
}
