package io.keymint.wallet;

import java.nio.file.Path;
import java.util.function.Supplier;
import org.web3j.crypto.Credentials;

/**
 * Where a wallet comes from, unlocked only when {@link #unlock()} is called (keystore scrypt is the
 * slow part of minting, so the minter decides when). The static factories are the built-ins.
 *
 * <p>Implementations are thread-safe; each {@code unlock()} returns a new {@link Wallet} the caller
 * must close.
 */
public interface WalletSource {

  /** The default environment variable for a hex private key. */
  String DEFAULT_PRIVATE_KEY_ENV = "WALLET_KEY";

  /**
   * Loads and unlocks the wallet.
   *
   * @throws WalletException with a message that says what to fix (wrong password, unset variable,
   *     unreadable file, not enough heap for the keystore's scrypt parameters, ...)
   */
  Wallet unlock();

  /** Where the wallet comes from, for logs: a path or a variable name, never key material. */
  String description();

  /**
   * The wallet's address when the source knows it without unlocking (a keystore's {@code address}
   * field, which unlocking verifies), else empty: then only {@link #unlock()} tells. {@code
   * KeyBootstrap.ensure} uses it to see whether a stored key was minted by this wallet without
   * paying for scrypt.
   *
   * @return the address (any case), or empty
   */
  default java.util.Optional<String> knownAddress() {
    return java.util.Optional.empty();
  }

  /**
   * A Web3 Secret Storage v3 keystore file (scrypt or pbkdf2-hmac-sha256, {@code crypto} or {@code
   * Crypto} member) unlocked with {@code password}. The file and password are read at each unlock.
   * scrypt needs {@code 128·r·n} bytes of heap; when that is not free, unlocking fails with a
   * message naming the {@code -Xmx} to pass. Description: {@code keystore PATH}.
   */
  static WalletSource keystore(Path file, KeystorePassword password) {
    return Wallets.keystore(file, password);
  }

  /**
   * A hex private key (64 digits, with or without {@code 0x}, whitespace trimmed) read from
   * environment variable {@code name} at each unlock; {@link #DEFAULT_PRIVATE_KEY_ENV} is the usual
   * name. Description: {@code env NAME}.
   */
  static WalletSource privateKeyEnv(String name) {
    return Wallets.privateKeyEnv(name);
  }

  /**
   * A BIP-39 mnemonic read from environment variable {@code name}, derived on {@code
   * m/44'/60'/0'/0/0} (the first MetaMask and ethers account), read at each unlock. No BIP-39
   * passphrase. Description: {@code mnemonic env NAME}.
   */
  static WalletSource mnemonicEnv(String name) {
    return Wallets.mnemonicEnv(name);
  }

  /**
   * Like {@link #privateKeyEnv(String)}, with the variable resolved through {@code env} (a map in
   * tests, a custom secret resolver) at each unlock.
   */
  static WalletSource privateKeyEnv(String name, java.util.function.Function<String, String> env) {
    return Wallets.privateKeyEnv(name, env);
  }

  /**
   * Like {@link #mnemonicEnv(String)}, with the variable resolved through {@code env} at each
   * unlock.
   */
  static WalletSource mnemonicEnv(String name, java.util.function.Function<String, String> env) {
    return Wallets.mnemonicEnv(name, env);
  }

  /**
   * A hex private key held by the caller; the array is copied and may be wiped afterwards. The copy
   * lives as long as the returned source. Description: {@code private key}.
   */
  static WalletSource privateKey(char[] hexPrivateKey) {
    return Wallets.privateKey(hexPrivateKey);
  }

  /**
   * A web3j {@link Credentials} the caller already holds. Each unlock signs with the very {@code
   * ECKeyPair} inside it — nothing is copied into a second representation — and closing the wallet
   * only drops keymint's reference (the caller owns the credentials). Deterministic (RFC 6979), so
   * the recovery escrow works as for a keystore. Description: {@code web3j credentials 0x…}.
   *
   * @throws NullPointerException if {@code credentials} is null
   */
  static WalletSource credentials(Credentials credentials) {
    return Wallets.credentials(credentials);
  }

  /**
   * A secp256k1 key inside a PKCS#11 token (an HSM, a smart card, SoftHSM2), used through the JDK's
   * SunPKCS11 provider: the private key never enters this process. The token is found by its label
   * in {@code module}, the key by its label; SunPKCS11 lists the key only when a certificate with
   * its {@code CKA_ID} and label sits beside it (README "PKCS#11 set-up" makes one). The JVM must
   * export the PKCS#11 wrapper to find a token by label: {@code --add-exports
   * jdk.crypto.cryptoki/sun.security.pkcs11.wrapper=ALL-UNNAMED}. Signatures are randomised ({@link
   * Wallet#deterministic()} is false): pair it with a recipient escrow key. Description: {@code
   * pkcs11 token TOKEN key KEY}.
   *
   * @param module the PKCS#11 module, e.g. {@code /usr/lib/softhsm/libsofthsm2.so}
   * @param tokenLabel the token's label
   * @param keyLabel the private key's label (and its certificate's)
   * @param pin called at each unlock for a fresh copy of the user PIN, which keymint wipes after
   *     logging in
   */
  static WalletSource pkcs11(
      Path module, String tokenLabel, String keyLabel, Supplier<char[]> pin) {
    return Pkcs11Wallets.source(module, tokenLabel, keyLabel, pin);
  }
}
