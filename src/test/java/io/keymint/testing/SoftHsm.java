package io.keymint.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real SoftHSM2 token store in a folder of its own ({@code SOFTHSM2_CONF} pointing at a config
 * whose {@code directories.tokendir} is inside it), driven by the same commands README's "PKCS#11
 * set-up" gives: {@code softhsm2-util --init-token}, {@code pkcs11-tool --keypairgen --key-type
 * EC:secp256k1 --sensitive}, and the certificate beside the key ({@code openssl x509 -new
 * -force_pubkey}, {@code pkcs11-tool --write-object}).
 *
 * <p>SoftHSM2 reads {@code SOFTHSM2_CONF} when the module is loaded, once per process: child JVMs
 * get {@link #env()}; the test JVM's own variable is set by surefire (see the pom) and {@link
 * #forThisJvm()} fills that folder before anything loads the module.
 */
public final class SoftHsm {
  public static final String SO_PIN = "87654321";
  public static final String PIN = "1234";

  private final Path dir;
  private final Path conf;
  private final Path module;

  private SoftHsm(Path dir, Path conf) {
    this.dir = dir;
    this.conf = conf;
    this.module =
        SystemBinaries.requireFile("softhsm2", Path.of("/usr/lib/softhsm/libsofthsm2.so"));
    SystemBinaries.require("softhsm2", "softhsm2-util");
    SystemBinaries.require("opensc", "pkcs11-tool");
    SystemBinaries.require("openssl", "openssl");
    try {
      Path tokens = Files.createDirectories(dir.resolve("tokens"));
      Files.writeString(
          conf,
          "directories.tokendir = "
              + tokens
              + "\nobjectstore.backend = file\nlog.level = ERROR\nslots.removable = false\n");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A new token store in {@code dir}, for child processes ({@link #env()}). */
  public static SoftHsm create(Path dir) {
    return new SoftHsm(dir, dir.resolve("softhsm2.conf"));
  }

  private static SoftHsm jvm;

  /** The token of {@link #forThisJvm()}. */
  public static final String TOKEN = "keymint-test";

  /** A second, empty token there. */
  public static final String OTHER_TOKEN = "keymint-other";

  private String agentSpki;

  /**
   * The token store this JVM's {@code SOFTHSM2_CONF} names (set by surefire), emptied and made once
   * per JVM; set it up (tokens, keys) before the first unlock loads the module.
   */
  public static synchronized SoftHsm forThisJvm() {
    if (jvm == null) {
      String conf = System.getenv("SOFTHSM2_CONF");
      if (conf == null) {
        org.junit.jupiter.api.Assumptions.abort(
            "SOFTHSM2_CONF is not set in this JVM: run the test through Maven (surefire sets it)");
      }
      Path c = Path.of(conf);
      deleteTree(c.getParent());
      try {
        Files.createDirectories(c.getParent());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      SoftHsm hsm = new SoftHsm(c.getParent(), c);
      // every token and key this JVM uses, made before anything loads the module here
      hsm.initToken(TOKEN).initToken(OTHER_TOKEN);
      hsm.generateKey(TOKEN, "agent", "01").writeCertificate(TOKEN, "agent", "01", "agent");
      hsm.generateKey(TOKEN, "bare", "02"); // no certificate: SunPKCS11 cannot list it
      hsm.generateKey(TOKEN, "mismatched", "03")
          .writeCertificate(TOKEN, "mismatched", "03", "agent"); // agent's public key
      hsm.agentSpki = java.util.Base64.getEncoder().encodeToString(hsm.publicKey(TOKEN, "agent"));
      jvm = hsm;
    }
    return jvm;
  }

  /**
   * The DER SubjectPublicKeyInfo of key "agent" of {@link #TOKEN} (only for {@link #forThisJvm()}).
   */
  public byte[] agentPublicKey() {
    return java.util.Base64.getDecoder().decode(agentSpki);
  }

  /**
   * The Ethereum address of a DER SubjectPublicKeyInfo holding a secp256k1 key: keccak256 of x ‖ y,
   * the last 20 bytes, EIP-55.
   */
  public static String address(byte[] spki) {
    org.bouncycastle.asn1.x509.SubjectPublicKeyInfo info =
        org.bouncycastle.asn1.x509.SubjectPublicKeyInfo.getInstance(spki);
    byte[] point = info.getPublicKeyData().getOctets(); // 04 ‖ x ‖ y
    return io.keymint.signature.PersonalSign.addressOfPublicKey(
        new java.math.BigInteger(1, java.util.Arrays.copyOfRange(point, 1, 65)));
  }

  public Path module() {
    return module;
  }

  public Path conf() {
    return conf;
  }

  /** The environment a child process needs to see this token store. */
  public Map<String, String> env() {
    return Map.of("SOFTHSM2_CONF", conf.toString());
  }

  /** {@code softhsm2-util --init-token --free --label LABEL}. */
  public SoftHsm initToken(String label) {
    run(
        "softhsm2-util",
        "--init-token",
        "--free",
        "--label",
        label,
        "--so-pin",
        SO_PIN,
        "--pin",
        PIN);
    return this;
  }

  /** Generates a secp256k1 key pair IN the token: sensitive, never extractable. */
  public SoftHsm generateKey(String token, String label, String id) {
    run(
        "pkcs11-tool",
        "--module",
        module.toString(),
        "--token-label",
        token,
        "--login",
        "--pin",
        PIN,
        "--keypairgen",
        "--key-type",
        "EC:secp256k1",
        "--sensitive",
        "--label",
        label,
        "--id",
        id,
        "--usage-sign");
    return this;
  }

  /** The public key of {@code label}, DER SubjectPublicKeyInfo, read from the token. */
  public byte[] publicKey(String token, String label) {
    Path out = dir.resolve(label + "-" + System.nanoTime() + ".pub.der");
    run(
        "pkcs11-tool",
        "--module",
        module.toString(),
        "--token-label",
        token,
        "--read-object",
        "--type",
        "pubkey",
        "--label",
        label,
        "-o",
        out.toString());
    try {
      return Files.readAllBytes(out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * README's one-time step: a certificate carrying the public key of {@code publicKeyOf}, written
   * beside key {@code id} with label {@code label}. Its signature is by a throw-away key: it is a
   * name tag, nobody verifies it.
   */
  public SoftHsm writeCertificate(String token, String label, String id, String publicKeyOf) {
    String stem = dir.resolve(label + "-" + System.nanoTime()).toString();
    byte[] spki = publicKey(token, publicKeyOf);
    try {
      Files.write(Path.of(stem + ".pub.der"), spki);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    run(
        "openssl",
        "pkey",
        "-pubin",
        "-inform",
        "DER",
        "-in",
        stem + ".pub.der",
        "-out",
        stem + ".pub.pem");
    run("openssl", "ecparam", "-name", "secp256k1", "-genkey", "-noout", "-out", stem + ".tag.pem");
    run(
        "openssl",
        "x509",
        "-new",
        "-subj",
        "/CN=" + label,
        "-key",
        stem + ".tag.pem",
        "-force_pubkey",
        stem + ".pub.pem",
        "-days",
        "36500",
        "-outform",
        "DER",
        "-out",
        stem + ".cert.der");
    run(
        "pkcs11-tool",
        "--module",
        module.toString(),
        "--token-label",
        token,
        "--login",
        "--pin",
        PIN,
        "--write-object",
        stem + ".cert.der",
        "--type",
        "cert",
        "--id",
        id,
        "--label",
        label);
    return this;
  }

  /** Runs a command with this store's SOFTHSM2_CONF; returns stdout+stderr; fails on non-zero. */
  public String run(String... command) {
    return runAllowingFailure(0, command);
  }

  /** Like {@link #run} but returns the output whatever the exit code, prefixed by "exit N\n". */
  public String runAny(String... command) {
    return runAllowingFailure(-1, command);
  }

  private String runAllowingFailure(int expected, String... command) {
    List<String> cmd = new ArrayList<>(List.of(command));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).directory(dir.toFile());
    pb.environment().put("SOFTHSM2_CONF", conf.toString());
    try {
      Process p = pb.start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new AssertionError(String.join(" ", cmd) + " did not finish in 60 s");
      }
      if (expected >= 0 && p.exitValue() != expected) {
        throw new AssertionError(String.join(" ", cmd) + " exited " + p.exitValue() + ":\n" + out);
      }
      return expected >= 0 ? out : "exit " + p.exitValue() + "\n" + out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  private static void deleteTree(Path root) {
    if (!Files.exists(root)) {
      return;
    }
    try (var walk = Files.walk(root)) {
      walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
