package io.keymint.wallet;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Supplier;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.ECKeyPair;

/**
 * The built-in wallet sources. Each reads its material at {@link WalletSource#unlock()} time, not
 * at construction, so a source can be built early (CLI parsing) and unlocked when the minter needs
 * it, and unlocked again later. Environment reads go through a {@code Function<String, String>} so
 * that tests pass a map.
 */
final class Wallets {
  private Wallets() {}

  static WalletSource keystore(Path file, KeystorePassword password) {
    return keystore(file, password, ScryptMemory.runtime());
  }

  static WalletSource keystore(Path file, KeystorePassword password, ScryptMemory memory) {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(password, "password");
    Objects.requireNonNull(memory, "memory");
    return new Source(
        "keystore " + file,
        () -> KeystoreV3.declaredAddress(file),
        () -> {
          char[] pw = password.read();
          try {
            return new KeyWallet(KeystoreV3.decrypt(file, pw, memory));
          } finally {
            Arrays.fill(pw, '\0');
          }
        });
  }

  static WalletSource privateKeyEnv(String name) {
    return privateKeyEnv(name, System::getenv);
  }

  static WalletSource privateKeyEnv(String name, Function<String, String> env) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(env, "env");
    return new Source(
        "env " + name,
        () -> {
          String value = env.apply(name);
          if (value == null || value.isBlank()) {
            throw new WalletException(
                "environment variable "
                    + name
                    + " is not set: export a hex private key or use --keystore");
          }
          // the String from the environment cannot be wiped; the char[] copy can
          char[] hex = value.toCharArray();
          try {
            return new KeyWallet(parse(hex, name));
          } finally {
            Arrays.fill(hex, '\0');
          }
        });
  }

  static WalletSource mnemonicEnv(String name) {
    return mnemonicEnv(name, System::getenv);
  }

  static WalletSource mnemonicEnv(String name, Function<String, String> env) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(env, "env");
    return new Source(
        "mnemonic env " + name,
        () -> {
          String phrase = env.apply(name);
          if (phrase == null || phrase.isBlank()) {
            throw new WalletException(
                "environment variable "
                    + name
                    + " is not set: export a BIP-39 mnemonic or use --keystore");
          }
          ECKeyPair keyPair = Mnemonics.firstAccount(phrase);
          if (keyPair == null) {
            throw new WalletException(
                name
                    + " is not a valid BIP-39 English mnemonic (12 to 24 words from the English list"
                    + " with a matching checksum): check for a mistyped or missing word");
          }
          return new KeyWallet(keyPair);
        });
  }

  static WalletSource privateKey(char[] hex) {
    // copied so that the caller may wipe its array; this copy lives as long as the source
    char[] copy = Objects.requireNonNull(hex, "hexPrivateKey").clone();
    return new Source(
        "private key",
        () -> {
          return new KeyWallet(parse(copy, "the private key"));
        });
  }

  static WalletSource credentials(Credentials credentials) {
    Objects.requireNonNull(credentials, "credentials");
    return new Source(
        "web3j credentials " + credentials.getAddress(),
        () -> {
          // the caller's own key pair, by reference: no second copy of the private key
          KeyWallet wallet = new KeyWallet(credentials.getEcKeyPair());
          if (!wallet.address().equalsIgnoreCase(credentials.getAddress())) {
            wallet.close();
            throw new WalletException(
                "the web3j credentials' address does not match their key pair: build them with"
                    + " Credentials.create(ecKeyPair)");
          }
          return wallet;
        });
  }

  private static ECKeyPair parse(char[] hex, String what) {
    byte[] key = PrivateKeys.parseHex(hex);
    if (key == null) {
      throw new WalletException(
          what + " is not a 32-byte hex private key (expected 64 hex digits, with or without 0x)");
    }
    try {
      ECKeyPair keyPair = PrivateKeys.keyPair(key);
      if (keyPair == null) {
        throw new WalletException(
            what
                + " is not a valid secp256k1 private key (it is zero or not below the curve order)");
      }
      return keyPair;
    } finally {
      Arrays.fill(key, (byte) 0);
    }
  }

  /** A built-in source: its description (never key material) and how it unlocks. */
  private static final class Source implements WalletSource {
    private final String description;
    private final Supplier<Wallet> unlock;
    private final Supplier<java.util.Optional<String>> address;

    Source(String description, Supplier<Wallet> unlock) {
      this(description, java.util.Optional::empty, unlock);
    }

    Source(
        String description, Supplier<java.util.Optional<String>> address, Supplier<Wallet> unlock) {
      this.description = description;
      this.address = address;
      this.unlock = unlock;
    }

    @Override
    public java.util.Optional<String> knownAddress() {
      try {
        return address.get();
      } catch (RuntimeException unreadable) {
        return java.util.Optional.empty(); // unlock() will say what is wrong with the file
      }
    }

    @Override
    public Wallet unlock() {
      return unlock.get();
    }

    @Override
    public String description() {
      return description;
    }

    @Override
    public String toString() {
      return "WalletSource[" + description + "]";
    }
  }
}
