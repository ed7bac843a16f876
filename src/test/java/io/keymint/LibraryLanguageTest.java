package io.keymint;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The library speaks the library's language: no string literal outside the CLI names a command-line
 * option ({@code --sink}, {@code --max-wait}); an embedding program has no flags. Messages name a
 * {@link Setting} instead, which the CLI rewords.
 */
class LibraryLanguageTest {
  private static final Path MAIN = Path.of("src/main/java/io/keymint");
  private static final Pattern LITERAL = Pattern.compile("\"((?:[^\"\\\\\\n]|\\\\.)*)\"");
  private static final Pattern FLAG = Pattern.compile("(^|[^-\\w])--[a-z][a-z-]*");

  @Test
  void libraryStringLiterals_nameNoCliOption() throws IOException {
    List<String> found = new ArrayList<>();
    int files = 0;
    try (Stream<Path> all = Files.walk(MAIN)) {
      for (Path file : (Iterable<Path>) all::iterator) {
        if (!file.toString().endsWith(".java") || file.startsWith(MAIN.resolve("cli"))) {
          continue;
        }
        files++;
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        for (int i = 0; i < lines.size(); i++) {
          String line = lines.get(i).strip();
          if (line.startsWith("*") || line.startsWith("//") || line.startsWith("/*")) {
            continue;
          }
          Matcher m = LITERAL.matcher(line);
          while (m.find()) {
            if (namesOurOption(m.group(1))) {
              found.add(file + ":" + (i + 1) + ": " + m.group());
            }
          }
        }
      }
    }
    assertThat(files).as("library sources scanned").isGreaterThan(50);
    assertThat(found).isEmpty();
  }

  /**
   * Other programs' options a message may quote: the AWS CLI's (how to create a KMS key), the JVM's
   * and SunPKCS11's configuration syntax. Not keymint options, so not the CLI's to reword.
   */
  private static final java.util.Set<String> FOREIGN =
      java.util.Set.of("--key-spec", "--key-usage", "--add-exports", "--name");

  private static boolean namesOurOption(String literal) {
    Matcher f = FLAG.matcher(literal);
    while (f.find()) {
      String flag = f.group().replaceFirst("^[^-]", "");
      if (!FOREIGN.contains(flag)) {
        return true;
      }
    }
    return false;
  }

  @Test
  void flagPattern_catchesAFlagInALiteral() {
    Matcher m = LITERAL.matcher("throw new X(\"raise --max-wait, or wait\");");
    assertThat(m.find()).isTrue();
    assertThat(FLAG.matcher(m.group(1)).find()).isTrue();
    assertThat(FLAG.matcher("a -- b and x--y").find()).isFalse();
    assertThat(namesOurOption("create it with --key-spec ECC_SECG_P256K1")).isFalse();
    assertThat(namesOurOption("--name=keymint-")).isFalse();
    assertThat(namesOurOption("check --pkcs11-module")).isTrue();
  }

  @Test
  void settingNames_areJavaNamesNotOptions() {
    for (Setting s : Setting.values()) {
      assertThat(s.apiName()).doesNotContain("--").isNotBlank();
    }
  }
}
