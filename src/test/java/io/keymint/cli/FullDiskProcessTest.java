package io.keymint.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.keymint.emulator.VeniceEmulator;
import io.keymint.escrow.RecoveryEscrow;
import io.keymint.testing.Emulators;
import io.keymint.testing.JavaProcess;
import io.keymint.testing.TestKeys;
import io.keymint.venice.IssuedKey;
import io.keymint.wallet.Wallet;
import io.keymint.wallet.WalletSource;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real full disk (a 64 KiB tmpfs, filled) under the CLI in child JVMs: the minted key is sealed,
 * in a recovery file or, when none can be written, in text on stderr that {@code recover -} reads.
 */
class FullDiskProcessTest {
  @TempDir Path dir;
  private Path full;
  private boolean mounted;
  private VeniceEmulator venice;

  @BeforeEach
  void mountAFullDisk() throws Exception {
    full = Files.createDirectory(dir.resolve("full"));
    Process mount =
        new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", full.toString())
            .redirectErrorStream(true)
            .start();
    String out = new String(mount.getInputStream().readAllBytes(), UTF_8);
    mounted = mount.waitFor(30, TimeUnit.SECONDS) && mount.exitValue() == 0;
    assumeTrue(mounted, "cannot mount a tmpfs (needs root): " + out);
    try (OutputStream o = Files.newOutputStream(full.resolve("filler"))) {
      byte[] block = new byte[4096];
      for (int i = 0; i < 64; i++) {
        o.write(block);
      }
      o.flush();
    } catch (IOException expected) {
      // No space left on device: the disk is full
    }
    venice = Emulators.start(TestKeys.VECTOR_ADDRESS);
  }

  @AfterEach
  void unmount() throws Exception {
    Emulators.stop(venice);
    if (mounted) {
      // lazy: a child JVM that outlived a failed test must not leave the mount behind
      Process p =
          new ProcessBuilder("umount", "-l", full.toString()).redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }
  }

  private Map<String, String> env() {
    return Map.of(
        "WALLET_KEY", TestKeys.VECTOR_PRIVATE_KEY, "VENICE_BASE_URL", venice.baseUrl().toString());
  }

  private static IssuedKey open(Path recoveryFile) {
    try (Wallet w =
        WalletSource.privateKey(TestKeys.VECTOR_PRIVATE_KEY.substring(2).toCharArray()).unlock()) {
      return RecoveryEscrow.open(w, recoveryFile);
    }
  }

  private static List<Path> recoveryFiles(Path folder) throws IOException {
    try (Stream<Path> s = Files.list(folder)) {
      return s.filter(p -> p.getFileName().toString().startsWith("venice-keymint-recovery-"))
          .toList();
    }
  }

  @Test
  void mint_onAFullDisk_sealsTheKeyInARecoveryFile_exit11() throws Exception {
    Path cwd = Files.createDirectory(dir.resolve("cwd"));

    JavaProcess.Result r =
        JavaProcess.run(
            cwd,
            env(),
            Main.class.getName(),
            "mint",
            "--usd",
            "5",
            "--sink",
            "file:" + full.resolve("key"));

    assertThat(r.exitCode).as(r.toString()).isEqualTo(11);
    assertThat(io.keymint.testing.Emulators.secrets(venice)).hasSize(1);
    List<Path> files = recoveryFiles(cwd);
    assertThat(files).hasSize(1);
    assertThat(r.stderr).contains(files.get(0).toString()).contains("keymint recover");
    assertThat(open(files.get(0)).secret().reveal())
        .isEqualTo(io.keymint.testing.Emulators.secrets(venice).get(0));
  }

  /** keys create stores like mint: with a wallet at hand, a key no sink could store is sealed. */
  @Test
  void keysCreate_onAFullDisk_withAWallet_sealsTheKey_exit11_withoutOne_exit8() throws Exception {
    Path cwd = Files.createDirectory(dir.resolve("cwd"));
    String admin = venice.createKey(io.keymint.venice.ApiKeyType.ADMIN, "ops");
    io.keymint.testing.LeakWatch.secret(admin);
    Map<String, String> env = new java.util.HashMap<>(env());
    env.put("VENICE_ADMIN_KEY", admin);
    String[] args = {
      "keys",
      "create",
      "--usd",
      "5",
      "--description",
      "cust:1",
      "--sink",
      "file:" + full.resolve("key")
    };

    JavaProcess.Result sealed = JavaProcess.run(cwd, env, Main.class.getName(), args);

    assertThat(sealed.exitCode).as(sealed.toString()).isEqualTo(11);
    List<Path> files = recoveryFiles(cwd);
    assertThat(files).hasSize(1);
    assertThat(sealed.stderr).contains("keymint recover --file " + files.get(0));
    List<String> secrets = io.keymint.testing.Emulators.secrets(venice);
    assertThat(open(files.get(0)).secret().reveal()).isEqualTo(secrets.get(secrets.size() - 1));
    assertThat(sealed.stderr).doesNotContain(secrets.get(secrets.size() - 1));

    env.remove("WALLET_KEY");
    JavaProcess.Result unsealed = JavaProcess.run(cwd, env, Main.class.getName(), args);

    assertThat(unsealed.exitCode).as(unsealed.toString()).isEqualTo(8);
    assertThat(recoveryFiles(cwd)).hasSize(1);
  }

  @Test
  void mint_noRecoveryFileEither_printsTheSealedKey_exit16_andRecoverReadsItFromStdin()
      throws Exception {
    // the working directory is on the full disk too: no recovery file can be written anywhere
    JavaProcess.Result r =
        JavaProcess.run(
            full,
            env(),
            Main.class.getName(),
            "mint",
            "--usd",
            "5",
            "--sink",
            "file:" + full.resolve("key"));

    assertThat(r.exitCode).as(r.toString()).isEqualTo(16);
    assertThat(recoveryFiles(full)).isEmpty();
    assertThat(r.stderr).contains(RecoveryEscrow.BEGIN).contains(RecoveryEscrow.END);
    String secret = io.keymint.testing.Emulators.secrets(venice).get(0);
    assertThat(r.stderr).doesNotContain(secret);

    Path restored = Files.createDirectory(dir.resolve("ok")).resolve("venice-api-key");
    Process recover =
        JavaProcess.start(
            dir,
            env(),
            List.of("-Xmx256m"),
            Main.class.getName(),
            "recover",
            "-",
            "--sink",
            "file:" + restored);
    try (OutputStream in = recover.getOutputStream()) {
      in.write(r.stderr.getBytes(UTF_8)); // everything it printed, as a user would paste it
    }
    JavaProcess.Result rr = JavaProcess.finish(recover);

    assertThat(rr.exitCode).as(rr.toString()).isZero();
    assertThat(Files.readString(restored, UTF_8)).isEqualTo(secret + "\n");
  }

  /** Starts ensure on the full disk, signals it once the key is minted, returns its stderr. */
  private String ensureSignalledAfterTheMint(String signal, Path recoveryDir) throws Exception {
    Process p =
        JavaProcess.start(
            dir,
            env(),
            List.of("-Xmx256m"),
            Main.class.getName(),
            "ensure",
            "-v",
            "--usd",
            "5",
            "--sink",
            "file:" + full.resolve("key"),
            "--recovery-dir",
            recoveryDir.toString());
    CompletableFuture<String> out =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return new String(p.getInputStream().readAllBytes(), UTF_8);
              } catch (IOException e) {
                return "";
              }
            });
    StringBuilder err = new StringBuilder();
    try (BufferedReader lines =
        new BufferedReader(new InputStreamReader(p.getErrorStream(), UTF_8))) {
      String line;
      boolean signalled = false;
      while ((line = lines.readLine()) != null) {
        err.append(line).append('\n');
        // the sink fails on the full disk and is retried for ≈ 3 s: the signal lands in that window
        if (!signalled && line.contains("minted INFERENCE key")) {
          Process kill =
              new ProcessBuilder("kill", "-" + signal, Long.toString(p.pid())).inheritIO().start();
          assertThat(kill.waitFor()).isZero();
          signalled = true;
        }
      }
      assertThat(signalled).as(err.toString()).isTrue();
    }
    assertThat(p.waitFor(1, TimeUnit.MINUTES)).isTrue();
    out.get();
    io.keymint.testing.LeakWatch.record(err.toString());
    assertThat(p.exitValue()).as(err.toString()).isEqualTo(signal.equals("TERM") ? 143 : 130);
    return err.toString();
  }

  @Test
  void ensure_sigtermWhileTheSinkIsRetried_sealsTheKeyBeforeExiting() throws Exception {
    Path recoveryDir = Files.createDirectory(dir.resolve("recovery"));

    String err = ensureSignalledAfterTheMint("TERM", recoveryDir);

    List<Path> files = recoveryFiles(recoveryDir);
    assertThat(files).as(err).hasSize(1);
    assertThat(err).contains(files.get(0).toString());
    assertThat(open(files.get(0)).secret().reveal())
        .isEqualTo(io.keymint.testing.Emulators.secrets(venice).get(0));
  }

  @Test
  void ensure_sigintWithNowhereToSeal_printsTheSealedKey_thatRecoverOpens() throws Exception {
    String err = ensureSignalledAfterTheMint("INT", full);

    assertThat(recoveryFiles(full)).isEmpty();
    assertThat(err).contains(RecoveryEscrow.BEGIN).contains(RecoveryEscrow.END);
    try (Wallet w =
        WalletSource.privateKey(TestKeys.VECTOR_PRIVATE_KEY.substring(2).toCharArray()).unlock()) {
      assertThat(RecoveryEscrow.openSealed(w, err).secret().reveal())
          .isEqualTo(io.keymint.testing.Emulators.secrets(venice).get(0));
    }
  }
}
