package com.example.consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.keymint.emulator.VeniceEmulator;
import io.keymint.mint.MintResult;
import io.keymint.mint.Web3KeyMinter;
import io.keymint.sink.SecretSink;
import io.keymint.venice.ApiKey;
import io.keymint.venice.KeySpec;
import io.keymint.venice.VeniceClient;
import io.keymint.wallet.Wallet;
import io.keymint.wallet.WalletSource;
import java.math.BigDecimal;
import java.net.URL;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.ServiceLoader;
import java.util.concurrent.atomic.AtomicReference;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.slf4j.spi.SLF4JServiceProvider;

/** What an agent's own build sees: the library at compile scope, the emulator at test scope. */
class ConsumerMintTest {
  /** A public throw-away key (ethers' documentation example): never fund it. */
  private static final String KEY =
      "0x4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318";

  @Test
  void mintsAKeyAgainstTheEmulator() {
    String address;
    try (Wallet wallet = WalletSource.privateKey(KEY.toCharArray()).unlock()) {
      address = wallet.address();
    }
    AtomicReference<ApiKey> stored = new AtomicReference<>();
    try (VeniceEmulator venice = VeniceEmulator.builder().staker(address).start();
        VeniceClient client = VeniceClient.builder().baseUrl(venice.baseUrl()).build()) {
      MintResult result =
          Web3KeyMinter.builder()
              .client(client)
              .wallet(WalletSource.privateKey(KEY.toCharArray()))
              .sink(SecretSink.callback(stored::set))
              .build()
              .mint(
                  KeySpec.builder().description("consumer").usdLimit(new BigDecimal("5")).build());

      assertNotNull(stored.get(), "the callback sink got the key");
      assertEquals(result.key().id(), stored.get().id());
      assertEquals(1, venice.mintCount());
      assertEquals(
          List.of(stored.get().secret().reveal()),
          venice.issuedSecrets().stream().map(io.keymint.ApiKeySecret::reveal).toList());
      assertFalse(result.toString().contains(stored.get().secret().reveal()), "no secret in text");
    }
  }

  @Test
  void classpathHoldsNoCliNoPicocliAndNoLoggingBinding() {
    assertThrows(ClassNotFoundException.class, () -> Class.forName("io.keymint.cli.Main"));
    assertThrows(ClassNotFoundException.class, () -> Class.forName("picocli.CommandLine"));
    assertFalse(
        ServiceLoader.load(SLF4JServiceProvider.class).iterator().hasNext(),
        "an slf4j binding came with keymint");
    String classpath = System.getProperty("java.class.path");
    List<String> entries =
        Arrays.stream(classpath.split(java.io.File.pathSeparator))
            .map(e -> Path.of(e).getFileName().toString())
            .collect(Collectors.toList());
    assertTrue(
        entries.stream().noneMatch(e -> e.startsWith("picocli") || e.startsWith("slf4j-simple")),
        "classpath: " + entries);
  }

  @Test
  void libraryJarHoldsNoCliAndNoEmulatorClasses() throws Exception {
    URL library = Web3KeyMinter.class.getProtectionDomain().getCodeSource().getLocation();
    URL emulator = VeniceEmulator.class.getProtectionDomain().getCodeSource().getLocation();
    assertTrue(library.getPath().endsWith(".jar"), library.toString());
    assertTrue(emulator.getPath().endsWith("-emulator.jar"), emulator.toString());
    try (JarFile jar = new JarFile(Path.of(library.toURI()).toFile())) {
      List<String> foreign =
          jar.stream()
              .map(e -> e.getName())
              .filter(n -> n.startsWith("io/keymint/cli/") || n.startsWith("io/keymint/emulator/"))
              .collect(Collectors.toList());
      assertEquals(List.of(), foreign);
      assertEquals(
          "io.keymint", jar.getManifest().getMainAttributes().getValue("Automatic-Module-Name"));
    }
  }
}
