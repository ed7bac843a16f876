package io.keymint.wallet;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.Security;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.interfaces.ECPublicKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import javax.security.auth.login.FailedLoginException;

/**
 * A secp256k1 key inside a PKCS#11 token, reached through the JDK's SunPKCS11 provider configured
 * at run time: the module (the token's {@code .so}), the token found by its label, the key by its
 * label. The private key never leaves the token: keymint holds a handle ({@code getEncoded()} is
 * null) and asks the token for {@code CKM_ECDSA} over the 32-byte digest ({@code NONEwithECDSA}).
 *
 * <p><b>Finding the key.</b> SunPKCS11's {@code KeyStore} lists a private key only when a
 * certificate with the same {@code CKA_ID} sits beside it, and it takes the alias from that
 * certificate's label. keymint therefore needs, once per key, a certificate beside it that carries
 * its public key and its label — its only role is a name tag and the public key (nobody checks its
 * signature). README "PKCS#11 set-up" gives the three commands; unlocking checks the certificate
 * against the key by signing a probe digest and recovering the public key, so a wrong certificate
 * is refused, not trusted.
 *
 * <p><b>Finding the token.</b> SunPKCS11's configuration names a slot, not a token label, and
 * PKCS#11 slot ids change when tokens are added (SoftHSM2 derives them from the serial number).
 * keymint lists the slots and reads token labels through the JDK's PKCS#11 wrapper, which the JVM
 * exports only with {@code --add-exports
 * jdk.crypto.cryptoki/sun.security.pkcs11.wrapper=ALL-UNNAMED} (keymint.jar's manifest carries it;
 * an embedding application passes the flag).
 *
 * <p>One provider per module and slot is kept for the life of the JVM (PKCS#11 modules initialise
 * once per process).
 */
final class Pkcs11Wallets {
  static final String WRAPPER_EXPORT =
      "--add-exports jdk.crypto.cryptoki/sun.security.pkcs11.wrapper=ALL-UNNAMED";
  private static final long CKF_OS_LOCKING_OK = 0x2L;
  private static final Map<String, Provider> PROVIDERS = new ConcurrentHashMap<>();
  private static final Map<Provider, Integer> OPEN =
      java.util.Collections.synchronizedMap(new java.util.IdentityHashMap<>());
  private static final byte[] PROBE = new byte[32];

  static {
    Arrays.fill(PROBE, (byte) 0x5a);
  }

  private Pkcs11Wallets() {}

  static WalletSource source(
      Path module, String tokenLabel, String keyLabel, Supplier<char[]> pin) {
    Objects.requireNonNull(module, "module");
    Objects.requireNonNull(tokenLabel, "tokenLabel");
    Objects.requireNonNull(keyLabel, "keyLabel");
    Objects.requireNonNull(pin, "pin");
    String description = "pkcs11 token " + tokenLabel + " key " + keyLabel;
    return new WalletSource() {
      @Override
      public Wallet unlock() {
        return Pkcs11Wallets.unlock(module, tokenLabel, keyLabel, pin, description);
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

  static Pkcs11Wallet unlock(
      Path module, String tokenLabel, String keyLabel, Supplier<char[]> pin, String description) {
    if (!Files.isRegularFile(module)) {
      throw new WalletException(
          "PKCS#11 module "
              + module
              + " does not exist: check --pkcs11-module (SoftHSM2:"
              + " /usr/lib/softhsm/libsofthsm2.so)");
    }
    Provider provider = provider(module, tokenLabel);
    synchronized (provider) {
      OPEN.merge(provider, 1, Integer::sum);
      try {
        return open(provider, tokenLabel, keyLabel, pin, description);
      } catch (RuntimeException e) {
        release(provider); // a failed unlock leaves no login behind either
        throw e;
      }
    }
  }

  /**
   * Logs out of the token when the last wallet on it closes, so that the next unlock must present
   * the PIN again (PKCS#11 logins are per process and token, not per key store).
   */
  static void release(Provider provider) {
    synchronized (provider) {
      Integer left = OPEN.merge(provider, -1, Integer::sum);
      if (left != null && left <= 0) {
        OPEN.remove(provider);
        try {
          ((java.security.AuthProvider) provider).logout();
        } catch (javax.security.auth.login.LoginException | RuntimeException e) {
          // already logged out, or the token is gone: nothing more to let go of
        }
      }
    }
  }

  private static Pkcs11Wallet open(
      Provider provider,
      String tokenLabel,
      String keyLabel,
      Supplier<char[]> pin,
      String description) {
    char[] p = pin.get();
    KeyStore store;
    try {
      store = KeyStore.getInstance("PKCS11", provider);
      store.load(null, p);
    } catch (IOException e) {
      if (causedBy(e, FailedLoginException.class) || String.valueOf(e).contains("CKR_PIN")) {
        throw new WalletException(
            "token "
                + tokenLabel
                + " refused the PIN: check --pkcs11-pin-file or KEYMINT_PKCS11_PIN",
            null);
      }
      throw new WalletException(
          "cannot log in to token " + tokenLabel + ": " + e.getClass().getSimpleName(), e);
    } catch (GeneralSecurityException e) {
      throw new WalletException(
          "cannot open the key store of token " + tokenLabel + ": " + e.getClass().getSimpleName(),
          e);
    } finally {
      Arrays.fill(p, '\0');
    }
    PrivateKey key;
    Certificate cert;
    try {
      if (!store.isKeyEntry(keyLabel)) {
        throw new WalletException(
            "token "
                + tokenLabel
                + " has no private key labelled "
                + keyLabel
                + " with a certificate beside it (SunPKCS11 lists a key only then): see README"
                + " 'PKCS#11 set-up' for the one-time step, or check --pkcs11-key-label");
      }
      key = (PrivateKey) store.getKey(keyLabel, null);
      cert = store.getCertificate(keyLabel);
    } catch (GeneralSecurityException e) {
      throw new WalletException(
          "cannot read key " + keyLabel + " of token " + tokenLabel + ": " + e.getMessage(), e);
    }
    if (!"EC".equals(key.getAlgorithm())
        || cert == null
        || !(cert.getPublicKey() instanceof ECPublicKey)) {
      throw new WalletException(
          "key "
              + keyLabel
              + " of token "
              + tokenLabel
              + " is not an EC key with an EC certificate");
    }
    BigInteger publicKey =
        EcdsaSignatures.publicKeyOf((ECPublicKey) cert.getPublicKey(), "key " + keyLabel);
    Pkcs11Wallet wallet = new Pkcs11Wallet(provider, key, publicKey, description);
    try {
      wallet.signDigest(PROBE); // proves the certificate holds this key's public key
    } catch (WalletException e) {
      throw new WalletException(
          "the certificate beside key "
              + keyLabel
              + " in token "
              + tokenLabel
              + " does not hold that key's public key: write the certificate again (README"
              + " 'PKCS#11 set-up')",
          e);
    }
    return wallet;
  }

  /** The SunPKCS11 provider of the slot whose token is labelled {@code tokenLabel}. */
  static Provider provider(Path module, String tokenLabel) {
    String library = module.toAbsolutePath().normalize().toString();
    long slot = slotOf(library, tokenLabel);
    return PROVIDERS.computeIfAbsent(
        library + "#" + slot,
        k -> {
          Provider base = Security.getProvider("SunPKCS11");
          if (base == null) {
            throw new WalletException(
                "this Java runtime has no SunPKCS11 provider (module jdk.crypto.cryptoki): use a"
                    + " full JDK or JRE image");
          }
          String config =
              "--name=keymint-"
                  + Long.toUnsignedString(slot)
                  + "\nlibrary="
                  + library
                  + "\nslot="
                  + slot
                  + "\n";
          try {
            return base.configure(config);
          } catch (RuntimeException e) {
            throw new WalletException(
                "cannot load PKCS#11 module " + library + ": " + e.getMessage(), e);
          }
        });
  }

  /**
   * The slot holding the token labelled {@code tokenLabel}, read through the JDK's PKCS#11 wrapper
   * (the same module instance SunPKCS11 uses afterwards).
   */
  static long slotOf(String library, String tokenLabel) {
    List<String> seen = new ArrayList<>();
    try {
      Class<?> pkcs11Class = Class.forName("sun.security.pkcs11.wrapper.PKCS11");
      Class<?> initArgsClass = Class.forName("sun.security.pkcs11.wrapper.CK_C_INITIALIZE_ARGS");
      Object initArgs = initArgsClass.getConstructor().newInstance();
      initArgsClass.getField("flags").setLong(initArgs, CKF_OS_LOCKING_OK);
      Method getInstance =
          pkcs11Class.getMethod(
              "getInstance", String.class, String.class, initArgsClass, boolean.class);
      Object pkcs11 = getInstance.invoke(null, library, "C_GetFunctionList", initArgs, false);
      long[] slots =
          (long[]) pkcs11Class.getMethod("C_GetSlotList", boolean.class).invoke(pkcs11, true);
      Method tokenInfo = pkcs11Class.getMethod("C_GetTokenInfo", long.class);
      for (long slot : slots) {
        Object info = tokenInfo.invoke(pkcs11, slot);
        Field labelField = info.getClass().getField("label");
        String label = new String((char[]) labelField.get(info)).strip();
        seen.add(label);
        if (label.equals(tokenLabel.strip())) {
          return slot;
        }
      }
    } catch (IllegalAccessException | java.lang.reflect.InaccessibleObjectException e) {
      throw new WalletException(
          "keymint finds a PKCS#11 token by its label through the JDK's PKCS#11 wrapper, which this"
              + " JVM does not export: run java with "
              + WRAPPER_EXPORT
              + " (keymint.jar's manifest does this for java -jar)",
          e);
    } catch (InvocationTargetException e) {
      throw new WalletException(
          "PKCS#11 module "
              + library
              + " failed to list its tokens: "
              + e.getCause().getMessage()
              + " (SoftHSM2 reads its configuration from SOFTHSM2_CONF)",
          e.getCause());
    } catch (ReflectiveOperationException e) {
      throw new WalletException(
          "this Java runtime's PKCS#11 wrapper is not the one keymint knows (JDK 17+ expected): "
              + e,
          e);
    }
    throw new WalletException(
        "no token labelled '"
            + tokenLabel
            + "' in "
            + library
            + (seen.isEmpty() ? " (it has no initialised token)" : " (tokens: " + seen + ")")
            + ": check --pkcs11-token-label");
  }

  private static boolean causedBy(Throwable t, Class<? extends Throwable> type) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (type.isInstance(c)) {
        return true;
      }
    }
    return false;
  }

  /**
   * A {@link Wallet} whose key is a PKCS#11 handle. Randomised: the token picks k, so {@link
   * #deterministic()} is false.
   */
  static final class Pkcs11Wallet implements Wallet {
    private final Provider provider;
    private final BigInteger publicKey;
    private final String address;
    private final String description;
    private volatile PrivateKey key;

    Pkcs11Wallet(Provider provider, PrivateKey key, BigInteger publicKey, String description) {
      this.provider = provider;
      this.key = key;
      this.publicKey = publicKey;
      this.address = io.keymint.signature.PersonalSign.addressOfPublicKey(publicKey);
      this.description = description;
    }

    @Override
    public String address() {
      return address;
    }

    @Override
    public byte[] signDigest(byte[] digest) {
      EcdsaSignatures.checkDigest(digest);
      PrivateKey k = key;
      if (k == null) {
        throw new IllegalStateException("wallet " + address + " is closed");
      }
      byte[] der;
      try {
        Signature s = Signature.getInstance("NONEwithECDSA", provider);
        s.initSign(k);
        s.update(digest);
        der = s.sign();
      } catch (GeneralSecurityException | java.security.ProviderException e) {
        throw new WalletException(
            description
                + " could not sign ("
                + e.getClass().getSimpleName()
                + ": "
                + e.getMessage()
                + "): is the token present and the session logged in?",
            e);
      }
      return EcdsaSignatures.fromDer(der, digest, publicKey, description);
    }

    /** The token's handle: a P11 key object with no encoding. For tests. */
    PrivateKey handle() {
      return key;
    }

    @Override
    public void close() {
      synchronized (this) {
        if (key == null) {
          return;
        }
        key = null;
      }
      release(provider);
    }

    @Override
    public String toString() {
      return "Wallet[" + address + ", " + description + "]";
    }
  }
}
