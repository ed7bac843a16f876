package io.keymint.wallet;

import java.util.Objects;
import org.web3j.crypto.ECKeyPair;

/**
 * A {@link Wallet} over a web3j key pair.
 *
 * <p>{@link #close()} can only drop the reference: the private key lives in a {@link
 * java.math.BigInteger}, which is immutable and cannot be overwritten, so it stays in the heap
 * until the garbage collector reuses that memory. Closing still guarantees that this object signs
 * nothing more.
 */
final class KeyWallet implements Wallet {
  private final String address;
  private volatile ECKeyPair keyPair;

  KeyWallet(ECKeyPair keyPair) {
    this.keyPair = Objects.requireNonNull(keyPair, "keyPair");
    this.address = Secp256k1.address(keyPair);
  }

  @Override
  public String address() {
    return address;
  }

  @Override
  public byte[] signDigest(byte[] digest) {
    return Secp256k1.signDigest(digest, open());
  }

  @Override
  public String signPersonalMessage(String message) {
    return Secp256k1.sign(message, open());
  }

  @Override
  public boolean deterministic() {
    return true;
  }

  private ECKeyPair open() {
    ECKeyPair current = keyPair;
    if (current == null) {
      throw new IllegalStateException("wallet " + address + " is closed");
    }
    return current;
  }

  @Override
  public void close() {
    keyPair = null;
  }

  @Override
  public String toString() {
    return "Wallet[" + address + "]";
  }
}
