package io.keymint.cli;

import io.keymint.Setting;
import java.util.EnumMap;
import java.util.Map;

/**
 * The CLI's wording for each library {@link Setting}: library messages name the Java setting (an
 * embedding program has no flags); the CLI's one-line errors name its option instead.
 */
final class Flags {
  private static final Map<Setting, String> WORDING = new EnumMap<>(Setting.class);

  static {
    WORDING.put(Setting.SINK, "--sink");
    WORDING.put(Setting.MAX_WAIT, "--max-wait");
    WORDING.put(Setting.KEYSTORE, "--keystore");
    WORDING.put(Setting.PASSWORD_FILE, "--password-file");
    WORDING.put(Setting.BASE_URL, "--base-url");
    WORDING.put(Setting.INSECURE_HTTP, "--insecure-http");
    WORDING.put(Setting.REPLACE_REFUSED, "--replace-refused");
    WORDING.put(Setting.RECOVER_FILE, "run keymint recover --file");
    WORDING.put(Setting.RECOVER_SEALED, "run keymint recover - < SAVED-TEXT");
    WORDING.put(Setting.RECIPIENT_KEY, "--recipient-key PRIVATE-KEY.pem");
    WORDING.put(Setting.REPLACE_ON_DRIFT, "--replace-on-drift");
    WORDING.put(Setting.ESCROW_RECIPIENT, "--escrow-recipient FILE");
    WORDING.put(Setting.ALLOW_NO_ESCROW, "--allow-no-escrow");
    WORDING.put(Setting.ETCD_TLS, "--etcd-cacert/-cert/-key");
    WORDING.put(Setting.KMS_REGION, "--kms-region");
    WORDING.put(Setting.PKCS11_MODULE, "--pkcs11-module");
    WORDING.put(Setting.PKCS11_TOKEN_LABEL, "--pkcs11-token-label");
    WORDING.put(Setting.PKCS11_KEY_LABEL, "--pkcs11-key-label");
    WORDING.put(Setting.PKCS11_PIN, "--pkcs11-pin-file");
  }

  private Flags() {}

  /** The CLI's words for {@code setting}. */
  static String of(Setting setting) {
    String flag = WORDING.get(setting);
    if (flag == null) {
      throw new IllegalStateException("no CLI wording for " + setting);
    }
    return flag;
  }

  /**
   * {@code message} with every library setting name replaced by the CLI's option. The names are
   * Java identifiers with a type prefix, so they cannot be mistaken for other text; a message may
   * quote a cause's that names another setting, so all are replaced, not only the exception's own.
   */
  static String reword(String message) {
    String out = message;
    for (Setting s : Setting.values()) {
      out = out.replace(s.apiName(), of(s));
    }
    return out;
  }

  /**
   * {@code err} with every line printed through {@code println(String)} reworded: what slf4j-simple
   * uses for the library's log lines.
   */
  static java.io.PrintStream rewording(java.io.PrintStream err) {
    return new java.io.PrintStream(err, true) {
      @Override
      public void println(String x) {
        super.println(x == null ? null : reword(x));
      }
    };
  }
}
