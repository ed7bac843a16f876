import io.keymint.bootstrap.BootstrapResult;
import io.keymint.bootstrap.KeyBootstrap;
import io.keymint.signature.PersonalSign;
import io.keymint.sink.SecretSink;
import io.keymint.venice.KeySpec;
import io.keymint.venice.VeniceClient;
import io.keymint.wallet.Wallet;
import io.keymint.wallet.WalletSource;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.SecureRandom;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.ParametersWithRandom;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.web3j.crypto.ECDSASignature;
import org.web3j.crypto.ECKeyPair;
import org.web3j.crypto.Sign;

/**
 * A custom signer: a {@link Wallet} whose key lives in "something else" — here a stand-in for a
 * remote signing service that returns (r, s) with a random k, as HSMs and KMSs do. It meets the
 * contract in {@code Wallet}'s Javadoc: sign the 32-byte digest as it is, return r ‖ low-s ‖ v with
 * v = 27 + the recovery id that recovers {@link Wallet#address()}, and say {@code deterministic()
 * == false}. Because it is randomised, {@code ensure} needs an escrow recipient key (else it
 * refuses before minting).
 *
 * <pre>
 * java -jar target/keymint.jar emulator --staker 0xb568939E9758702c2a8f0E7F5C91fe5c1aC07293 &amp;
 * REMOTE_SIGNER_KEY=0xHEX-KEY-OF-THE-STAKER \
 *   java -cp target/keymint.jar samples/CustomSigner.java http://127.0.0.1:PORT/api/v1 /tmp/venice-api-key
 * </pre>
 */
public final class CustomSigner {

  /** The "remote service": holds the key, returns raw (r, s) for a digest, random k. */
  static final class RemoteSigningService {
    private static final X9ECParameters P = CustomNamedCurves.getByName("secp256k1");
    private final ECPrivateKeyParameters key;
    final BigInteger publicKey; // x ‖ y, what such services hand out

    RemoteSigningService(String hexKey) {
      BigInteger d = new BigInteger(hexKey.replaceFirst("^0x", ""), 16);
      key =
          new ECPrivateKeyParameters(
              d, new ECDomainParameters(P.getCurve(), P.getG(), P.getN(), P.getH()));
      publicKey = ECKeyPair.create(d).getPublicKey();
    }

    BigInteger[] sign(byte[] digest) {
      ECDSASigner signer = new ECDSASigner();
      signer.init(true, new ParametersWithRandom(key, new SecureRandom()));
      return signer.generateSignature(digest);
    }
  }

  /** The adapter keymint sees. */
  static final class RemoteWallet implements Wallet {
    private static final BigInteger N = CustomNamedCurves.getByName("secp256k1").getN();
    private final RemoteSigningService service;
    private final String address;

    RemoteWallet(RemoteSigningService service) {
      this.service = service;
      this.address = PersonalSign.addressOfPublicKey(service.publicKey);
    }

    @Override
    public String address() {
      return address;
    }

    @Override
    public byte[] signDigest(byte[] digest) {
      if (digest.length != 32) {
        throw new IllegalArgumentException("a digest is 32 bytes, got " + digest.length);
      }
      BigInteger[] rs = service.sign(digest);
      BigInteger r = rs[0];
      BigInteger s = rs[1].compareTo(N.shiftRight(1)) > 0 ? N.subtract(rs[1]) : rs[1]; // EIP-2
      for (int recId = 0; recId < 2; recId++) {
        BigInteger recovered = Sign.recoverFromSignature(recId, new ECDSASignature(r, s), digest);
        if (service.publicKey.equals(recovered)) {
          byte[] out = new byte[65];
          put(r, out, 0);
          put(s, out, 32);
          out[64] = (byte) (27 + recId);
          return out;
        }
      }
      throw new IllegalStateException("the service signed with another key");
    }

    @Override
    public boolean deterministic() {
      return false; // random k: the wallet-derived escrow cannot work
    }

    @Override
    public void close() {}

    @Override
    public String toString() {
      return "Wallet[" + address + ", remote]";
    }

    private static void put(BigInteger v, byte[] out, int off) {
      byte[] raw = v.toByteArray();
      int len = Math.min(raw.length, 32);
      System.arraycopy(raw, raw.length - len, out, off + 32 - len, len);
    }
  }

  public static void main(String[] args) throws Exception {
    String baseUrl = args[0];
    Path keyFile = Path.of(args[1]);
    RemoteSigningService service = new RemoteSigningService(System.getenv("REMOTE_SIGNER_KEY"));
    WalletSource source =
        new WalletSource() {
          @Override
          public Wallet unlock() {
            return new RemoteWallet(service);
          }

          @Override
          public String description() {
            return "remote signer";
          }
        };
    // the operator's escrow key: in real life RecipientEscrow.readPublicKey(Path.of("op.pub.pem"))
    KeyPairGenerator x25519 = KeyPairGenerator.getInstance("X25519");
    PublicKey recipient = x25519.generateKeyPair().getPublic();

    try (VeniceClient venice = VeniceClient.builder().baseUrl(baseUrl).build()) {
      BootstrapResult r =
          KeyBootstrap.builder()
              .client(venice)
              .wallet(source)
              .sink(SecretSink.file(keyFile))
              .spec(KeySpec.builder().usdLimit(new BigDecimal("5")).build()) // capped by default
              .escrowRecipient(recipient)
              .build()
              .ensure();
      System.out.println(
          r.outcome()
              + " key ending "
              + r.secret().lastSix()
              + " signed by "
              + source.description());
    }
  }
}
