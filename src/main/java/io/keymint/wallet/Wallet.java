package io.keymint.wallet;

/**
 * An unlocked signing key: what a {@link WalletSource} yields. Holds private key material, so it
 * never prints it ({@code toString} shows the address only) and {@link #close()} drops it.
 *
 * <p>Thread-safe.
 */
public interface Wallet extends AutoCloseable {

  /** The wallet's address, EIP-55 checksummed ({@code 0x} + 40 hex digits). */
  String address();

  /**
   * Signs {@code message}'s UTF-8 bytes with EIP-191 {@code personal_sign}: byte for byte what
   * ethers' {@code wallet.signMessage(message)} returns.
   *
   * @return {@code 0x} + 130 hex digits: r (32 bytes), s (32 bytes), v (27 or 28)
   * @throws IllegalStateException if the wallet was closed
   */
  String signPersonalMessage(String message);

  /**
   * Drops the private key held by this object; later {@link #signPersonalMessage} calls throw
   * {@link IllegalStateException}. Idempotent. The key is a {@code BigInteger} inside web3j, which
   * is immutable and cannot be overwritten: it stays in the heap until the garbage collector reuses
   * that memory.
   */
  @Override
  void close();
}
