package io.keymint.wallet;

import io.keymint.signature.PersonalSign;
import java.math.BigInteger;
import java.time.Duration;
import java.util.Objects;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.KmsClientBuilder;
import software.amazon.awssdk.services.kms.model.GetPublicKeyResponse;
import software.amazon.awssdk.services.kms.model.KeyUsageType;
import software.amazon.awssdk.services.kms.model.KmsException;
import software.amazon.awssdk.services.kms.model.MessageType;
import software.amazon.awssdk.services.kms.model.SigningAlgorithmSpec;

/**
 * A wallet whose secp256k1 key lives in AWS KMS ({@code ECC_SECG_P256K1}, usage {@code
 * SIGN_VERIFY}): keymint sends the 32-byte EIP-191 digest ({@code MessageType DIGEST}, {@code
 * ECDSA_SHA_256}) and gets a DER signature back; the private key never leaves KMS. The public key
 * ({@code GetPublicKey}) is read once per unlock; v is found by recovery against it, s is moved to
 * the low half. KMS picks k at random, so signatures are not deterministic: pair it with a
 * recipient escrow key.
 *
 * <p>Needs the optional dependency {@code software.amazon.awssdk:kms} (and an HTTP client such as
 * {@code url-connection-client}) on the classpath. Tested against recorded KMS response shapes on a
 * local server only, never against the real service.
 */
public final class AwsKms {
  private AwsKms() {}

  /**
   * A KMS key by id, ARN or alias ({@code alias/NAME}), with credentials from the SDK's default
   * chain (environment, profile, container or instance role). Each unlock builds a client with
   * deadlines (connect 5 s, read 15 s, 30 s per call) and closes it with the wallet. Description:
   * {@code aws-kms KEY}.
   *
   * @param keyId the key id, ARN or alias
   * @param region the region, or null for the SDK's default chain ({@code AWS_REGION}, profile)
   */
  public static WalletSource wallet(String keyId, String region) {
    Objects.requireNonNull(keyId, "keyId");
    return source(
        keyId,
        () -> {
          KmsClientBuilder b =
              KmsClient.builder()
                  .httpClientBuilder(
                      UrlConnectionHttpClient.builder()
                          .connectionTimeout(Duration.ofSeconds(5))
                          .socketTimeout(Duration.ofSeconds(15)))
                  .overrideConfiguration(
                      c ->
                          c.apiCallTimeout(Duration.ofSeconds(30))
                              .apiCallAttemptTimeout(Duration.ofSeconds(15)));
          if (region != null) {
            b.region(Region.of(region));
          }
          try {
            return b.build();
          } catch (SdkClientException e) {
            throw new WalletException(
                "cannot set up the AWS KMS client: "
                    + e.getMessage()
                    + " (give --kms-region or set AWS_REGION)",
                e);
          }
        },
        true);
  }

  /**
   * A KMS key through a client the caller built (its own endpoint, credentials, deadlines) and
   * closes. Description: {@code aws-kms KEY}.
   */
  public static WalletSource wallet(KmsClient client, String keyId) {
    Objects.requireNonNull(client, "client");
    Objects.requireNonNull(keyId, "keyId");
    return source(keyId, () -> client, false);
  }

  private static WalletSource source(
      String keyId, java.util.function.Supplier<KmsClient> clients, boolean owned) {
    String description = "aws-kms " + keyId;
    return new WalletSource() {
      @Override
      public Wallet unlock() {
        KmsClient client = clients.get();
        try {
          return new KmsWallet(client, owned, keyId, publicKey(client, keyId), description);
        } catch (RuntimeException e) {
          if (owned) {
            client.close();
          }
          throw e;
        }
      }

      @Override
      public String description() {
        return description;
      }

      @Override
      public String toString() {
        return "WalletSource[" + description + "]";
      }
    };
  }

  private static BigInteger publicKey(KmsClient client, String keyId) {
    GetPublicKeyResponse r;
    try {
      r = client.getPublicKey(b -> b.keyId(keyId));
    } catch (SdkException e) {
      throw failure("read the public key of", keyId, e);
    }
    if (r.keySpec() != software.amazon.awssdk.services.kms.model.KeySpec.ECC_SECG_P256_K1) {
      throw new WalletException(
          "KMS key "
              + keyId
              + " is "
              + r.keySpecAsString()
              + ", not ECC_SECG_P256K1: create it with --key-spec ECC_SECG_P256K1 --key-usage"
              + " SIGN_VERIFY");
    }
    if (r.keyUsage() != KeyUsageType.SIGN_VERIFY) {
      throw new WalletException(
          "KMS key " + keyId + " has usage " + r.keyUsageAsString() + ", not SIGN_VERIFY");
    }
    if (r.publicKey() == null) {
      throw new WalletException("KMS returned no public key for " + keyId);
    }
    return EcdsaSignatures.publicKeyFromSpki(r.publicKey().asByteArray(), "KMS key " + keyId);
  }

  static WalletException failure(String what, String keyId, SdkException e) {
    if (e instanceof KmsException && ((KmsException) e).awsErrorDetails() != null) {
      KmsException k = (KmsException) e;
      return new WalletException(
          "AWS KMS refused to "
              + what
              + " key "
              + keyId
              + ": "
              + k.awsErrorDetails().errorCode()
              + " ("
              + k.statusCode()
              + "): "
              + k.awsErrorDetails().errorMessage(),
          e);
    }
    return new WalletException(
        "cannot reach AWS KMS to " + what + " key " + keyId + ": " + e.getMessage(), e);
  }

  /** A wallet that asks KMS for every signature. */
  static final class KmsWallet implements Wallet {
    private final KmsClient client;
    private final boolean owned;
    private final String keyId;
    private final BigInteger publicKey;
    private final String address;
    private final String description;
    private volatile boolean closed;

    KmsWallet(
        KmsClient client, boolean owned, String keyId, BigInteger publicKey, String description) {
      this.client = client;
      this.owned = owned;
      this.keyId = keyId;
      this.publicKey = publicKey;
      this.address = PersonalSign.addressOfPublicKey(publicKey);
      this.description = description;
    }

    @Override
    public String address() {
      return address;
    }

    @Override
    public byte[] signDigest(byte[] digest) {
      EcdsaSignatures.checkDigest(digest);
      if (closed) {
        throw new IllegalStateException("wallet " + address + " is closed");
      }
      byte[] der;
      try {
        der =
            client
                .sign(
                    b ->
                        b.keyId(keyId)
                            .message(SdkBytes.fromByteArray(digest))
                            .messageType(MessageType.DIGEST)
                            .signingAlgorithm(SigningAlgorithmSpec.ECDSA_SHA_256))
                .signature()
                .asByteArray();
      } catch (SdkException e) {
        throw failure("sign with", keyId, e);
      } catch (NullPointerException e) {
        throw new WalletException("KMS returned no signature for key " + keyId, e);
      }
      return EcdsaSignatures.fromDer(der, digest, publicKey, description);
    }

    @Override
    public void close() {
      if (!closed) {
        closed = true;
        if (owned) {
          client.close();
        }
      }
    }

    @Override
    public String toString() {
      return "Wallet[" + address + ", " + description + "]";
    }
  }
}
