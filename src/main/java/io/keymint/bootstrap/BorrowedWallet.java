package io.keymint.bootstrap;

import io.keymint.wallet.Wallet;
import io.keymint.wallet.WalletSource;

/**
 * Lends an already unlocked wallet to the minter without letting it close the wallet: the bootstrap
 * unlocks once (a keystore's scrypt is the slow part) and still needs the wallet after a failed
 * mint, to seal the recovery file.
 */
final class BorrowedWallet implements WalletSource {
  private final Wallet wallet;

  BorrowedWallet(Wallet wallet) {
    this.wallet = wallet;
  }

  @Override
  public Wallet unlock() {
    return new Wallet() {
      @Override
      public String address() {
        return wallet.address();
      }

      @Override
      public byte[] signDigest(byte[] digest) {
        return wallet.signDigest(digest);
      }

      @Override
      public boolean deterministic() {
        return wallet.deterministic();
      }

      @Override
      public String signPersonalMessage(String message) {
        return wallet.signPersonalMessage(message);
      }

      @Override
      public void close() {
        // the owner closes it
      }

      @Override
      public String toString() {
        return wallet.toString();
      }
    };
  }

  @Override
  public String description() {
    return "unlocked wallet " + wallet.address();
  }
}
