package io.keymint.sink;

import static io.keymint.sink.SinkFixtures.SECRET;
import static io.keymint.sink.SinkFixtures.key;
import static io.keymint.sink.SinkFixtures.mode;
import static io.keymint.sink.SinkFixtures.perms;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestReporter;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FileSinkTest {
  @TempDir Path dir;

  @Test
  void fileSink_newFile_holdsExactlySecretAndNewline() throws Exception {
    Path target = dir.resolve("venice.key");
    SecretSink sink = SecretSink.file(target);

    sink.preflight();
    sink.write(key());

    assertThat(Files.readAllBytes(target)).isEqualTo((SECRET + "\n").getBytes(UTF_8));
    assertThat(mode(target)).isEqualTo("rw-------");
  }

  @Test
  void fileSink_existingWorldReadableFile_endsMode0600() throws Exception {
    Path target = dir.resolve("venice.key");
    Files.writeString(target, "old-secret\n");
    Files.setPosixFilePermissions(target, perms("rw-rw-rw-"));
    Files.setPosixFilePermissions(dir, perms("rwxrwxrwx"));

    SecretSink.file(target).write(key());

    assertThat(mode(target)).isEqualTo("rw-------");
  }

  @Test
  void fileSink_existingFile_replacedAtomicallyWithoutLeftovers() throws Exception {
    Path target = dir.resolve("venice.key");
    Files.writeString(target, "an older and much longer secret that must not survive as a tail\n");
    Object oldInode = Files.getAttribute(target, "unix:ino");

    SecretSink.file(target).write(key());

    assertThat(Files.readString(target)).isEqualTo(SECRET + "\n");
    // A new inode proves rename-over-target rather than an in-place rewrite a reader could tear.
    assertThat(Files.getAttribute(target, "unix:ino")).isNotEqualTo(oldInode);
    assertThat(listNames()).containsExactly("venice.key", "venice.key.meta.json");
  }

  @Test
  void fileSink_writtenTwice_retryIsSafe() throws Exception {
    Path target = dir.resolve("venice.key");
    SecretSink sink = SecretSink.file(target);
    sink.write(key());
    sink.write(key("vk_second-secret"));

    assertThat(Files.readString(target)).isEqualTo("vk_second-secret\n");
    assertThat(listNames()).containsExactly("venice.key", "venice.key.meta.json");
  }

  @Test
  void fileSink_description_isAbsolutePath() {
    assertThat(SecretSink.file(dir.resolve("a/../venice.key")).description())
        .isEqualTo("file:" + dir.toAbsolutePath().resolve("venice.key"));
    assertThat(SecretSink.file(Path.of("rel.key")).description())
        .isEqualTo("file:" + Path.of("").toAbsolutePath().resolve("rel.key"));
  }

  /**
   * The JVM cannot change its own umask, so a child JVM is started under {@code umask 000} (the
   * most permissive) and {@code umask 277} (a strict one that would leave a create-time 0600 as
   * 0400): only an explicit chmod gives 0600 in both.
   */
  @ParameterizedTest(name = "umask {0}")
  @ValueSource(strings = {"000", "022", "277"})
  void fileSink_anyUmask_writesMode0600(String umask) throws Exception {
    Path target = dir.resolve("venice.key");
    runUnderUmask(umask, target, "file");

    assertThat(mode(target)).isEqualTo("rw-------");
    assertThat(Files.readString(target)).isEqualTo(SECRET + "\n");
  }

  @ParameterizedTest(name = "umask {0}")
  @ValueSource(strings = {"000", "277"})
  void envFileSink_anyUmask_writesMode0600(String umask) throws Exception {
    Path target = dir.resolve(".env");
    runUnderUmask(umask, target, "env");

    assertThat(mode(target)).isEqualTo("rw-------");
    assertThat(Files.readString(target)).isEqualTo("VENICE_API_KEY=" + SECRET + "\n");
  }

  @Test
  void preflight_missingFolder_failsSayingCreateIt() {
    Path target = dir.resolve("no-such-folder/venice.key");
    SecretSink sink = SecretSink.file(target);

    SinkException e = catchThrowableOfType(SinkException.class, sink::preflight);

    assertThat(e)
        .hasMessage(
            "file:"
                + target
                + ": folder "
                + target.getParent()
                + " does not exist: create it or choose another SecretSink");
    assertThat(e.setting()).contains(io.keymint.Setting.SINK);
    assertThat(Files.exists(target.getParent())).isFalse();
    assertThat(e.toString()).doesNotContain(SECRET);
  }

  @Test
  void write_missingFolder_failsWithoutCreatingIt() {
    Path target = dir.resolve("no-such-folder/venice.key");

    assertThatThrownBy(() -> SecretSink.file(target).write(key()))
        .isInstanceOf(SinkException.class)
        .hasMessageContaining("does not exist")
        .hasMessageNotContaining(SECRET);
    assertThat(Files.exists(target.getParent())).isFalse();
  }

  /**
   * Proves preflight creates a real probe file rather than trusting permission bits: the folder is
   * unwritable for this process even when it runs as root (see {@link UnwritableFolder} for how it
   * is made), and preflight says so before anything is written.
   */
  @Test
  void preflight_unwritableFolder_failsBeforeAnyWrite(TestReporter reporter) throws Exception {
    try (UnwritableFolder ro = UnwritableFolder.create(dir)) {
      reporter.publishEntry("unwritable-folder", ro.how);
      Path target = ro.path.resolve("venice.key");
      SecretSink sink = SecretSink.file(target);

      assertThatThrownBy(sink::preflight)
          .as("unwritable via %s", ro.how)
          .isInstanceOf(SinkException.class)
          .hasMessageStartingWith("file:" + target + ": cannot create files in folder " + ro.path)
          .hasMessageEndingWith(": fix its permissions or choose another SecretSink");
      assertThat(Files.exists(target)).isFalse();

      // and write fails loudly too, never silently
      assertThatThrownBy(() -> sink.write(key()))
          .isInstanceOf(SinkException.class)
          .hasMessageNotContaining(SECRET);
    }
  }

  /**
   * /proc takes no regular files, not even from root: a second unwritable place, always there on
   * Linux.
   */
  @Test
  void preflight_procFolder_failsEvenForRoot() {
    Assumptions.assumeTrue(Files.isDirectory(Path.of("/proc/self")), "Linux /proc");

    assertThatThrownBy(() -> SecretSink.file(Path.of("/proc/venice.key")).preflight())
        .isInstanceOf(SinkException.class)
        .hasMessageStartingWith("file:/proc/venice.key: cannot create files in folder /proc (");
  }

  @Test
  void preflight_parentIsAFile_fails() throws Exception {
    Path file = Files.writeString(dir.resolve("plain"), "x");

    assertThatThrownBy(() -> SecretSink.file(file.resolve("venice.key")).preflight())
        .isInstanceOf(SinkException.class)
        .hasMessageEndingWith(file + " is not a folder: choose another SecretSink");
  }

  @Test
  void preflight_targetIsADirectory_fails() throws Exception {
    Path target = Files.createDirectory(dir.resolve("venice.key"));

    assertThatThrownBy(() -> SecretSink.file(target).preflight())
        .isInstanceOf(SinkException.class)
        .hasMessageEndingWith(
            target + " exists and is not a regular file: choose another SecretSink");
  }

  @Test
  void fileSink_targetIsSymlink_refusedAndLinkTargetUntouched() throws Exception {
    Path real = Files.writeString(dir.resolve("real.key"), "keep me\n");
    Path link = Files.createSymbolicLink(dir.resolve("venice.key"), real);
    SecretSink sink = SecretSink.file(link);

    assertThatThrownBy(sink::preflight)
        .isInstanceOf(SinkException.class)
        .hasMessageContaining("is a symbolic link");
    assertThatThrownBy(() -> sink.write(key()))
        .isInstanceOf(SinkException.class)
        .hasMessageContaining("is a symbolic link")
        .hasMessageNotContaining(SECRET);
    assertThat(Files.isSymbolicLink(link)).isTrue();
    assertThat(Files.readString(real)).isEqualTo("keep me\n");
    assertThat(listNames()).containsExactlyInAnyOrder("real.key", "venice.key");
  }

  @Test
  void fileSink_concurrentWrites_endWithOneWholeSecret() throws Exception {
    Path target = dir.resolve("venice.key");
    SecretSink sink = SecretSink.file(target);
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      String secret = "vk_thread-" + i;
      threads.add(new Thread(() -> sink.write(key(secret))));
    }
    threads.forEach(Thread::start);
    for (Thread t : threads) {
      t.join();
    }

    assertThat(Files.readString(target)).matches("vk_thread-[0-7]\n");
    assertThat(listNames()).containsExactly("venice.key", "venice.key.meta.json");
  }

  private List<String> listNames() throws Exception {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  private static void runUnderUmask(String umask, Path target, String kind) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process p =
        new ProcessBuilder(
                "sh",
                "-c",
                "umask " + umask + " && exec \"$0\" -cp \"$1\" \"$2\" \"$3\" \"$4\"",
                java,
                System.getProperty("java.class.path"),
                UmaskProbeMain.class.getName(),
                target.toString(),
                kind)
            .redirectErrorStream(true)
            .start();
    String output = new String(p.getInputStream().readAllBytes(), UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("child finished").isTrue();
    assertThat(p.exitValue()).as("child exit; output: %s", output).isZero();
  }
}
