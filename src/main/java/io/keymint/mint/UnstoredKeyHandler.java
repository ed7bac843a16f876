package io.keymint.mint;

import io.keymint.venice.IssuedKey;
import io.keymint.wallet.Wallet;

/**
 * What a {@link Web3KeyMinter} does with a key it minted that no sink could store: Venice shows a
 * secret once, so the key must go somewhere. {@link io.keymint.escrow.RecoveryEscrow#handler} seals
 * it in a recovery file only the wallet can open (what {@code keymint} does).
 *
 * <p>The minter calls it once per mint at most: after the sinks' retries failed, or — when the JVM
 * starts shutting down (SIGTERM, SIGINT) while the sinks are written — from a shutdown hook, in a
 * bounded time. The wallet is still unlocked during the call.
 */
@FunctionalInterface
public interface UnstoredKeyHandler {
  /**
   * Saves {@code key} somewhere and says where.
   *
   * @param wallet the minting wallet, unlocked; not null
   * @param key the minted key, with its secret; not null
   * @param failure why the sinks did not store it (a {@link io.keymint.sink.SinkWriteException}, or
   *     the shutdown); its message never contains the secret
   * @return the exception the mint throws instead (its message must never contain the secret);
   *     return {@code failure} if the key could not be saved either
   */
  RuntimeException handle(Wallet wallet, IssuedKey key, RuntimeException failure);

  /**
   * Called once the wallet is unlocked and before anything is sent to mint: throws when this
   * handler could not save a key minted with {@code wallet} (the escrow refuses a randomised signer
   * without a recipient key), so that nothing is minted. By default accepts every wallet.
   *
   * @param wallet the unlocked wallet; not null
   */
  default void check(Wallet wallet) {}

  /**
   * What a shutdown hook logs (at ERROR) after {@link #handle} returned {@code outcome}: by default
   * its message. Never the secret.
   *
   * @param outcome what {@link #handle} returned
   * @return the text to log
   */
  default String shutdownReport(RuntimeException outcome) {
    return outcome.getMessage();
  }
}
