package io.keymint.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.keymint.testing.HostileServer;
import io.keymint.testing.LeakWatch;
import io.keymint.testing.TestKeys;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CLI against a hostile Venice (a loopback socket server): what reaches the terminal, and the
 * exit codes of replies that cannot be read.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class HostileRepliesCliTest extends InProcessCli {
  static final String SECRET = "VENICE_INFERENCE_KEY_hostileCliSecret0123456789abcdefghijklmn";
  static final String ADMIN = "VENICE_ADMIN_KEY_hostileCliAdmin0123456789abcdefghijklmnop";

  static {
    LeakWatch.secret(SECRET);
    LeakWatch.secret(ADMIN);
  }

  /** An OSC that sets the window title (ESC ] 0 ; … BEL) and a clear-screen CSI (ESC [ 2 J). */
  static final String NASTY = "agent \\u001b]0;pwned-title\\u0007key\\u001b[2J\\u009b31m end";

  static final String KEY =
      "{\"id\":\"k-1\",\"apiKeyType\":\"INFERENCE\",\"description\":\""
          + NASTY
          + "\",\"last6Chars\":\"abc123\",\"createdAt\":\"2026-01-01T00:00:00Z\"}";

  @TempDir Path dir;
  private HostileServer server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  private void serve(HostileServer.Reply post) throws Exception {
    server = new HostileServer(post);
    env.put("VENICE_BASE_URL", server.baseUrl());
    env.put("VENICE_ADMIN_KEY", ADMIN);
    env.put("AGENT_KEY", TestKeys.VECTOR_PRIVATE_KEY);
  }

  private static void assertClean(String text) {
    assertThat(text)
        .doesNotContain("\u001b")
        .doesNotContain("\u0007")
        .doesNotContain("\u009b")
        .doesNotContain("pwned-title");
  }

  @Test
  void keysListPrintsNoEscapeSequences() throws Exception {
    serve(HostileServer.json(500, "{}"));
    server.onGet(HostileServer.json(200, "{\"object\":\"list\",\"data\":[" + KEY + "]}"));
    assertThat(run("keys", "list")).as(err).isZero();
    assertThat(out).contains("agent").contains("key").contains("end").contains("k-1");
    assertClean(out);
  }

  @Test
  void keysGetPrintsNoEscapeSequences() throws Exception {
    serve(HostileServer.json(500, "{}"));
    server.onGet(HostileServer.json(200, "{\"data\":" + KEY + "}"));
    assertThat(run("keys", "get", "k-1")).as(err).isZero();
    assertThat(out).contains("agent").contains("end");
    assertClean(out);
  }

  @Test
  void aVeniceErrorMessagePrintsNoEscapeSequences() throws Exception {
    serve(HostileServer.json(500, "{}"));
    server.onGet(HostileServer.json(400, "{\"error\":\"" + NASTY + "\"}"));
    assertThat(run("keys", "list")).isEqualTo(ExitCode.REJECTED.code);
    assertThat(err).startsWith("keymint: ").contains("agent");
    assertThat(err.strip()).doesNotContain("\n");
    assertClean(err);
  }

  @Test
  void aTruncated200ToTheMintIsExit6OnePostRevokeIt() throws Exception {
    String good = "{\"success\":true,\"data\":{\"id\":\"k-1\",\"apiKey\":\"" + SECRET + "\"}}";
    serve(HostileServer.truncated(good, good.length() + 100, 30));
    int code =
        run(
            "mint",
            "--usd",
            "5",
            "--private-key-env",
            "AGENT_KEY",
            "--description",
            "agent-7",
            "--sink",
            "file:" + dir.resolve("key"));
    assertThat(code).as(err).isEqualTo(ExitCode.UNREACHABLE.code);
    assertThat(err.strip()).startsWith("keymint: ").doesNotContain("\n");
    assertThat(err)
        .contains("a key was probably created")
        .contains("revoke it")
        .containsIgnoringCase(TestKeys.VECTOR_ADDRESS)
        .contains("agent-7");
    assertThat(server.posts()).isEqualTo(1);
    assertThat(Files.exists(dir.resolve("key"))).isFalse();
  }

  @Test
  void requestTimeoutBoundsDrippingHeaders() throws Exception {
    serve(HostileServer.json(500, "{}"));
    server.onGet(HostileServer.drippingHeaders(20));
    int code = run("keys", "list", "--request-timeout", "300ms");
    assertThat(code).as(err).isEqualTo(ExitCode.UNREACHABLE.code);
    assertThat(err).contains("300 ms request deadline");
    assertThat(server.bytesWritten()).isLessThan(100_000);
  }

  @Test
  void maxWaitBoundsTheWholeMint() throws Exception {
    serve(HostileServer.drippingBody(20));
    int code =
        run(
            "mint",
            "--usd",
            "5",
            "--private-key-env",
            "AGENT_KEY",
            "--max-wait",
            "5s", // the POST drips for half an hour; the unlock and the token take under a second
            "--sink",
            "file:" + dir.resolve("key"));
    assertThat(code).as(err).isEqualTo(ExitCode.UNREACHABLE.code);
    assertThat(err).contains("revoke it");
    assertThat(server.posts()).isEqualTo(1);
  }

  @Test
  void maxWaitBoundsTheWholeEnsure() throws Exception {
    serve(HostileServer.drippingBody(20));
    env.put("WALLET_KEY", TestKeys.VECTOR_PRIVATE_KEY);
    int code =
        run("ensure", "--usd", "5", "--max-wait", "5s", "--sink", "file:" + dir.resolve("key"));
    assertThat(code).as(err).isEqualTo(ExitCode.UNREACHABLE.code);
    assertThat(err).contains("revoke it");
    assertThat(server.posts()).isEqualTo(1);
    assertThat(Files.exists(dir.resolve("key"))).isFalse();
  }

  @Test
  void maxWaitPassedBeforeThePostIsExit10() throws Exception {
    serve(HostileServer.json(500, "{}"));
    server.onGet(HostileServer.drippingHeaders(20));
    int code =
        run(
            "mint",
            "--usd",
            "5",
            "--private-key-env",
            "AGENT_KEY",
            "--max-wait",
            "400ms",
            "--sink",
            "file:" + dir.resolve("key"));
    assertThat(code).as(err).isIn(ExitCode.TIMED_OUT.code, ExitCode.UNREACHABLE.code);
    assertThat(server.posts()).isZero();
  }

  @Test
  void aBaseUrlWithAPasswordIsUsageAndNeverEchoed() throws Exception {
    serve(HostileServer.json(500, "{}"));
    env.put("VENICE_BASE_URL", "https://agent:s3cr3tpass@api.venice.ai/api/v1");
    assertThat(run("keys", "list")).isEqualTo(ExitCode.USAGE.code);
    assertThat(err).contains("user:password@").doesNotContain("s3cr3tpass");
    assertThat(run("keys", "list", "--base-url", "http://a:s3cr3tpass@127.0.0.1:9/api/v1"))
        .isEqualTo(ExitCode.USAGE.code);
    assertThat(err).doesNotContain("s3cr3tpass");
  }
}
