package io.keymint.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.keymint.internal.Json;
import io.keymint.testing.LeakWatch;
import io.keymint.testing.TestKeys;
import io.keymint.venice.ApiKeyType;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11 through the CLI in this JVM against the emulator: what a user sees for capped-by-default
 * keys, verification, truthful summaries, drift, health as a monitor, per-customer keys and
 * orphans. Exit codes 18–20 are asserted here.
 */
class KeyChecksCommandsTest extends InProcessCli {
  @TempDir Path dir;
  private Path keyFile;

  @BeforeEach
  void start() {
    startVenice(TestKeys.VECTOR_ADDRESS);
    env.put("WALLET_KEY", TestKeys.VECTOR_PRIVATE_KEY);
    keyFile = dir.resolve("venice-api-key");
  }

  private String stored() throws Exception {
    String s = Files.readString(keyFile, UTF_8).strip();
    LeakWatch.secret(s);
    return s;
  }

  private void walletAdminInEnv() {
    String admin = venice.createKey(ApiKeyType.ADMIN, "ops", TestKeys.VECTOR_ADDRESS);
    LeakWatch.secret(admin);
    env.put("VENICE_ADMIN_KEY", admin);
  }

  private void assertNoSecretPrinted() {
    for (String s : io.keymint.testing.Emulators.secrets(venice)) {
      assertThat(out + err).doesNotContain(s);
    }
  }

  // ---- capped by default ----

  @Test
  void mint_withoutACap_exits2NamingTheOptions_andMintsNothing() {
    assertThat(run("mint", "--sink", "file:" + keyFile)).isEqualTo(2);

    assertThat(err.strip().lines()).hasSize(1);
    assertThat(err).contains("--usd").contains("--diem").contains("--no-limit");
    assertThat(venice.mintCount()).isZero();
    assertThat(keyFile).doesNotExist();
  }

  @Test
  void mint_noLimitWithACap_exits2() {
    assertThat(run("mint", "--no-limit", "--usd", "5", "--sink", "file:" + keyFile)).isEqualTo(2);
    assertThat(err).contains("--no-limit contradicts --usd/--diem");
  }

  @Test
  void mint_noLimit_saysSo() throws Exception {
    assertThat(run("mint", "--no-limit", "--sink", "file:" + keyFile, "--json")).as(err).isZero();
    assertThat(json().get("limits").asText()).isEqualTo("no cap");
    assertThat(json().get("consumptionLimit").size()).isZero();
  }

  @Test
  void summaries_spellThePeriodOut() throws Exception {
    assertThat(run("mint", "--usd", "5", "--sink", "file:" + keyFile)).as(err).isZero();
    assertThat(err).contains("limits $5 per day (EPOCH) (as asked");
    assertThat(run("mint", "--usd", "5", "--limit-period", "MONTH", "--sink", "file:" + keyFile))
        .isZero();
    assertThat(err).contains("limits $5 per month (as asked");
    assertThat(
            run(
                "mint",
                "--usd",
                "5",
                "--limit-period",
                "LIFETIME",
                "--sink",
                "file:" + keyFile,
                "--json"))
        .isZero();
    assertThat(json().get("limits").asText()).isEqualTo("$5 in total (LIFETIME)");
  }

  // ---- truthful metadata ----

  @Test
  void mint_diemOnly_printsAndSavesTheDiemCap_notNoCap() throws Exception {
    assertThat(run("mint", "--diem", "5", "--sink", "file:" + keyFile, "--json")).as(err).isZero();

    JsonNode s = json();
    assertThat(s.get("consumptionLimit").get("diem").asInt()).isEqualTo(5);
    assertThat(s.get("consumptionLimit").has("usd")).isFalse(); // no invented field
    assertThat(s.get("consumptionLimit").has("vcu")).isFalse();
    assertThat(s.get("limits").asText()).isEqualTo("5 DIEM per day (EPOCH)");
    assertThat(s.get("limitsSource").asText()).isEqualTo("REQUESTED");
    JsonNode meta = Json.parse(Files.readAllBytes(dir.resolve("venice-api-key.meta.json")));
    assertThat(meta.path("consumptionLimit").path("diem").asInt()).isEqualTo(5);
  }

  @Test
  void mint_usdZero_savesACapOfZero() throws Exception {
    assertThat(run("mint", "--usd", "0", "--sink", "file:" + keyFile, "--json")).as(err).isZero();
    assertThat(json().get("consumptionLimit").get("usd").decimalValue()).isZero();
    assertThat(json().get("limits").asText()).isEqualTo("$0 per day (EPOCH)");
  }

  @Test
  void mint_withTheWalletsAdminKey_recordsWhatVeniceStored() throws Exception {
    walletAdminInEnv();
    assertThat(run("mint", "--diem", "3", "--sink", "file:" + keyFile)).as(err).isZero();
    assertThat(err).contains("limits 3 DIEM per day (EPOCH) (as Venice stored it)");
  }

  // ---- verification ----

  @Test
  void mint_verifies_andPrintsBalances() throws Exception {
    assertThat(run("mint", "--usd", "5", "--sink", "file:" + keyFile, "--json")).as(err).isZero();
    JsonNode v = json().get("verification");
    assertThat(v.get("accessPermitted").asBoolean()).isTrue();
    assertThat(v.get("canSpend").asBoolean()).isTrue();
    assertThat(v.get("balances").get("USD").decimalValue()).isEqualByComparingTo("5");
  }

  @Test
  void mint_notAdmitted_exits18_withTheKeyStored() throws Exception {
    venice.accessPermitted(false);

    assertThat(run("mint", "--usd", "5", "--sink", "file:" + keyFile, "--json")).isEqualTo(18);

    assertThat(stored()).isEqualTo(io.keymint.testing.Emulators.secrets(venice).get(0));
    assertThat(json().get("id").asText()).isNotEmpty(); // the summary is still printed
    assertThat(err).contains("is stored in file:").contains("accessPermitted: false");
    run("mint", "--usd", "5", "--sink", "file:" + keyFile);
    assertThat(err).contains("checked: Venice does NOT admit it").doesNotContain("admits it;");
    assertThat(err).doesNotContain("\tat ");
    assertNoSecretPrinted();
  }

  @Test
  void mint_spentCap_exits18() throws Exception {
    venice.spendCapReached(true);
    assertThat(run("mint", "--usd", "5", "--sink", "file:" + keyFile)).isEqualTo(18);
    assertThat(stored()).startsWith("VENICE_INFERENCE_KEY_");
  }

  @Test
  void mint_noVerify_doesNotAsk() {
    venice.accessPermitted(false);
    assertThat(run("mint", "--usd", "5", "--no-verify", "--sink", "file:" + keyFile))
        .as(err)
        .isZero();
    assertThat(err).doesNotContain("checked:");
  }

  @Test
  void mint_emptyBalances_warnsButExits0() throws Exception {
    venice.balances(BigDecimal.ZERO, BigDecimal.ZERO);

    assertThat(run("mint", "--usd", "5", "--sink", "file:" + keyFile, "--json")).as(err).isZero();

    assertThat(json().get("verification").get("canSpend").asBoolean()).isFalse();
    assertThat(json().get("verification").get("balances").get("USD").decimalValue()).isZero();
    assertThat(json().get("verification").get("balances").get("DIEM").decimalValue()).isZero();
  }

  @Test
  void ensure_mintingAKeyVeniceDoesNotAdmit_exits18() throws Exception {
    venice.accessPermitted(false);
    assertThat(run("ensure", "--usd", "5", "--sink", "file:" + keyFile)).isEqualTo(18);
    assertThat(stored()).isEqualTo(io.keymint.testing.Emulators.secrets(venice).get(0));
  }

  @Test
  void rotate_newKeyNotAdmitted_exits12_andKeepsTheOldKey() throws Exception {
    walletAdminInEnv();
    assertThat(run("ensure", "--usd", "5", "--sink", "file:" + keyFile, "--json")).isZero();
    String oldId = json().get("id").asText();
    venice.accessPermitted(false);

    assertThat(run("rotate", "--usd", "5", "--sink", "file:" + keyFile)).isEqualTo(12);

    assertThat(err).contains("was NOT revoked").contains(oldId);
  }

  @Test
  void keysCreate_verifiesAndReadsBack_exit18WhenNotAdmitted() throws Exception {
    walletAdminInEnv();
    assertThat(
            run(
                "keys",
                "create",
                "--description",
                "cust:1",
                "--diem",
                "2",
                "--sink",
                "file:" + keyFile,
                "--json"))
        .as(err)
        .isZero();
    assertThat(json().get("limitsSource").asText()).isEqualTo("REPORTED");
    assertThat(json().get("verification").get("accessPermitted").asBoolean()).isTrue();

    venice.accessPermitted(false);
    Path second = dir.resolve("second");
    assertThat(
            run(
                "keys",
                "create",
                "--description",
                "cust:2",
                "--usd",
                "1",
                "--sink",
                "file:" + second))
        .isEqualTo(18);
    assertThat(Files.readString(second, UTF_8)).startsWith("VENICE_INFERENCE_KEY_");
    assertNoSecretPrinted();
  }

  // ---- drift ----

  @Test
  void ensure_driftedCaps_warnsAndKeeps_thenReplacesOnAsk() throws Exception {
    walletAdminInEnv();
    assertThat(run("ensure", "--usd", "5", "--sink", "file:" + keyFile, "--json")).isZero();
    String first = json().get("id").asText();

    assertThat(run("ensure", "--usd", "10", "--limit-period", "MONTH", "--sink", "file:" + keyFile))
        .isZero();
    assertThat(err)
        .contains("kept")
        .contains(
            "differs from this run's options: caps: stored $5 per day (EPOCH), asked $10 per month")
        .contains("--replace-on-drift");
    assertThat(
            run(
                "ensure",
                "--usd",
                "10",
                "--limit-period",
                "MONTH",
                "--sink",
                "file:" + keyFile,
                "--json"))
        .isZero();
    assertThat(json().get("outcome").asText()).isEqualTo("REUSED");
    assertThat(json().get("drift").get(0).asText()).startsWith("caps: stored $5 per day");

    assertThat(
            run(
                "ensure",
                "--usd",
                "10",
                "--limit-period",
                "MONTH",
                "--replace-on-drift",
                "--sink",
                "file:" + keyFile,
                "--json"))
        .as(err)
        .isZero();
    JsonNode replaced = json();
    assertThat(replaced.get("outcome").asText()).isEqualTo("ROTATED");
    assertThat(replaced.get("previousKeyId").asText()).isEqualTo(first);
    assertThat(replaced.get("previousKeyRevoked").asBoolean()).isTrue();
    assertThat(replaced.get("limits").asText()).isEqualTo("$10 per month");

    assertThat(
            run(
                "ensure",
                "--usd",
                "10",
                "--limit-period",
                "MONTH",
                "--sink",
                "file:" + keyFile,
                "--json"))
        .isZero();
    assertThat(json().get("outcome").asText()).isEqualTo("REUSED");
    assertThat(json().has("drift")).isFalse();
  }

  @Test
  void ensure_driftedExpiry_isReported() throws Exception {
    String inAMonth = LocalDate.now(ZoneOffset.UTC).plusDays(30).toString();
    assertThat(run("ensure", "--usd", "5", "--expires-at", inAMonth, "--sink", "file:" + keyFile))
        .isZero();
    assertThat(run("ensure", "--usd", "5", "--sink", "file:" + keyFile, "--json")).isZero();
    assertThat(json().get("drift").get(0).asText())
        .startsWith("expiry: stored " + inAMonth + "T00:00:00Z, asked never");
  }

  // ---- health ----

  @Test
  void health_expiringWithinTheMargin_exits19() throws Exception {
    String inThreeDays = LocalDate.now(ZoneOffset.UTC).plusDays(3).toString();
    assertThat(run("mint", "--usd", "5", "--expires-at", inThreeDays, "--sink", "file:" + keyFile))
        .isZero();
    env.put("VENICE_API_KEY", stored());

    assertThat(run("health", "--margin", "7d")).isEqualTo(19);
    assertThat(err).contains("expires at").contains("within the margin of 7d");
    assertThat(out).contains("balances:").contains("tier:").contains("next epoch begins:");
    assertThat(run("health", "--margin", "1d")).as(err).isZero();
    assertThat(run("health", "--margin", "7d", "--json")).isEqualTo(19);
    assertThat(json().get("health").get("status").asText()).isEqualTo("EXPIRING");
    assertThat(json().get("headers").get("x-venice-balance-usd").asText()).isEqualTo("5");
    assertNoSecretPrinted();
  }

  @Test
  void health_emptyBalances_exits20_andNotAdmitted_exits5() throws Exception {
    assertThat(run("mint", "--usd", "5", "--sink", "file:" + keyFile)).isZero();
    env.put("VENICE_API_KEY", stored());
    venice.balances(BigDecimal.ZERO, BigDecimal.ZERO);

    assertThat(run("health", "--json")).isEqualTo(20);
    assertThat(json().get("health").get("status").asText()).isEqualTo("CANNOT_SPEND");
    assertThat(err).contains("model requests will fail until the account can spend");

    venice.accessPermitted(false);
    assertThat(run("health")).isEqualTo(5);
    assertThat(err).contains("accessPermitted=false").contains("model requests will fail");
  }

  // ---- per customer ----

  @Test
  void keys_rotateAndRevokeByCustomer() throws Exception {
    walletAdminInEnv();
    Path c42 = dir.resolve("cust-42");
    assertThat(
            run(
                "keys",
                "create",
                "--description",
                "cust:42",
                "--usd",
                "5",
                "--sink",
                "file:" + c42,
                "--json"))
        .isZero();
    String first = json().get("id").asText();

    assertThat(
            run(
                "keys",
                "rotate",
                "--customer",
                "42",
                "--usd",
                "5",
                "--limit-period",
                "MONTH",
                "--sink",
                "file:" + c42,
                "--json"))
        .as(err)
        .isZero();
    String second = json().get("id").asText();
    assertThat(second).isNotEqualTo(first);
    assertThat(json().get("revoked").get(0).asText()).isEqualTo(first);
    assertThat(json().get("description").asText()).isEqualTo("cust:42");
    assertThat(Files.readString(c42, UTF_8).strip())
        .isEqualTo(io.keymint.testing.Emulators.secrets(venice).get(2));

    assertThat(run("keys", "revoke", "--customer", "42", "--json")).isZero();
    assertThat(json().get("revoked").get(0).asText()).isEqualTo(second);
    assertThat(run("keys", "revoke", "--customer", "42")).isZero();
    assertThat(err).contains("customer 42 has no active key");
    assertThat(run("keys", "revoke")).isEqualTo(2);
    assertNoSecretPrinted();
  }

  @Test
  void keys_rotateByCustomer_newKeyNotAdmitted_exits18_andRevokesNothing() throws Exception {
    walletAdminInEnv();
    Path c7 = dir.resolve("cust-7");
    assertThat(
            run(
                "keys",
                "create",
                "--description",
                "cust:7",
                "--usd",
                "5",
                "--sink",
                "file:" + c7,
                "--json"))
        .isZero();
    String first = json().get("id").asText();
    venice.accessPermitted(false);

    assertThat(run("keys", "rotate", "--customer", "7", "--usd", "5", "--sink", "file:" + c7))
        .isEqualTo(18);

    assertThat(err).contains("does not admit").contains("NOT revoked");
    env.remove("VENICE_API_KEY");
    assertThat(run("keys", "list", "--json")).isZero();
    assertThat(json().findValuesAsText("id")).contains(first);
  }

  // ---- orphans ----

  @Test
  void mint_ambiguous_withAdminKey_revokesTheOrphan() throws Exception {
    walletAdminInEnv();
    venice.loseNextMintReplies(1);

    assertThat(run("mint", "--usd", "5", "--sink", "file:" + keyFile, "--json")).as(err).isZero();

    JsonNode o = json().get("orphans");
    assertThat(json().get("ambiguousAttempts").asInt()).isEqualTo(1);
    assertThat(o.get("searched").asBoolean()).isTrue();
    assertThat(o.get("revoked")).hasSize(1);
    assertThat(venice.activeKeyCount()).isEqualTo(2); // admin + the stored key
  }

  @Test
  void mint_ambiguous_withoutAdminKey_printsTheWindowAndHowToCleanUp() throws Exception {
    venice.loseNextMintReplies(1);

    assertThat(run("mint", "--usd", "5", "--sink", "file:" + keyFile)).as(err).isZero();

    assertThat(err)
        .contains("1 earlier attempt(s) ended without an answer")
        .contains("created between")
        .contains("keymint keys revoke");
    assertThat(venice.activeKeyCount()).isEqualTo(2); // the orphan is left to the user
  }

  // ---- emulator CLI switches ----

  @Test
  void emulatorCommand_hasTheSwitches() {
    assertThat(run("emulator", "--help")).isZero();
    assertThat(out)
        .contains("--deny-access")
        .contains("--usd-balance")
        .contains("--diem-balance")
        .contains("--spend-cap-reached")
        .contains("--lose-mint-replies");
  }
}
