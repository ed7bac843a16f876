package io.keymint.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.keymint.emulator.VeniceEmulator;
import io.keymint.testing.LeakWatch;
import io.keymint.venice.ApiKeyType;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code keys}, {@code rate-limits} and {@code health}, in this JVM against the emulator. */
class AdminCommandsTest extends InProcessCli {
  @TempDir Path dir;
  private String adminSecret;
  private String inferenceSecret;

  @BeforeEach
  void start() {
    startVenice();
    adminSecret = venice.createKey(ApiKeyType.ADMIN, "ops");
    inferenceSecret = venice.createKey(ApiKeyType.INFERENCE, "app");
    LeakWatch.secret(adminSecret);
    LeakWatch.secret(inferenceSecret);
    env.put("VENICE_ADMIN_KEY", adminSecret);
    env.put("VENICE_API_KEY", inferenceSecret);
  }

  private String createKey(String description, String... more) throws Exception {
    Path file = dir.resolve(description.replace(':', '_'));
    java.util.List<String> a =
        new java.util.ArrayList<>(
            java.util.List.of(
                "keys",
                "create",
                "--description",
                description,
                "--sink",
                "file:" + file,
                "--json"));
    a.addAll(java.util.List.of(more));
    if (!a.contains("--usd") && !a.contains("--diem")) {
      a.add("--no-limit");
    }
    assertThat(run(a.toArray(new String[0]))).as(err).isZero();
    return json().get("id").asText();
  }

  @Test
  void keysCreate_writesTheSecretToTheSink_andPrintsNoSecret() throws Exception {
    Path file = dir.resolve("key");

    int code =
        run("keys", "create", "--description", "cust:1", "--usd", "5", "--sink", "file:" + file);

    assertThat(code).as(err).isZero();
    String secret = Files.readString(file, UTF_8).strip();
    assertThat(secret).startsWith("VENICE_INFERENCE_KEY_");
    assertThat(err)
        .contains("created INFERENCE key")
        .contains("(ends " + secret.substring(secret.length() - 6) + ")")
        .contains("limits $5 per day (EPOCH) (as Venice stored it)")
        .contains("written to file:")
        .doesNotContain(secret);
    assertThat(out).doesNotContain(secret);
  }

  @Test
  void keysCreate_withoutSinkOrDescription_isAUsageErrorAndCreatesNothing() {
    assertThat(run("keys", "create", "--usd", "5", "--description", "d")).isEqualTo(2);
    assertThat(err).contains("no --sink");
    assertThat(run("keys", "create", "--usd", "5", "--sink", "file:" + dir.resolve("k")))
        .isEqualTo(2);
    assertThat(err).contains("--description");
    assertThat(io.keymint.testing.Emulators.secrets(venice)).hasSize(2);
  }

  @Test
  void keysList_tableAndJson() throws Exception {
    String id = createKey("cust:7", "--usd", "5", "--limit-period", "month");

    assertThat(run("keys", "list")).as(err).isZero();
    assertThat(out.lines().findFirst().orElseThrow())
        .startsWith("ID")
        .contains("DESCRIPTION")
        .contains("LAST USED");
    assertThat(out).contains(id).contains("cust:7").contains("usd 5 /MONTH").contains("ops");

    assertThat(run("keys", "list", "--json")).isZero();
    JsonNode list = json();
    assertThat(list.isArray()).isTrue();
    assertThat(list.get(0).get("id").asText()).isEqualTo(id);
    assertThat(list.get(0).get("consumptionLimits").get("usd").asInt()).isEqualTo(5);
    assertThat(list.get(0).get("currentPeriodUsage").get("usd").asText()).isEqualTo("0.0000");
  }

  @Test
  void keysGetUpdateRevoke_roundTrip() throws Exception {
    String id = createKey("cust:9", "--usd", "5", "--diem", "2", "--expires-at", "2031-01-01");

    assertThat(run("keys", "get", id)).as(err).isZero();
    assertThat(out).contains("cust:9").contains("2031-01-01T00:00:00Z").contains("usd 5, diem 2");

    assertThat(
            run(
                "keys",
                "update",
                id,
                "--no-expiry",
                "--no-usd-limit",
                "--description",
                "cust:9b",
                "--limit-period",
                "MONTH",
                "--model-privacy",
                "PRIVATE_ONLY",
                "--json"))
        .as(err)
        .isZero();
    JsonNode updated = json();
    assertThat(updated.get("expiresAt").isNull()).isTrue();
    assertThat(updated.get("description").asText()).isEqualTo("cust:9b");
    assertThat(updated.get("consumptionLimits").get("usd").isNull()).isTrue();
    assertThat(updated.get("consumptionLimits").get("diem").asInt()).isEqualTo(2);
    // the options shared with mint (PeriodPrivacyOptions) reach the PATCH
    assertThat(updated.get("limitPeriod").asText()).isEqualTo("MONTH");
    assertThat(updated.get("modelPrivacy").asText()).isEqualTo("PRIVATE_ONLY");

    assertThat(run("keys", "revoke", id)).as(err).isZero();
    assertThat(err).contains("revoked key " + id);
    assertThat(run("keys", "get", id)).isEqualTo(4);
    assertThat(err).startsWith("keymint: ").contains("API key not found");
  }

  @Test
  void keysUpdate_contradictionsAndNothing_areUsageErrors() {
    assertThat(run("keys", "update", "x", "--usd", "1", "--no-usd-limit")).isEqualTo(2);
    assertThat(err).contains("contradict");
    assertThat(run("keys", "update", "x")).isEqualTo(2);
    assertThat(err).contains("nothing to change");
    assertThat(run("keys", "update", "x", "--expires-at", "2031-02-30")).isEqualTo(2);
  }

  @Test
  void inferenceKey_onAdminCommand_exits5WithAOneLineHint() {
    env.remove("VENICE_ADMIN_KEY");

    int code = run("keys", "list");

    assertThat(code).isEqualTo(5);
    assertThat(err.lines().count()).isEqualTo(1);
    assertThat(err)
        .startsWith("keymint: ")
        .contains("Admin API key required")
        .contains("set VENICE_ADMIN_KEY");
    assertThat(err).doesNotContain(inferenceSecret);
  }

  /**
   * health and rate-limits read the key variables in the library's order ({@code
   * VeniceClient.fromEnv}: VENICE_ADMIN_KEY, else VENICE_API_KEY): a refused admin key beside a
   * good inference key is what they check.
   */
  @Test
  void healthAndRateLimits_readTheKeysInTheLibrarysOrder() {
    String unknown = "VENICE_ADMIN_KEY_notIssuedByThisEmulator0123456789abcdefgh";
    LeakWatch.secret(unknown);
    env.put("VENICE_ADMIN_KEY", unknown);

    assertThat(run("health")).as(err).isEqualTo(5);
    assertThat(run("rate-limits")).as(err).isEqualTo(5);
    assertThat(err).doesNotContain(unknown);

    env.put("VENICE_ADMIN_KEY", " "); // blank is unset, as in the library
    assertThat(run("health")).as(err).isZero();
    assertThat(run("rate-limits")).as(err).isZero();
  }

  @Test
  void noKeyAtAll_isAUsageErrorNamingTheVariable() {
    env.remove("VENICE_ADMIN_KEY");
    env.remove("VENICE_API_KEY");
    assertThat(run("keys", "list")).isEqualTo(2);
    assertThat(err).contains("VENICE_ADMIN_KEY");
    assertThat(run("health")).isEqualTo(2);
    assertThat(err).contains("VENICE_API_KEY");
  }

  @Test
  void rateLimits_tableAndJson_withTheInferenceKey() throws Exception {
    env.remove("VENICE_ADMIN_KEY");
    assertThat(run("rate-limits")).as(err).isZero();
    assertThat(out)
        .contains("access permitted:  yes")
        .contains("tier:              paid")
        .contains("BUNDLED_CREDITS")
        .contains("MODEL")
        .contains("zai-org-glm-5-1")
        .contains("100 RPM");

    assertThat(run("rate-limits", "--json")).isZero();
    assertThat(json().get("apiTier").get("id").asText()).isEqualTo("paid");
    assertThat(json().get("rateLimits").get(0).get("rateLimits").get(0).get("type").asText())
        .isEqualTo("RPM");
  }

  @Test
  void rateLimitsLog_afterA429_listsTheBreach() throws Exception {
    try (VeniceEmulator tight =
        VeniceEmulator.builder().keyCreationLimit(1, java.time.Duration.ofMinutes(10)).start()) {
      String admin = tight.createKey(ApiKeyType.ADMIN, "ops");
      LeakWatch.secret(admin);
      env.put("VENICE_BASE_URL", tight.baseUrl().toString());
      env.put("VENICE_ADMIN_KEY", admin);
      try (var client =
          io.keymint.venice.VeniceClient.builder()
              .baseUrl(tight.baseUrl())
              .apiKey(io.keymint.ApiKeySecret.of(admin))
              .maxRetries(0)
              .keyCreationRate(100, java.time.Duration.ofMinutes(1))
              .build()) {
        LeakWatch.secret(
            client
                .apiKeys()
                .create(io.keymint.venice.KeySpec.builder().noLimit().description("a").build())
                .secret()
                .reveal());
        org.assertj.core.api.Assertions.catchThrowable(
            () ->
                client
                    .apiKeys()
                    .create(
                        io.keymint.venice.KeySpec.builder().noLimit().description("b").build()));
      }

      assertThat(run("rate-limits", "log")).as(err).isZero();
      assertThat(out).contains("TYPE").contains("RPM").contains("endpoint:api/v1/api_keys");
      assertThat(run("rate-limits", "log", "--json")).isZero();
      assertThat(json().get(0).get("rateLimitType").asText()).isEqualTo("RPM");
      LeakWatch.secrets(io.keymint.testing.Emulators.secrets(tight));
    }
  }

  @Test
  void health_usableKey_exits0() throws Exception {
    assertThat(run("health")).as(err).isZero();
    assertThat(out)
        .contains("access permitted:  yes")
        .contains("key expires:       never")
        .contains("next epoch begins: ");
    assertThat(run("health", "--json")).isZero();
    assertThat(json().get("accessPermitted").asBoolean()).isTrue();
  }

  @Test
  void health_revokedKey_exits5() {
    env.remove("VENICE_ADMIN_KEY"); // else health checks the admin key (VeniceClient.fromEnv order)
    env.put("VENICE_API_KEY", "VENICE_INFERENCE_KEY_notAKeyTheEmulatorKnows0123456789");
    assertThat(run("health")).isEqualTo(5);
    assertThat(err).contains("Authentication failed");
  }

  @Test
  void help_listsTheNewCommands() {
    assertThat(run("--help")).isZero();
    assertThat(out).contains("keys").contains("rate-limits").contains("health");
    assertThat(run("keys", "--help")).isZero();
    assertThat(out).contains("list").contains("create").contains("revoke");
  }
}
