package io.keymint.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.keymint.emulator.VeniceEmulator;
import io.keymint.testing.Emulators;
import io.keymint.testing.LeakWatch;
import io.keymint.testing.TestKeys;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The image's runtime layout, built in a folder by {@code bin/keymint-jlink} (jdeps → jlink, the
 * jar, the CDS archive made with that runtime's JVM), mints against the emulator. Runs after {@code
 * package} (failsafe), since it needs {@code target/keymint.jar}.
 */
class JlinkRuntimeIT {
  private static final Path OUT = Path.of("target", "jlink-it");
  @TempDir Path dir;
  private VeniceEmulator venice;

  @BeforeAll
  static void buildRuntime() throws Exception {
    assertThat(Path.of("target/keymint.jar")).as("mvn package ran").isRegularFile();
    Result r =
        exec(
            Map.of("JLINK_JAVA_HOME", System.getProperty("java.home")),
            "sh",
            "bin/keymint-jlink",
            OUT.toString());
    assertThat(r.exit).as(r.output).isZero();
  }

  @BeforeEach
  void start() {
    venice = Emulators.start(TestKeys.LIGHT_ADDRESS);
  }

  @AfterEach
  void stop() {
    Emulators.stop(venice);
  }

  @Test
  void runtime_isMinimal_fromJdepsModulesPlusTls() throws IOException {
    String release = Files.readString(OUT.resolve("runtime/release"));
    String modules =
        release
            .lines()
            .filter(l -> l.startsWith("MODULES="))
            .findFirst()
            .orElseThrow()
            .replace("MODULES=", "")
            .replace("\"", "");
    List<String> list = Arrays.asList(modules.split(" "));
    assertThat(list)
        .contains("java.base", "jdk.crypto.ec", "jdk.crypto.cryptoki", "jdk.httpserver");
    // jdeps' modules and what they require, not the JDK: no tools, under half its modules
    assertThat(list).doesNotContain("jdk.compiler", "jdk.jshell", "jdk.jlink", "jdk.jdeps");
    assertThat(list.size())
        .isLessThan(java.lang.module.ModuleFinder.ofSystem().findAll().size() / 2);
    for (String module : Files.readString(OUT.resolve("modules")).strip().split(",")) {
      assertThat(list).contains(module);
    }
    assertThat(OUT.resolve("runtime/bin/javac")).doesNotExist();
    assertThat(OUT.resolve("keymint.jsa")).isRegularFile();
  }

  @Test
  void mint_fromTheJlinkRuntimeWithTheArchive_writesTheKey() throws Exception {
    Path key = dir.resolve("venice-api-key");
    // -Xshare:on: the JVM refuses to start unless it maps the archive, so this also proves that
    // the archive fits this runtime and this jar
    Result r =
        exec(
            Map.of("JAVA_OPTS", "-Xshare:on"),
            OUT.resolve("keymint").toString(),
            "mint",
            "--usd",
            "5",
            "--base-url",
            venice.baseUrl().toString(),
            "--keystore",
            TestKeys.LIGHT_KEYSTORE,
            "--password-file",
            TestKeys.LIGHT_PASSWORD_FILE,
            "--sink",
            "file:" + key);

    assertThat(r.exit).as(r.output).isZero();
    assertThat(r.output).contains("minted INFERENCE key");
    assertThat(venice.mintCount()).isEqualTo(1);
    String secret = venice.issuedSecrets().get(0);
    LeakWatch.secret(secret);
    assertThat(Files.readString(key)).isEqualTo(secret + "\n");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key)))
        .isEqualTo("rw-------");
    assertThat(r.output).doesNotContain(secret);
  }

  @Test
  void cliClasses_loadFromTheArchive() throws Exception {
    Result r =
        exec(
            Map.of("JAVA_OPTS", "-Xshare:on -Xlog:class+load=info"),
            OUT.resolve("keymint").toString(),
            "--version");

    assertThat(r.exit).as(r.output).isZero();
    assertThat(r.output).containsPattern("io\\.keymint\\.cli\\.Main source: shared objects file");
    assertThat(r.output).containsPattern("picocli\\.CommandLine source: shared objects file");
  }

  private static final class Result {
    final int exit;
    final String output;

    Result(int exit, String output) {
      this.exit = exit;
      this.output = output;
    }
  }

  private static Result exec(Map<String, String> env, String... cmd) throws Exception {
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.environment()
        .keySet()
        .removeIf(
            k -> k.startsWith("VENICE_") || k.startsWith("KEYMINT_") || k.equals("WALLET_KEY"));
    pb.environment().putAll(env);
    Process p = pb.start();
    p.getOutputStream().close();
    byte[] out = p.getInputStream().readAllBytes();
    if (!p.waitFor(5, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new AssertionError("did not finish in 5 minutes: " + String.join(" ", cmd));
    }
    String output = new String(out, UTF_8);
    LeakWatch.record(output);
    return new Result(p.exitValue(), output);
  }
}
