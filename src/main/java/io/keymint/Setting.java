package io.keymint;

/**
 * A library setting that an error message tells the caller to change. Messages name the setting by
 * {@link #apiName()}, the Java method an embedding program calls; an exception that points at one
 * setting also carries it ({@link KeymintException#setting()}), so a front end such as the CLI can
 * word the advice its own way (the CLI maps each setting to its option, e.g. {@code --max-wait}).
 */
public enum Setting {
  /** The sink the key is written to: choose another {@code SecretSink}. */
  SINK("SecretSink"),
  /** How long a bootstrap waits for the lock beside the sink. */
  MAX_WAIT("KeyBootstrap.Builder.maxWait"),
  /** The keystore file the wallet is read from. */
  KEYSTORE("WalletSource.keystore"),
  /** The file the keystore password is read from. */
  PASSWORD_FILE("KeystorePassword.fromFile"),
  /** The Venice base URL. */
  BASE_URL("VeniceClient.Builder.baseUrl"),
  /** Whether plain http to a non-loopback host is allowed. */
  INSECURE_HTTP("VeniceClient.Builder.allowInsecureHttp"),
  /** Whether a stored key Venice refuses for now is replaced by a new one. */
  REPLACE_REFUSED("KeyBootstrap.Builder.replaceRefusedKeys"),
  /** Opening a recovery file: {@code KeyBootstrap.recover(file)}. */
  RECOVER_FILE("call KeyBootstrap.recover on"),
  /** Opening sealed recovery text: {@code KeyBootstrap.recoverSealed(text)}. */
  RECOVER_SEALED("call KeyBootstrap.recoverSealed on SAVED-TEXT"),
  /** The recipient's private key that opens a key sealed to it. */
  RECIPIENT_KEY("using the recipient's private key"),
  /** Whether a stored key that differs from the requested spec is replaced. */
  REPLACE_ON_DRIFT("KeyBootstrap.Builder.replaceOnDrift(true)"),
  /** The X25519 public key a randomised signer's keys are sealed to. */
  ESCROW_RECIPIENT("KeyBootstrap.Builder.escrowRecipient"),
  /** Minting with a randomised signer and no escrow at all. */
  ALLOW_NO_ESCROW("KeyBootstrap.Builder.requireEscrow(false)"),
  /** The etcd TLS files. */
  ETCD_TLS("EtcdKeyStore.Builder.caCert/clientCert"),
  /** The AWS region of a KMS key. */
  KMS_REGION("AwsKms.wallet's region"),
  /** The PKCS#11 module (the token's shared library). */
  PKCS11_MODULE("WalletSource.pkcs11's module"),
  /** The PKCS#11 token label. */
  PKCS11_TOKEN_LABEL("WalletSource.pkcs11's tokenLabel"),
  /** The PKCS#11 key label. */
  PKCS11_KEY_LABEL("WalletSource.pkcs11's keyLabel"),
  /** The PKCS#11 PIN. */
  PKCS11_PIN("WalletSource.pkcs11's pin");

  private final String apiName;

  Setting(String apiName) {
    this.apiName = apiName;
  }

  /**
   * How library messages name this setting, verbatim: a Java type and method, never a CLI option.
   */
  public String apiName() {
    return apiName;
  }
}
