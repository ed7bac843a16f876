package io.keymint.wallet;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import io.keymint.emulator.VeniceEmulator;
import io.keymint.internal.Json;
import io.keymint.mint.Web3KeyMinter;
import io.keymint.signature.PersonalSign;
import io.keymint.sink.SecretSink;
import io.keymint.testing.Emulators;
import io.keymint.testing.LeakWatch;
import io.keymint.testing.TestKeys;
import io.keymint.venice.KeySpec;
import io.keymint.venice.VeniceClient;
import java.math.BigInteger;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.ParametersWithRandom;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kms.KmsClient;

/**
 * The AWS KMS wallet against recorded KMS response shapes (JSON 1.1 over {@code X-Amz-Target:
 * TrentService.*}) served by WireMock on loopback, through the real AWS SDK client with an endpoint
 * override. The "KMS" signs with a test key, a random k and, every other time, the high s that real
 * KMS returns as often as not — so recovery, low-s and v are really exercised. Never run against
 * the real service.
 */
public class AwsKmsContractTest {
  public static final String KEY_ARN =
      "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";
  private static final X9ECParameters P = CustomNamedCurves.getByName("secp256k1");
  private static final ECDomainParameters CURVE =
      new ECDomainParameters(P.getCurve(), P.getG(), P.getN(), P.getH());
  private static final BigInteger D = new BigInteger(TestKeys.VECTOR_PRIVATE_KEY.substring(2), 16);

  private WireMockServer kms;
  private KmsClient client;
  private final AtomicInteger signs = new AtomicInteger();
  private volatile BigInteger signingKey = D;

  /** Signs the request's digest as KMS would: DER, random k, s not normalised. */
  final class KmsSigner implements ResponseDefinitionTransformerV2 {
    @Override
    public ResponseDefinition transform(ServeEvent event) {
      try {
        JsonNode req = Json.parse(event.getRequest().getBody());
        byte[] digest = Base64.getDecoder().decode(req.get("Message").asText());
        ECDSASigner signer = new ECDSASigner();
        signer.init(
            true,
            new ParametersWithRandom(
                new ECPrivateKeyParameters(signingKey, CURVE), new SecureRandom()));
        BigInteger[] rs = signer.generateSignature(digest);
        BigInteger s = rs[1];
        boolean high = signs.incrementAndGet() % 2 == 0;
        if (high != s.compareTo(P.getN().shiftRight(1)) > 0) {
          s = P.getN().subtract(s); // both halves verify; KMS returns either
        }
        byte[] der =
            new DERSequence(new ASN1Integer[] {new ASN1Integer(rs[0]), new ASN1Integer(s)})
                .getEncoded("DER");
        String body =
            "{\"KeyId\":\""
                + KEY_ARN
                + "\",\"Signature\":\""
                + Base64.getEncoder().encodeToString(der)
                + "\",\"SigningAlgorithm\":\"ECDSA_SHA_256\"}";
        return ResponseDefinitionBuilder.like(event.getResponseDefinition())
            .but()
            .withBody(body)
            .build();
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }

    @Override
    public String getName() {
      return "kms-signer";
    }

    @Override
    public boolean applyGlobally() {
      return false;
    }
  }

  static String spki(BigInteger d) throws Exception {
    byte[] point = CURVE.getG().multiply(d).normalize().getEncoded(false);
    return Base64.getEncoder()
        .encodeToString(
            new SubjectPublicKeyInfo(
                    new AlgorithmIdentifier(
                        X9ObjectIdentifiers.id_ecPublicKey, SECObjectIdentifiers.secp256k1),
                    point)
                .getEncoded("DER"));
  }

  @BeforeEach
  void start() throws Exception {
    LeakWatch.secret("test-secret-not-real-aws-key"); // the fake AWS secret key: never printed
    kms =
        new WireMockServer(
            options().dynamicPort().bindAddress("127.0.0.1").extensions(new KmsSigner()));
    kms.start();
    client =
        KmsClient.builder()
            .endpointOverride(URI.create(kms.baseUrl()))
            .region(Region.US_EAST_1)
            .credentialsProvider(
                StaticCredentialsProvider.create(
                    AwsBasicCredentials.create("AKIDEXAMPLE", "test-secret-not-real-aws-key")))
            .httpClientBuilder(
                UrlConnectionHttpClient.builder()
                    .connectionTimeout(Duration.ofSeconds(2))
                    .socketTimeout(Duration.ofSeconds(2)))
            .overrideConfiguration(c -> c.apiCallTimeout(Duration.ofSeconds(3)))
            .build();
    publicKeyReply("ECC_SECG_P256K1", spki(D));
    kmsReply("TrentService.Sign", kmsJson(200).withTransformers("kms-signer"));
  }

  /** KMS answers every {@code target} call (an X-Amz-Target such as TrentService.Sign) so. */
  private void kmsReply(String target, ResponseDefinitionBuilder reply) {
    kms.stubFor(
        post(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo(target)).willReturn(reply));
  }

  /** A KMS reply with {@code status} and KMS's JSON content type. */
  private static ResponseDefinitionBuilder kmsJson(int status) {
    return aResponse().withStatus(status).withHeader("Content-Type", "application/x-amz-json-1.1");
  }

  private void publicKeyReply(String keySpec, String spki) {
    kmsReply(
        "TrentService.GetPublicKey",
        kmsJson(200)
            .withBody(
                "{\"CustomerMasterKeySpec\":\""
                    + keySpec
                    + "\",\"KeyId\":\""
                    + KEY_ARN
                    + "\",\"KeySpec\":\""
                    + keySpec
                    + "\",\"KeyUsage\":\"SIGN_VERIFY\",\"PublicKey\":\""
                    + spki
                    + "\",\"SigningAlgorithms\":[\"ECDSA_SHA_256\"]}"));
  }

  private void error(String target, String type, String message) {
    kmsReply(
        "TrentService." + target,
        kmsJson(400)
            .withHeader("x-amzn-RequestId", "4c2e3b5a-0000-0000-0000-000000000000")
            .withBody("{\"__type\":\"" + type + "\",\"message\":\"" + message + "\"}"));
  }

  @AfterEach
  void stop() {
    client.close();
    kms.stop();
  }

  @Test
  void unlock_readsThePublicKey_signaturesRecoverToItsAddress_lowS() {
    try (Wallet w = AwsKms.wallet(client, KEY_ARN).unlock()) {
      assertThat(w.address()).isEqualTo(TestKeys.VECTOR_ADDRESS);
      assertThat(w.deterministic()).isFalse();
      Set<String> seen = new HashSet<>();
      for (int i = 0; i < 8; i++) {
        String sig = w.signPersonalMessage("token " + i);
        seen.add(sig);
        assertThat(PersonalSign.recoverAddress("token " + i, sig))
            .isEqualTo(TestKeys.VECTOR_ADDRESS);
        BigInteger s = new BigInteger(sig.substring(66, 130), 16);
        assertThat(s).isLessThanOrEqualTo(P.getN().shiftRight(1));
      }
      assertThat(seen).hasSize(8);
    }
    kms.verify(
        8,
        postRequestedFor(urlEqualTo("/"))
            .withHeader("X-Amz-Target", equalTo("TrentService.Sign"))
            .withRequestBody(matchingJsonPath("$.KeyId", equalTo(KEY_ARN)))
            .withRequestBody(matchingJsonPath("$.MessageType", equalTo("DIGEST")))
            .withRequestBody(matchingJsonPath("$.SigningAlgorithm", equalTo("ECDSA_SHA_256"))));
  }

  @Test
  void mint_endToEnd_againstTheEmulator() {
    VeniceEmulator venice = Emulators.start(TestKeys.VECTOR_ADDRESS);
    try (VeniceClient venusClient = VeniceClient.builder().baseUrl(venice.baseUrl()).build()) {
      AtomicReference<String> got = new AtomicReference<>();
      Web3KeyMinter.builder()
          .client(venusClient)
          .wallet(AwsKms.wallet(client, KEY_ARN))
          .sink(SecretSink.callback(k -> got.set(k.secret().reveal())))
          .build()
          .mint(KeySpec.builder().usdLimit(java.math.BigDecimal.TEN).build());
      LeakWatch.secret(got.get());
      assertThat(got.get()).isEqualTo(io.keymint.testing.Emulators.secrets(venice).get(0));
    } finally {
      Emulators.stop(venice);
    }
  }

  @Test
  void keyOnAnotherCurve_isRefusedAtUnlock() throws Exception {
    // ECC_NIST_P256's SubjectPublicKeyInfo, as GetPublicKey returns for such a key
    java.security.KeyPairGenerator g = java.security.KeyPairGenerator.getInstance("EC");
    g.initialize(new java.security.spec.ECGenParameterSpec("secp256r1"));
    String p256 = Base64.getEncoder().encodeToString(g.generateKeyPair().getPublic().getEncoded());
    publicKeyReply("ECC_NIST_P256", p256);

    assertThatThrownBy(() -> AwsKms.wallet(client, KEY_ARN).unlock())
        .isInstanceOf(WalletException.class)
        .hasMessageContaining("ECC_NIST_P256, not ECC_SECG_P256K1");
  }

  @Test
  void unknownKey_andDeniedSign_areOneLineWithKmsErrorCode() {
    error("GetPublicKey", "NotFoundException", "Key '" + KEY_ARN + "' does not exist");
    assertThatThrownBy(() -> AwsKms.wallet(client, KEY_ARN).unlock())
        .isInstanceOf(WalletException.class)
        .hasMessageContaining("NotFoundException")
        .hasMessageContaining("does not exist")
        .hasMessageNotContaining("test-secret-not-real-aws-key");
  }

  @Test
  void deniedSign_isAWalletError() throws Exception {
    try (Wallet w = AwsKms.wallet(client, KEY_ARN).unlock()) {
      error(
          "Sign",
          "AccessDeniedException",
          "User: arn:aws:iam::111122223333:user/agent is not authorized to perform: kms:Sign");
      assertThatThrownBy(() -> w.signPersonalMessage("x"))
          .isInstanceOf(WalletException.class)
          .hasMessageContaining("AccessDeniedException")
          .hasMessageContaining("kms:Sign");
    }
  }

  @Test
  void hostileSignatures_malformedDer_orAnotherKeys_areRefused() throws Exception {
    try (Wallet w = AwsKms.wallet(client, KEY_ARN).unlock()) {
      signingKey = BigInteger.valueOf(123456789); // KMS signs with a key other than it announced
      assertThatThrownBy(() -> w.signPersonalMessage("x"))
          .isInstanceOf(WalletException.class)
          .hasMessageContaining("does not recover to its public key");

      kmsReply(
          "TrentService.Sign",
          kmsJson(200)
              .withBody(
                  "{\"KeyId\":\""
                      + KEY_ARN
                      + "\",\"Signature\":\"MAYCAQECAQ==\",\"SigningAlgorithm\":\"ECDSA_SHA_256\"}"));
      // DER r=1, s=1: well-formed but recovers to nothing useful; then truly malformed bytes
      assertThatThrownBy(() -> w.signPersonalMessage("x")).isInstanceOf(WalletException.class);
      kmsReply(
          "TrentService.Sign",
          kmsJson(200).withBody("{\"KeyId\":\"" + KEY_ARN + "\",\"Signature\":\"3q2+7w==\"}"));
      assertThatThrownBy(() -> w.signPersonalMessage("x"))
          .isInstanceOf(WalletException.class)
          .hasMessageContaining("malformed ECDSA signature");
    }
  }

  @Test
  void truncatedKmsReply_isAWalletError() {
    kmsReply(
        "TrentService.GetPublicKey",
        kmsJson(200).withBody("{\"KeyId\":\"" + KEY_ARN + "\",\"KeySpec\":\"ECC_SEC"));
    assertThatThrownBy(() -> AwsKms.wallet(client, KEY_ARN).unlock())
        .isInstanceOf(WalletException.class)
        .hasMessageContaining(KEY_ARN);
  }

  @Test
  void slowKms_hitsTheClientsDeadline_asAWalletError() {
    kmsReply(
        "TrentService.GetPublicKey",
        aResponse().withStatus(200).withFixedDelay(10_000).withBody("{}"));
    assertThatThrownBy(() -> AwsKms.wallet(client, KEY_ARN).unlock())
        .isInstanceOf(WalletException.class)
        .hasMessageContaining("cannot reach AWS KMS");
  }

  /** The recorded-shape KMS on its own, for tests in other packages (the CLI). */
  public static final class FakeKms {
    private final AwsKmsContractTest inner = new AwsKmsContractTest();

    private FakeKms() {}

    public static FakeKms start() throws Exception {
      FakeKms f = new FakeKms();
      f.inner.start();
      return f;
    }

    public String baseUrl() {
      return inner.kms.baseUrl();
    }

    public void stop() {
      inner.stop();
    }
  }
}
