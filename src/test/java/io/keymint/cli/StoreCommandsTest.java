package io.keymint.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.keymint.store.StoreException;
import io.keymint.testing.EtcdFixture;
import io.keymint.testing.LeakWatch;
import io.keymint.testing.TestKeys;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code --store} through the CLI in this JVM: exit codes 21-23, usage errors, optional sinks. */
class StoreCommandsTest extends InProcessCli {
  @RegisterExtension static final EtcdFixture etcd = EtcdFixture.perClass(1);

  @TempDir Path dir;

  @BeforeEach
  void start() {
    startVenice(TestKeys.VECTOR_ADDRESS);
    env.put("WALLET_KEY", TestKeys.VECTOR_PRIVATE_KEY);
  }

  @Test
  void ensure_withoutSink_keepsTheKeyInEtcdOnly_thenASecondRunReusesItIntoALocalSink()
      throws Exception {
    String store = "etcd://" + etcd.endpoints() + "/cli/no-sink";

    assertThat(run("ensure", "--usd", "5", "--store", store, "--json")).as(err).isZero();
    assertThat(out).contains("\"outcome\":\"MINTED\"").contains(store);
    assertThat(venice.mintCount()).isEqualTo(1);

    Path local = dir.resolve("local-copy");
    assertThat(run("ensure", "--usd", "5", "--store", store, "--sink", "file:" + local))
        .as(err)
        .isZero();
    assertThat(err).startsWith("kept ").contains("in " + store).contains(local.toString());
    String secret = Files.readString(local).strip();
    LeakWatch.secret(secret);
    assertThat(secret).isEqualTo(io.keymint.testing.Emulators.secrets(venice).get(0));
    assertThat(venice.mintCount()).isEqualTo(1);
  }

  @Test
  void ensure_storeUnreachable_exits21_inOneLine_andMintsNothing() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    int code =
        run(
            "ensure",
            "--usd",
            "5",
            "--store",
            "etcd://127.0.0.1:" + port + "/cli/down",
            "--store-timeout",
            "1s",
            "--sink",
            "file:" + dir.resolve("k"));
    assertThat(code).as(err).isEqualTo(21);
    assertThat(err.strip().lines()).hasSize(1);
    assertThat(err).startsWith("keymint: etcd did not answer").contains("127.0.0.1:" + port);
    assertThat(err).doesNotContain("\tat ");
    assertThat(venice.mintCount()).isZero();
  }

  @Test
  void badStoreUris_andWatchWithoutStore_areUsageErrors() {
    assertThat(run("ensure", "--usd", "5", "--store", "redis://x/y")).isEqualTo(2);
    assertThat(err).contains("is not a store").contains("etcd://HOST:PORT");
    assertThat(run("ensure", "--usd", "5", "--store", "etcd://127.0.0.1:2379")).isEqualTo(2);
    assertThat(err).contains("etcd://HOST:PORT[,HOST:PORT...]/KEY");
    assertThat(run("ensure", "--usd", "5", "--store", "k8s-secret://only-namespace")).isEqualTo(2);
    assertThat(err).contains("k8s-secret://NAMESPACE/NAME");
    assertThat(
            run(
                "ensure",
                "--usd",
                "5",
                "--store",
                "etcd://127.0.0.1:2379/k",
                "--etcd-user",
                "root"))
        .isEqualTo(2);
    assertThat(err).contains("KEYMINT_ETCD_PASSWORD");
    assertThat(run("watch", "--sink", "file:" + dir.resolve("k"))).isEqualTo(2);
    assertThat(err).contains("watch needs --store");
    assertThat(
            run(
                "ensure",
                "--usd",
                "5",
                "--sink",
                "file:" + dir.resolve("k"),
                "--lease-ttl",
                "soon"))
        .isEqualTo(2);
    assertThat(venice.mintCount()).isZero();
  }

  @Test
  void lockFile_isASetting_notDerivedFromTheSink() throws Exception {
    Path keys = Files.createDirectory(dir.resolve("keys"));
    Path locks = Files.createDirectory(dir.resolve("locks"));
    Path lock = locks.resolve("agent.lock");
    assertThat(
            run(
                "ensure",
                "--usd",
                "5",
                "--sink",
                "file:" + keys.resolve("venice-api-key"),
                "--lock-file",
                lock.toString()))
        .as(err)
        .isZero();
    assertThat(lock).exists();
    assertThat(keys.resolve("venice-api-key.lock")).doesNotExist();
    LeakWatch.secret(Files.readString(keys.resolve("venice-api-key")).strip());
  }

  @Test
  void exitCodes_ofStoreFailures() {
    assertThat(Main.exitCode(new StoreException(StoreException.Kind.UNREACHABLE, "down", null)))
        .isEqualTo(ExitCode.STORE_UNREACHABLE);
    assertThat(Main.exitCode(new StoreException(StoreException.Kind.CONFLICT, "lost", null)))
        .isEqualTo(ExitCode.STORE_CONFLICT);
    assertThat(
            Main.exitCode(
                new StoreException(StoreException.Kind.UNREADABLE, "another wallet's", null)))
        .isEqualTo(ExitCode.STORE_RECORD);
    assertThat(ExitCode.STORE_UNREACHABLE.code).isEqualTo(21);
    assertThat(ExitCode.STORE_CONFLICT.code).isEqualTo(22);
    assertThat(ExitCode.STORE_RECORD.code).isEqualTo(23);
  }
}
