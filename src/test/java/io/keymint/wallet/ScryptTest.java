package io.keymint.wallet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** RFC 7914 §11 (PBKDF2-HMAC-SHA256) and §12 (scrypt) test vectors. */
class ScryptTest {

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  private static String hex(byte[] b) {
    return HexFormat.of().formatHex(b);
  }

  @Test
  void pbkdf2_rfc7914Section11_vector1() {
    assertThat(hex(Scrypt.pbkdf2HmacSha256(ascii("passwd"), ascii("salt"), 1, 64)))
        .isEqualTo(
            "55ac046e56e3089fec1691c22544b605f94185216dde0465e68b9d57c20dacbc"
                + "49ca9cccf179b645991664b39d77ef317c71b845b1e30bd509112041d3a19783");
  }

  @Test
  void pbkdf2_rfc7914Section11_vector2() {
    assertThat(hex(Scrypt.pbkdf2HmacSha256(ascii("Password"), ascii("NaCl"), 80000, 64)))
        .isEqualTo(
            "4ddcd8f60b98be21830cee5ef22701f9641a4418d04c0414aeff08876b34ab56"
                + "a1d425a1225833549adb841b51c9b3176a272bdebba1d078478f62b397f33c8d");
  }

  @Test
  void scrypt_rfc7914Section12_vector1_emptyPasswordAndSalt() {
    assertThat(hex(Scrypt.derive(new byte[0], new byte[0], 16, 1, 1, 64, 1)))
        .isEqualTo(
            "77d6576238657b203b19ca42c18a0497f16b4844e3074ae8dfdffa3fede21442"
                + "fcd0069ded0948f8326a753a0fc81f17e8d3e0fb2e0d3628cf35e20c38d18906");
  }

  @Test
  void scrypt_rfc7914Section12_vector2_p16() {
    String expected =
        "fdbabe1c9d3472007856e7190d01e9fe7c6ad7cbc8237830e77376634b373162"
            + "2eaf30d92e22a3886ff109279d9830dac727afb94a83ee6d8360cbdfa2cc0640";
    assertThat(hex(Scrypt.derive(ascii("password"), ascii("NaCl"), 1024, 8, 16, 64, 1)))
        .isEqualTo(expected);
    // the same lanes on two threads must give the same bytes
    assertThat(hex(Scrypt.derive(ascii("password"), ascii("NaCl"), 1024, 8, 16, 64, 2)))
        .isEqualTo(expected);
  }

  @Test
  void scrypt_rfc7914Section12_vector3() {
    assertThat(
            hex(Scrypt.derive(ascii("pleaseletmein"), ascii("SodiumChloride"), 16384, 8, 1, 64, 1)))
        .isEqualTo(
            "7023bdcb3afd7348461c06cd81fd38ebfda8fbba904f8e3ea9b543f6545da1f2"
                + "d5432955613f0fcf62d49705242a9af9e61e85dc0d651e40dfcf017b45575887");
  }

  @ParameterizedTest(name = "stride {0}")
  @ValueSource(ints = {1, 2, 4, 16})
  void scrypt_rfc7914Section12_vector1_sameBytesForEveryStride(int stride) {
    assertThat(hex(Scrypt.derive(new byte[0], new byte[0], 16, 1, 1, 64, 1, stride)))
        .isEqualTo(
            "77d6576238657b203b19ca42c18a0497f16b4844e3074ae8dfdffa3fede21442"
                + "fcd0069ded0948f8326a753a0fc81f17e8d3e0fb2e0d3628cf35e20c38d18906");
  }

  @ParameterizedTest(name = "stride {0}")
  @ValueSource(ints = {2, 8, 1024})
  void scrypt_rfc7914Section12_vector2_sameBytesForEveryStride(int stride) {
    assertThat(hex(Scrypt.derive(ascii("password"), ascii("NaCl"), 1024, 8, 16, 64, 2, stride)))
        .isEqualTo(
            "fdbabe1c9d3472007856e7190d01e9fe7c6ad7cbc8237830e77376634b373162"
                + "2eaf30d92e22a3886ff109279d9830dac727afb94a83ee6d8360cbdfa2cc0640");
  }

  @ParameterizedTest(name = "stride {0}")
  @ValueSource(ints = {2, 4})
  void scrypt_rfc7914Section12_vector3_sameBytesForEveryStride(int stride) {
    assertThat(
            hex(
                Scrypt.derive(
                    ascii("pleaseletmein"), ascii("SodiumChloride"), 16384, 8, 1, 64, 1, stride)))
        .isEqualTo(
            "7023bdcb3afd7348461c06cd81fd38ebfda8fbba904f8e3ea9b543f6545da1f2"
                + "d5432955613f0fcf62d49705242a9af9e61e85dc0d651e40dfcf017b45575887");
  }

  private static final String VECTOR3 =
      "7023bdcb3afd7348461c06cd81fd38ebfda8fbba904f8e3ea9b543f6545da1f2"
          + "d5432955613f0fcf62d49705242a9af9e61e85dc0d651e40dfcf017b45575887";

  private static String vector3(Scrypt.Layout layout, int chunkInts, boolean offHeap) {
    long offHeapInts = offHeap ? 0 : Long.MAX_VALUE;
    return hex(
        Scrypt.derive(
            ascii("pleaseletmein"),
            ascii("SodiumChloride"),
            8,
            1,
            64,
            1,
            layout,
            chunkInts,
            offHeapInts));
  }

  /** V in chunks of 1, 2, 3, 16, 255 rows (the default is 4 MiB): the bytes do not change. */
  static Stream<Arguments> chunksAndStrides() {
    return IntStream.of(1, 256, 512, 3 * 256 + 5, 4096, 255 * 256, 1 << 20)
        .boxed()
        .flatMap(chunk -> Stream.of(Arguments.of(chunk, 1), Arguments.of(chunk, 2)));
  }

  @ParameterizedTest(name = "chunk of {0} ints, stride {1}")
  @MethodSource("chunksAndStrides")
  void scrypt_rfc7914Section12_vector3_sameBytesForEveryChunkSize(int chunkInts, int stride) {
    assertThat(vector3(Scrypt.Layout.uniform(16384, stride), chunkInts, true))
        .as("stride %d", stride)
        .isEqualTo(VECTOR3);
  }

  /** A dense prefix, then every 2nd, 4th or 8th row: the bytes do not change, on or off heap. */
  @ParameterizedTest(name = "dense {0}, stride {1}")
  @CsvSource({
    "0, 2",
    "2, 2",
    "8192, 2",
    "16382, 2",
    "16384, 2",
    "4, 4",
    "12000, 4",
    "16376, 8",
    "8, 8",
    "16384, 1",
    "0, 16"
  })
  void scrypt_rfc7914Section12_vector3_sameBytesForEveryLayout(int dense, int stride) {
    Scrypt.Layout layout = new Scrypt.Layout(16384, stride, dense);
    assertThat(vector3(layout, 3 * 256 + 5, true)).isEqualTo(VECTOR3);
    assertThat(vector3(layout, 1 << 20, false)).as("on the heap").isEqualTo(VECTOR3);
  }

  @Test
  void derive_offHeap_returnsItsDirectMemoryAtOnce() {
    BufferPoolMXBean direct =
        ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class).stream()
            .filter(pool -> pool.getName().equals("direct"))
            .findFirst()
            .orElseThrow();
    long before = direct.getMemoryUsed();

    // 16 MiB of V in 4 MiB direct buffers, wiped and freed before derive returns
    assertThat(vector3(Scrypt.Layout.full(16384), Scrypt.CHUNK_INTS, true)).isEqualTo(VECTOR3);

    // JDK 24+ warns on stderr when Unsafe.invokeCleaner is called: there the GC frees V
    boolean atOnce = Runtime.version().feature() < 24;
    assertThat(Scrypt.DirectMemory.freesAtOnce()).isEqualTo(atOnce);
    if (atOnce) {
      assertThat(direct.getMemoryUsed() - before).isLessThan(1 << 20);
    }
  }

  @Test
  void layout_fitting_keepsTheMostRowsThatFit() {
    int n = 1 << 18;
    long row = 128 * 8;
    assertThat(Scrypt.Layout.fitting(n, 8, 256L << 20, 8).stride).isEqualTo(1);
    Scrypt.Layout l224 = Scrypt.Layout.fitting(n, 8, 224L << 20, 8);
    assertThat(l224.stride).isEqualTo(2);
    assertThat(l224.keptRows()).isEqualTo((224 << 20) / row);
    // one row short of the whole V: the smallest trim there is
    Scrypt.Layout almost = Scrypt.Layout.fitting(n, 8, (n - 1) * row, 8);
    assertThat(almost.stride).isEqualTo(2);
    assertThat(almost.keptRows()).isEqualTo(n - 1);
    assertThat(Scrypt.Layout.fitting(n, 8, 100L << 20, 8).stride).isEqualTo(4);
    assertThat(Scrypt.Layout.fitting(n, 8, 32L << 20, 8).dense).isZero();
    assertThat(Scrypt.Layout.fitting(n, 8, (32L << 20) - 1, 8)).isNull();
    assertThat(Scrypt.Layout.fitting(n, 8, 100L << 20, 2)).isNull();
  }

  @ParameterizedTest(name = "dense {0}, stride {1}")
  @CsvSource({"-2, 2", "3, 2", "6, 4", "18, 2", "0, 3", "0, 32"})
  void layout_invalid_isRefused(int dense, int stride) {
    assertThatThrownBy(() -> new Scrypt.Layout(16, stride, dense))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest(name = "off heap: {0}")
  @ValueSource(booleans = {true, false})
  void scrypt_rfc7914Section12_vector2_inSmallChunks_onParallelLanes(boolean offHeap) {
    assertThat(
            hex(
                Scrypt.derive(
                    ascii("password"),
                    ascii("NaCl"),
                    8,
                    16,
                    64,
                    2,
                    Scrypt.Layout.full(1024),
                    1024,
                    offHeap ? 0 : Long.MAX_VALUE)))
        .isEqualTo(
            "fdbabe1c9d3472007856e7190d01e9fe7c6ad7cbc8237830e77376634b373162"
                + "2eaf30d92e22a3886ff109279d9830dac727afb94a83ee6d8360cbdfa2cc0640");
  }

  @ParameterizedTest(name = "stride {0}")
  @ValueSource(ints = {0, 3, 32})
  void derive_strideNotAPowerOfTwoUpToN_isRefused(int stride) {
    assertThatThrownBy(() -> Scrypt.derive(new byte[0], new byte[0], 16, 1, 1, 64, 1, stride))
        .isInstanceOf(IllegalArgumentException.class);
  }

  /**
   * The RFC's largest vector (N = 2^20, r = 8: V is 1 GiB of direct memory). It runs in every
   * build, about 4 s here: the surefire fork allows 1280 MiB of direct memory for it (pom.xml).
   */
  @Test
  void scrypt_rfc7914Section12_vector4_oneGibibyte() {
    assertThat(
            hex(
                Scrypt.derive(
                    ascii("pleaseletmein"), ascii("SodiumChloride"), 1 << 20, 8, 1, 64, 1)))
        .isEqualTo(
            "2101cb9b6a511aaeaddbbe09cf70f881ec568d574a2ffd4dabe5ee9820adaa47"
                + "8e56fd8f4ba5d09ffa1c6d927c40f4c337304049e8a952fbcbf45c6fa77a41a4");
  }
}
