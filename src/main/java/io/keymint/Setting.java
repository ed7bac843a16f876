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
  RECOVER_SEALED("call KeyBootstrap.recoverSealed on SAVED-TEXT");

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
