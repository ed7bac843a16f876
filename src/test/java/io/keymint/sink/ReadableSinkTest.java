package io.keymint.sink;

import static io.keymint.sink.SinkFixtures.ID;
import static io.keymint.sink.SinkFixtures.SECRET;
import static io.keymint.sink.SinkFixtures.key;
import static io.keymint.sink.SinkFixtures.mode;
import static org.assertj.core.api.Assertions.assertThat;

import io.keymint.ApiKeySecret;
import io.keymint.internal.Json;
import io.keymint.venice.ApiKey;
import io.keymint.venice.ApiKeyType;
import io.keymint.venice.ConsumptionLimit;
import io.keymint.venice.LimitPeriod;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Metadata sidecars and reading keys back from the file and env-file sinks. */
class ReadableSinkTest {
  @TempDir Path dir;

  private static ApiKey richKey(String secret) {
    return ApiKey.builder()
        .id(ID)
        .secret(ApiKeySecret.of(secret))
        .type(ApiKeyType.INFERENCE)
        .description("agent")
        .walletAddress("0xb568939E9758702c2a8f0E7F5C91fe5c1aC07293")
        .expiresAt(Instant.parse("2030-01-01T00:00:00Z"))
        .issuedAt(Instant.parse("2026-11-30T00:00:00Z"))
        .consumptionLimit(ConsumptionLimit.usd(new BigDecimal("5")))
        .limitPeriod(LimitPeriod.MONTH)
        .build();
  }

  @Test
  void fileSink_write_keepsMetadataBesideSecretOwnerOnlyAndWithoutSecret() throws Exception {
    Path target = dir.resolve("venice.key");
    SecretSink.file(target).write(richKey(SECRET));

    Path meta = dir.resolve("venice.key.meta.json");
    assertThat(mode(meta)).isEqualTo("rw-------");
    String json = Files.readString(meta);
    assertThat(json).doesNotContain(SECRET);
    var node = Json.parse(json.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    assertThat(node.get("id").asText()).isEqualTo(ID);
    assertThat(node.get("lastSix").asText()).isEqualTo(SECRET.substring(SECRET.length() - 6));
    assertThat(node.get("expiresAt").asText()).isEqualTo("2030-01-01T00:00:00Z");
    assertThat(node.get("walletAddress").asText())
        .isEqualTo("0xb568939E9758702c2a8f0E7F5C91fe5c1aC07293");
    assertThat(node.get("consumptionLimit").get("usd").decimalValue()).isEqualByComparingTo("5");
  }

  @Test
  void keyMetadata_toJsonAndBack_throughTheOneCodec() {
    ApiKey m = richKey(SECRET);

    byte[] json = io.keymint.internal.codec.KeyJson.metadataBytes(m);
    ApiKey back = io.keymint.internal.codec.KeyJson.readMetadata(json);

    assertThat(new String(json, java.nio.charset.StandardCharsets.UTF_8)).doesNotContain(SECRET);
    assertThat(back.id()).isEqualTo(ID);
    assertThat(back.hasSecret()).isFalse();
    assertThat(back.lastSix()).contains(SECRET.substring(SECRET.length() - 6));
    assertThat(back.expiresAt()).contains(Instant.parse("2030-01-01T00:00:00Z"));
    assertThat(back.consumptionLimit().usd())
        .hasValueSatisfying(v -> assertThat(v).isEqualByComparingTo("5"));
    assertThat(back.limitPeriod()).contains(LimitPeriod.MONTH);
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () ->
                io.keymint.internal.codec.KeyJson.readMetadata(
                    "not json".getBytes(java.nio.charset.StandardCharsets.UTF_8)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("key metadata is not JSON");
  }

  @Test
  void fileSink_read_returnsSecretAndMetadata() {
    ReadableSink sink = SecretSink.file(dir.resolve("venice.key"));
    assertThat(sink.read()).isEmpty();
    sink.write(richKey(SECRET));

    StoredKey stored = sink.read().orElseThrow();
    assertThat(stored.secret().reveal()).isEqualTo(SECRET);
    ApiKey m = stored.metadata().orElseThrow();
    assertThat(m.id()).isEqualTo(ID);
    assertThat(m.expiresAt()).contains(Instant.parse("2030-01-01T00:00:00Z"));
    assertThat(m.limitPeriod()).contains(LimitPeriod.MONTH);
    assertThat(m.consumptionLimit().usd()).contains(new BigDecimal("5"));
    assertThat(stored.toString()).doesNotContain(SECRET);
  }

  @Test
  void fileSink_read_staleMetadataOfAnotherSecret_isIgnored() throws Exception {
    Path target = dir.resolve("venice.key");
    ReadableSink sink = SecretSink.file(target);
    sink.write(key());
    // a crash between the secret and the sidecar leaves the previous key's metadata
    Files.writeString(target, "vk_hand-written-secret-999999\n");

    StoredKey stored = sink.read().orElseThrow();
    assertThat(stored.secret().reveal()).isEqualTo("vk_hand-written-secret-999999");
    assertThat(stored.metadata()).isEmpty();
  }

  @Test
  void envFileSink_read_findsBareAndQuotedValues() throws Exception {
    Path env = dir.resolve(".env");
    Files.writeString(env, "A=1\nexport OTHER=\"x\\\"y\"\n");
    ReadableSink sink = SecretSink.envFile(env, "OTHER");
    assertThat(sink.read().orElseThrow().secret().reveal()).isEqualTo("x\"y");
    assertThat(sink.read().orElseThrow().metadata()).isEmpty();

    ReadableSink main = SecretSink.envFile(env);
    assertThat(main.read()).isEmpty();
    main.write(richKey(SECRET));
    StoredKey stored = main.read().orElseThrow();
    assertThat(stored.secret().reveal()).isEqualTo(SECRET);
    assertThat(stored.metadata().orElseThrow().id()).isEqualTo(ID);
    assertThat(Files.readString(env)).startsWith("A=1\n");
  }
}
