package io.keymint.testing;

import io.keymint.signature.PersonalSign;
import java.nio.charset.StandardCharsets;
import org.web3j.crypto.ECKeyPair;
import org.web3j.crypto.Keys;
import org.web3j.crypto.Sign;

/**
 * web3j's own {@code personal_sign} and address derivation, for tests: an implementation
 * independent of keymint's signer, so a test signing with it also checks ours against it.
 */
public final class Web3jSigning {
  private Web3jSigning() {}

  /** {@code 0x} + r ‖ s ‖ v hex of {@code message} signed by web3j's {@code Sign}. */
  public static String sign(String message, ECKeyPair keyPair) {
    Sign.SignatureData d =
        Sign.signPrefixedMessage(message.getBytes(StandardCharsets.UTF_8), keyPair);
    byte[] out = new byte[65];
    System.arraycopy(d.getR(), 0, out, 0, 32);
    System.arraycopy(d.getS(), 0, out, 32, 32);
    out[64] = d.getV()[0];
    return PersonalSign.toHex(out);
  }

  /** The EIP-55 address of {@code keyPair}, by web3j's {@code Keys}. */
  public static String address(ECKeyPair keyPair) {
    return Keys.toChecksumAddress(Keys.getAddress(keyPair));
  }
}
