package io.keymint.wallet;

import java.text.Normalizer;
import java.util.Arrays;
import java.util.Locale;
import org.web3j.crypto.Bip32ECKeyPair;
import org.web3j.crypto.ECKeyPair;
import org.web3j.crypto.MnemonicUtils;

/** BIP-39 English mnemonic to the BIP-32 key on {@code m/44'/60'/0'/0/0}. */
final class Mnemonics {
  private static final int[] FIRST_ETHEREUM_ACCOUNT = {
    44 | Bip32ECKeyPair.HARDENED_BIT,
    60 | Bip32ECKeyPair.HARDENED_BIT,
    0 | Bip32ECKeyPair.HARDENED_BIT,
    0,
    0
  };

  private Mnemonics() {}

  /**
   * The key of the first Ethereum account of {@code phrase}, or null if it is not a valid English
   * BIP-39 mnemonic (unknown word, wrong word count, bad checksum). Like ethers, the phrase is
   * NFKD-normalised, lower-cased and its whitespace collapsed first, so a phrase pasted with line
   * breaks or double spaces still works. No passphrase ("25th word") is supported.
   *
   * <p>The phrase and its normalised forms are {@code String}s and cannot be wiped; the seed is.
   */
  static ECKeyPair firstAccount(String phrase) {
    String trimmed = Normalizer.normalize(phrase, Normalizer.Form.NFKD).strip();
    if (trimmed.isEmpty()) {
      return null;
    }
    String[] words = trimmed.toLowerCase(Locale.ROOT).split("\\s+");
    if (words.length < 12 || words.length > 24 || words.length % 3 != 0) {
      return null;
    }
    String normalized = String.join(" ", words);
    if (!MnemonicUtils.validateMnemonic(normalized)) {
      return null;
    }
    byte[] seed = MnemonicUtils.generateSeed(normalized, "");
    try {
      Bip32ECKeyPair master = Bip32ECKeyPair.generateKeyPair(seed);
      Bip32ECKeyPair account = Bip32ECKeyPair.deriveKeyPair(master, FIRST_ETHEREUM_ACCOUNT);
      // a plain key pair: the chain code of a BIP-32 node is as secret as the key and not needed
      return new ECKeyPair(account.getPrivateKey(), account.getPublicKey());
    } finally {
      Arrays.fill(seed, (byte) 0);
    }
  }
}
