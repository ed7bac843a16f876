package io.keymint.cli;

import io.keymint.store.EtcdKeyStore;
import io.keymint.store.KeyStore;
import io.keymint.store.KubernetesKeyStore;
import io.keymint.wallet.WalletSource;
import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code --store URI} and its options: the key store a fleet shares (etcd, Kubernetes). */
final class StoreOptions {
  static final String ETCD_PASSWORD_ENV = "KEYMINT_ETCD_PASSWORD";

  @Spec(Spec.Target.MIXEE)
  CommandSpec spec;

  @Option(
      names = "--store",
      paramLabel = "URI",
      description =
          "A key store shared by replicas: etcd://HOST:PORT[,HOST:PORT...]/KEY (the secret sealed with the wallet) or k8s-secret://NAMESPACE/NAME (a Secret, data VENICE_API_KEY). --sink is then optional (local copies).")
  String uri;

  @Option(
      names = "--lease-ttl",
      paramLabel = "DURATION",
      defaultValue = "15s",
      converter = BootstrapOptions.DurationConverter.class,
      description =
          "How long the store's lease outlives a holder that stopped renewing it (crash, partition); default ${DEFAULT-VALUE}.")
  Duration leaseTtl;

  @Option(
      names = "--store-timeout",
      paramLabel = "DURATION",
      defaultValue = "10s",
      converter = BootstrapOptions.DurationConverter.class,
      description =
          "Deadline of each call to the store, retries included (default ${DEFAULT-VALUE}).")
  Duration timeout;

  @Option(
      names = "--etcd-cacert",
      paramLabel = "FILE",
      description = "etcd over TLS: the CA certificate (PEM) that signed the servers'.")
  Path etcdCaCert;

  @Option(
      names = "--etcd-cert",
      paramLabel = "FILE",
      description = "etcd TLS client certificate (PEM); with --etcd-key.")
  Path etcdCert;

  @Option(
      names = "--etcd-key",
      paramLabel = "FILE",
      description = "etcd TLS client key (PKCS#8 PEM); with --etcd-cert.")
  Path etcdKey;

  @Option(
      names = "--etcd-user",
      paramLabel = "NAME",
      description =
          "etcd user; the password from --etcd-password-file or env " + ETCD_PASSWORD_ENV + ".")
  String etcdUser;

  @Option(
      names = "--etcd-password-file",
      paramLabel = "FILE",
      description = "File holding the etcd user's password (first line).")
  Path etcdPasswordFile;

  boolean given() {
    return uri != null;
  }

  /** The store named by {@code --store}, or null without one. The caller closes it. */
  KeyStore open(Context ctx, WalletSource wallet) {
    if (uri == null) {
      return null;
    }
    if (uri.startsWith("etcd://")) {
      return etcd(ctx, wallet, uri.substring("etcd://".length()));
    }
    if (uri.startsWith("k8s-secret://")) {
      String[] parts = uri.substring("k8s-secret://".length()).split("/", -1);
      if (parts.length != 2 || parts[0].isEmpty() || parts[1].isEmpty()) {
        throw bad("'" + uri + "' is not k8s-secret://NAMESPACE/NAME");
      }
      return KubernetesKeyStore.builder().namespace(parts[0]).name(parts[1]).build();
    }
    throw bad(
        "'"
            + uri
            + "' is not a store: use etcd://HOST:PORT[,HOST:PORT...]/KEY or k8s-secret://NAMESPACE/NAME");
  }

  private KeyStore etcd(Context ctx, WalletSource wallet, String rest) {
    int slash = rest.indexOf('/');
    if (slash <= 0 || slash == rest.length() - 1) {
      throw bad("'" + uri + "' is not etcd://HOST:PORT[,HOST:PORT...]/KEY");
    }
    EtcdKeyStore.Builder b = EtcdKeyStore.builder().key(rest.substring(slash)).wallet(wallet);
    for (String hp : rest.substring(0, slash).split(",")) {
      if (!hp.matches("[A-Za-z0-9.\\-\\[\\]:]+:\\d{1,5}")) {
        throw bad("'" + hp + "' in --store is not HOST:PORT");
      }
      b.endpoint(hp);
    }
    if ((etcdCert == null) != (etcdKey == null)) {
      throw bad("--etcd-cert and --etcd-key go together");
    }
    if (etcdCaCert != null) {
      b.caCert(etcdCaCert);
    }
    if (etcdCert != null) {
      b.clientCert(etcdCert, etcdKey);
    }
    if (etcdUser != null) {
      if (etcdPasswordFile != null) {
        b.user(etcdUser, etcdPasswordFile);
      } else if (ctx.env.get(ETCD_PASSWORD_ENV) != null) {
        b.user(etcdUser, ctx.env.get(ETCD_PASSWORD_ENV).toCharArray());
      } else {
        throw bad(
            "--etcd-user needs its password: give --etcd-password-file or set "
                + ETCD_PASSWORD_ENV);
      }
    }
    return b.requestTimeout(timeout).build();
  }

  private ParameterException bad(String message) {
    return new ParameterException(spec.commandLine(), message);
  }
}
