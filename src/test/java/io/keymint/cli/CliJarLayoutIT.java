package io.keymint.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.keymint.emulator.VeniceEmulator;
import io.keymint.testing.Emulators;
import io.keymint.testing.LeakWatch;
import io.keymint.testing.TestKeys;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CLI's two files (docs/DESIGN.md "Artifacts"): {@code keymint.jar} holds every common command
 * and runs alone; the etcd, Kubernetes and AWS clients are in {@code lib/keymint-stores.jar}, which
 * the JVM opens only when one of their classes is needed. Runs after {@code package} (failsafe).
 */
class CliJarLayoutIT {
  private static final Path JAR = Path.of("target", "keymint.jar");
  private static final Path STORES = Path.of("target", "lib", "keymint-stores.jar");
  @TempDir Path dir;
  private VeniceEmulator venice;

  @BeforeEach
  void start() {
    venice = Emulators.start(TestKeys.LIGHT_ADDRESS);
  }

  @AfterEach
  void stop() {
    Emulators.stop(venice);
  }

  @Test
  void keymintJar_leavesTheOptionalClientsToTheLibJar_andIndexesIt() throws IOException {
    try (JarFile cli = new JarFile(JAR.toFile());
        JarFile stores = new JarFile(STORES.toFile())) {
      assertThat(cli.getManifest().getMainAttributes().getValue("Class-Path"))
          .isEqualTo(Main.STORES_JAR);
      assertThat(cli.getEntry("picocli/CommandLine.class")).isNotNull();
      assertThat(cli.getEntry("org/apache/hc/client5/http/impl/classic/HttpClients.class"))
          .isNotNull();
      assertThat(cli.getEntry("io/keymint/emulator/VeniceEmulator.class")).isNotNull();
      assertThat(cli.stream().map(e -> e.getName()))
          .noneMatch(n -> n.startsWith("io/etcd/") || n.startsWith("io/fabric8/"))
          .noneMatch(n -> n.startsWith("software/amazon/") || n.startsWith("io/netty/"));
      // stored, not deflated: a cold start reads its classes without inflating them
      assertThat(cli.stream().map(e -> e.getMethod())).containsOnly(java.util.zip.ZipEntry.STORED);
      assertThat(stores.getEntry("io/etcd/jetcd/Client.class")).isNotNull();
      assertThat(stores.getEntry("io/keymint/cli/Main.class")).isNull();
      // every provider of the lib jar is also listed in keymint.jar, where lookups find them
      String providers =
          new String(
              cli.getInputStream(cli.getEntry("META-INF/services/io.grpc.ManagedChannelProvider"))
                  .readAllBytes(),
              UTF_8);
      assertThat(providers).contains("io.grpc.netty.NettyChannelProvider");
      List<String> index =
          new String(cli.getInputStream(cli.getEntry("META-INF/INDEX.LIST")).readAllBytes(), UTF_8)
              .lines()
              .toList();
      assertThat(index.get(0)).isEqualTo("JarIndex-Version: 1.0");
      assertThat(index).contains(Main.STORES_JAR, "io/etcd/jetcd", "io/fabric8/kubernetes/client");
      assertThat(index).doesNotContain("io/keymint/cli", "picocli");
    }
  }

  @Test
  void lookupsOfMissingClasses_doNotOpenTheLibJar_itsOwnClassesDo() throws Exception {
    Path cli = dir.resolve("keymint.jar");
    Files.copy(JAR, cli);
    Files.createDirectories(dir.resolve("lib"));
    Path stores = Files.copy(STORES, dir.resolve(Main.STORES_JAR));
    try (URLClassLoader loader =
        new URLClassLoader(new URL[] {cli.toUri().toURL()}, ClassLoader.getPlatformClassLoader())) {
      // what a mint's start does besides loading its own classes: picocli looks for Groovy,
      // slf4j-simple for its properties file, the JDK and slf4j for service providers
      assertThat(loader.loadClass("picocli.CommandLine")).isNotNull();
      assertThatThrownBy(() -> loader.loadClass("groovy.lang.Closure"))
          .isInstanceOf(ClassNotFoundException.class);
      assertThat(loader.getResource("simplelogger.properties")).isNull();
      assertThat(Collections.list(loader.getResources("META-INF/services/org.example.Absent")))
          .isEmpty();
      assertThat(Collections.list(loader.getResources("META-INF/services/java.security.Provider")))
          .hasSize(1);
      assertThat(openFiles()).doesNotContain(stores.toRealPath());

      assertThat(loader.loadClass("io.etcd.jetcd.Client").getClassLoader()).isSameAs(loader);
      assertThat(openFiles()).contains(stores.toRealPath());
    }
  }

  @Test
  void keymintJarAlone_mints_andAStoreSaysWhatIsMissing() throws Exception {
    Path cli = Files.copy(JAR, dir.resolve("keymint.jar"));
    Path key = dir.resolve("venice-api-key");
    Result mint = java(cli, "mint", "--usd", "5", "--base-url", base(), "--sink", "file:" + key);
    assertThat(mint.exit).as(mint.output).isZero();
    String secret = Emulators.secrets(venice).get(0);
    LeakWatch.secret(secret);
    assertThat(Files.readString(key)).isEqualTo(secret + "\n");

    Result store =
        java(
            cli,
            "ensure",
            "--usd",
            "5",
            "--base-url",
            base(),
            "--store",
            "etcd://127.0.0.1:9/keymint",
            "--sink",
            "file:" + dir.resolve("other-key"));
    assertThat(store.exit).as(store.output).isEqualTo(ExitCode.INTERNAL.code);
    assertThat(store.output.strip())
        .startsWith("keymint: --store and --kms-* need lib/keymint-stores.jar beside keymint.jar")
        .doesNotContain("\tat ", "Exception")
        .hasLineCount(1);
    assertThat(venice.mintCount()).isEqualTo(1);
  }

  @Test
  void withTheLibJarBeside_aStoreLoadsItsClient() throws Exception {
    Path cli = Files.copy(JAR, dir.resolve("keymint.jar"));
    Files.createDirectories(dir.resolve("lib"));
    Files.copy(STORES, dir.resolve(Main.STORES_JAR));
    // a Kubernetes API on a closed port: the client loads from the lib jar, then cannot connect
    Path kubeconfig = dir.resolve("kubeconfig");
    Files.writeString(
        kubeconfig,
        "apiVersion: v1\nkind: Config\ncurrent-context: c\n"
            + "clusters: [{name: c, cluster: {server: 'http://127.0.0.1:9'}}]\n"
            + "contexts: [{name: c, context: {cluster: c, user: u, namespace: default}}]\n"
            + "users: [{name: u, user: {token: t}}]\n");
    Result r =
        java(
            // fabric8 retries a refused connection for ≈ 20 s by default: once is enough here
            Map.of(
                "KUBECONFIG", kubeconfig.toString(), "KUBERNETES_REQUEST_RETRY_BACKOFFLIMIT", "0"),
            cli,
            "ensure",
            "--usd",
            "5",
            "--base-url",
            base(),
            "--store",
            "k8s-secret://default/keymint-key",
            "--sink",
            "file:" + dir.resolve("key"));
    assertThat(r.exit).as(r.output).isEqualTo(ExitCode.STORE_UNREACHABLE.code);
    assertThat(r.output).contains("Kubernetes API").doesNotContain("keymint-stores.jar");
    assertThat(venice.mintCount()).isZero();
  }

  private String base() {
    return venice.baseUrl().toString();
  }

  /** The files this JVM holds open (a class loader keeps each jar it opened open). */
  private static List<Path> openFiles() throws IOException {
    List<Path> open = new ArrayList<>();
    try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
      for (Path fd : (Iterable<Path>) fds::iterator) {
        try {
          open.add(Files.readSymbolicLink(fd));
        } catch (IOException e) {
          // closed while listing
        }
      }
    }
    return open;
  }

  private record Result(int exit, String output) {}

  private Result java(Path jar, String... args) throws Exception {
    return java(Map.of(), jar, args);
  }

  private Result java(Map<String, String> env, Path jar, String... args) throws Exception {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-jar");
    cmd.add(jar.toString());
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).directory(dir.toFile());
    pb.environment()
        .keySet()
        .removeIf(
            k -> k.startsWith("VENICE_") || k.startsWith("KEYMINT_") || k.equals("WALLET_KEY"));
    pb.environment().put("WALLET_KEY", TestKeys.LIGHT_PRIVATE_KEY);
    pb.environment().putAll(env);
    Process p = pb.start();
    p.getOutputStream().close();
    CompletableFuture<byte[]> out =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return p.getInputStream().readAllBytes();
              } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
              }
            });
    if (!p.waitFor(2, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new AssertionError("did not finish in 2 minutes: " + String.join(" ", cmd));
    }
    String output = new String(out.get(), UTF_8);
    LeakWatch.record(output);
    return new Result(p.exitValue(), output);
  }
}
