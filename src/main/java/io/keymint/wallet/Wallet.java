package io.keymint.wallet;

import io.keymint.signature.PersonalSign;

/**
 * A signing key: what a {@link WalletSource} yields. The key may live in this process (a keystore,
 * an environment variable) or outside it (a PKCS#11 token, a cloud KMS); either way it never prints
 * it ({@code toString} shows the address only) and {@link #close()} lets go of it.
 *
 * <h2>The contract a custom signer meets</h2>
 *
 * <ul>
 *   <li>{@link #signDigest(byte[])} signs the 32 bytes it is given as they are (no further hashing)
 *       with the secp256k1 key whose address {@link #address()} returns;
 *   <li>the result is 65 bytes {@code r ‖ s ‖ v}: r and s big-endian, 32 bytes each, s in the low
 *       half of the curve order (EIP-2), v = 27 + the recovery id (27 or 28), so that Ethereum's
 *       {@code ecrecover} — and Venice — recover {@link #address()} from it;
 *   <li>{@link #deterministic()} is true only when the same digest always yields the same bytes
 *       (RFC 6979). The recovery escrow that protects a minted key nobody could store derives its
 *       key from such a signature; a randomised signer (an HSM, a KMS) must say false, and keymint
 *       then seals to an operator's recipient key instead (see {@code RecipientEscrow}), and
 *       refuses to mint without one before anything is minted.
 * </ul>
 *
 * <p>A signer whose key is elsewhere usually gets back a DER {@code ECDSA-Sig-Value} with a random
 * k and either half of s: move s to the low half ({@code n − s}), then find v by recovering the
 * public key for recovery ids 0 and 1 (web3j's {@code Sign.recoverFromSignature}) and keeping the
 * one that gives the signer's own public key, read once at unlock. The built-in PKCS#11 and AWS KMS
 * wallets do exactly this; {@code samples/CustomSigner.java} is a complete custom signer.
 *
 * <p>Implementations are thread-safe.
 */
public interface Wallet extends AutoCloseable {

  /** The wallet's address, EIP-55 checksummed ({@code 0x} + 40 hex digits). */
  String address();

  /**
   * Signs a 32-byte digest as it is; see the class comment for the format of the result.
   *
   * @param digest 32 bytes; not null; not modified
   * @return a new 65-byte array {@code r ‖ s ‖ v}, v 27 or 28, s low
   * @throws IllegalArgumentException if {@code digest} is not 32 bytes
   * @throws IllegalStateException if the wallet was closed
   * @throws WalletException if the signer (a token, a remote service) fails
   */
  byte[] signDigest(byte[] digest);

  /**
   * Whether {@link #signDigest} returns the same bytes for the same digest every time (RFC 6979).
   * The default is {@code false}: a signer must opt in, since a wrong {@code true} makes recovery
   * files that can never be opened.
   */
  default boolean deterministic() {
    return false;
  }

  /**
   * Signs {@code message}'s UTF-8 bytes with EIP-191 {@code personal_sign}: byte for byte what
   * ethers' {@code wallet.signMessage(message)} returns (for a deterministic signer).
   *
   * @return {@code 0x} + 130 hex digits: r (32 bytes), s (32 bytes), v (27 or 28)
   * @throws IllegalStateException if the wallet was closed
   */
  default String signPersonalMessage(String message) {
    return PersonalSign.toHex(signDigest(PersonalSign.digest(message)));
  }

  /**
   * Lets go of the key held by this object; later signing calls throw {@link
   * IllegalStateException}. Idempotent. An in-process key is a {@code BigInteger} inside web3j,
   * which is immutable and cannot be overwritten: it stays in the heap until the garbage collector
   * reuses that memory.
   */
  @Override
  void close();
}
